"""Dates in news text, explicit or relative, resolved against the publication date.

Each expression is resolved to the span of days it can mean ("earlier in the week" of Friday 15
September 2023 is Monday 11 to Thursday 14), then to the finest ``PartialDate`` covering that whole
span: the day, the month or the year. A date is never more precise than its words.

A range of days ("January 3-5, 2026", "from Jan. 14 to 17", "30 October to 1 November") keeps both
ends: its first day at day precision and its ``last`` day. A day or month named without its year takes
the year the same sentence states ("in January" after "Last year"), else the one that fits the
publication date and the tense (what happened lies before it, what is planned after), else the year
the surrounding paragraph states; without any of these it stays unresolved.
"""

import datetime as dt
import re
from dataclasses import dataclass

from core.partial_dates import PartialDate, Precision

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Month names are capitalised in news text; the lower-case "may" and "march" are verbs.
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|Sept|Sep|Jan|Feb|Aug|Oct|Nov|Dec)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_NUMBER = r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_MONTH2 = _MONTH.replace("(?P<month>", "(?P<month2>")
_DAY2 = _DAY.replace("(?P<day>", "(?P<day2>")
_YEAR0 = _YEAR.replace("(?P<year>", "(?P<year0>")
_TO = r"\s*(?:-|–|—|to|through|until|till)\s*"

_PATTERNS = [
    ("iso", rf"\b{_YEAR}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b"),
    # Ranges before single days: "January 30 to February 2, 2026", "3-5 January 2026", "Jan. 4 to 7".
    (
        "month_day_to_month_day",
        rf"\b{_MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR0})?{_TO}{_MONTH2}\.?\s+{_DAY2}\b(?:,?\s+{_YEAR}\b)?",
    ),
    ("day_month_to_day_month", rf"\b{_DAY}\s+{_MONTH}\.?{_TO}{_DAY2}\s+{_MONTH2}\b\.?(?:,?\s+{_YEAR}\b)?"),
    (
        "month_days",
        rf"\b{_MONTH}\.?\s+{_DAY}{_TO}{_DAY2}\b(?!\s*(?:[:.]\d|p\.?m|a\.?m|percent|%))(?:,?\s+{_YEAR}\b)?",
    ),
    ("between_month_days", rf"\bbetween\s+{_MONTH}\.?\s+{_DAY}\s+and\s+{_DAY2}\b(?:,?\s+{_YEAR}\b)?"),
    ("days_month", rf"\b{_DAY}{_TO}{_DAY2}\s+{_MONTH}\b\.?(?:,?\s+{_YEAR}\b)?"),
    ("day_month_year", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+{_YEAR}\b"),
    ("month_day_year", rf"\b{_MONTH}\.?\s+{_DAY},?\s+{_YEAR}\b"),
    ("month_day", rf"\b{_MONTH}\.?\s+{_DAY}\b(?!\s*(?:,\s*)?\d)"),
    ("day_month", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\.?,?\s+\d)"),
    ("month_year", rf"\b{_MONTH}\.?,?\s+(?:of\s+)?{_YEAR}\b"),
    (
        "month_alone",
        r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Nn]ext|[Tt]his)"
        rf"\s+{_MONTH}\b(?!\.?\s*\d)",
    ),
    (
        "year",
        rf"\b(?:[Ii]n|[Ss]ince|[Ff]rom|[Dd]uring|[Bb]y|[Uu]ntil|[Tt]hrough|[Oo]f)\s+"
        rf"(?:(?:early|late|mid)[- ])?{_YEAR}\b(?![-/]\d)",
    ),
    (
        "today",
        r"\b(?:[Tt]oday|[Tt]his (?:morning|afternoon|evening)|[Tt]onight"
        r"|[Ee]arlier (?:in the day|today)|[Ll]ater (?:in the day|today))\b",
    ),
    ("yesterday", r"\b[Yy]esterday\b"),
    ("tomorrow", r"\b[Tt]omorrow\b"),
    ("earlier_week", r"\b[Ee]arlier (?:in the|this) week\b"),
    ("this_week", r"\b[Tt]his (?:past )?week\b"),
    ("last_week", r"\b[Ll]ast week\b"),
    ("next_week", r"\b[Nn]ext week\b"),
    ("this_month", r"\b(?:[Ee]arlier |[Ll]ater )?this month\b"),
    ("last_month", r"\b[Ll]ast month\b"),
    ("next_month", r"\b[Nn]ext month\b"),
    ("this_year", r"\b(?:[Ee]arlier |[Ll]ater )?this year\b"),
    ("last_year", r"\b[Ll]ast year\b"),
    ("next_year", r"\b[Nn]ext year\b"),
    ("ago", rf"\b{_NUMBER}\s+(?P<unit>days?|weeks?|months?|years?)\s+(?:ago|earlier|before)\b"),
    ("comes_after", rf"\b(?:comes?|came|coming)\s+{_NUMBER}\s+(?P<unit>days?|weeks?)\s+after\b"),
    ("weekday", rf"\b(?P<rel>(?:[Ll]ast|[Nn]ext|[Tt]his(?: past| coming)?|[Oo]n)\s+)?{_WEEKDAY}\b"),
]
# One expression for all; each pattern's groups are renamed ``kind__group`` to keep them apart.
_DATES = re.compile(
    "|".join(f"(?P<{name}>{pattern.replace('(?P<', f'(?P<{name}__')})" for name, pattern in _PATTERNS)
)
# The groups of each kind of expression: (name in _DATES, name in its pattern).
_GROUPS = {
    name: [(full, full.split("__", 1)[1]) for full in _DATES.groupindex if full.startswith(name + "__")]
    for name, _ in _PATTERNS
}
# Where a date expression can start: every pattern above opens with one of these words or a digit.
# Trying the whole alternation only there is several times faster than letting the engine try it at
# every position.
_START = re.compile(
    r"\b(?=[0-9]|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y"
    r"|[Ee]arly|[Ll]ate|[Mm]id|[Ll]ast|[Nn]ext|[Tt]his|[Ff]rom|[Tt]hrough|[Oo]f|[Oo]n|[Bb]etween|[Tt]oday"
    r"|[Tt]onight|[Ee]arlier|[Ll]ater|[Yy]esterday|[Tt]omorrow|an?|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve|[Cc]om(?:es?|ing)|[Cc]ame|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday))"
)


def _scan(text: str, start: int, end: int):
    """``_DATES.finditer(text, start, end)``, tried only where an expression can start."""
    position = start
    while True:
        hint = _START.search(text, position, end)
        if hint is None:
            return
        match = _DATES.match(text, hint.start(), end)
        if match:
            yield match
            position = max(match.end(), hint.start() + 1)
        else:
            position = hint.start() + 1


# Expressions that bound a period rather than date an event ("since 2019", "by March").
_BOUND = re.compile(r"^(?:since|until|till|by|through)\b", re.IGNORECASE)
_RANGES = {
    "month_days",
    "between_month_days",
    "days_month",
    "month_day_to_month_day",
    "day_month_to_day_month",
}
# Reports may name the next day as "today" across time zones: a past event up to two days after the
# publication date, or a planned one up to two days before it, is taken as such.
_SLACK = dt.timedelta(days=2)


@dataclass(frozen=True)
class DateMention:
    """A date expression in text; ``date`` is None when it is relative and no publication date is known.

    ``last`` is the last day of a range of days ("January 3-5, 2026"), whose ``date`` is its first day.
    """

    start: int
    end: int
    text: str
    date: PartialDate | None
    relative: bool
    last: dt.date | None = None

    @property
    def bounds_a_period(self) -> bool:
        """ "since 2019", "until March": the edge of a period, never the date of an event."""
        return bool(_BOUND.match(self.text))

    @property
    def covering(self) -> PartialDate | None:
        """The date as one partial date: a range becomes the finest period covering it."""
        if self.date is None or self.last is None:
            return self.date
        return partial_date_covering(self.date.date, self.last)


def partial_date_covering(first: dt.date, last: dt.date) -> PartialDate | None:
    """The finest partial date that covers every day from ``first`` to ``last``."""
    if first == last:
        return PartialDate(first, Precision.DAY)
    if (first.year, first.month) == (last.year, last.month):
        return PartialDate(first.replace(day=1), Precision.MONTH)
    if first.year == last.year:
        return PartialDate(first.replace(month=1, day=1), Precision.YEAR)
    return None


@dataclass(frozen=True)
class _Anchor:
    """What a yearless or relative expression is resolved against."""

    published: dt.date | None
    future: bool = False
    past: bool = False
    stated_year: int | None = None  # the one year the sentence states
    hint_year: int | None = None  # the year of the paragraph, used only without a publication date


def find_dates(
    text: str,
    *,
    published: dt.date | None,
    start: int = 0,
    end: int | None = None,
    future: bool = False,
    past: bool = False,
    year: int | None = None,
) -> list[DateMention]:
    """Every date expression in ``text[start:end]``, resolved against ``published`` where relative.

    ``future``: the sentence speaks of what is to come ("is due to meet … on Saturday"), so a bare
    weekday is the next one rather than the last, and a day named without its year is not in the past;
    ``past``: it reports what happened, so such a day is not in the future. ``year``: the year the
    paragraph states, for days named without their year when ``published`` is unknown.
    """
    end = len(text) if end is None else end
    matches = []
    for match in _scan(text, start, end):
        kind = match.lastgroup
        groups = {short: match.group(full) for full, short in _GROUPS[kind]}
        matches.append((match, kind, groups))
    anchor = _Anchor(published, future, past, _stated_year(matches, published), year)
    found = []
    for match, kind, groups in matches:
        try:
            date, last, relative = _resolve(kind, groups, anchor, match.group(0))
        except ValueError:
            continue  # "February 30": not a date
        found.append(DateMention(match.start(), match.end(), match.group(0), date, relative, last))
    return found


def _stated_year(matches, published: dt.date | None) -> int | None:
    """The one year a sentence states ("in 2025", "last year", "May 8, 2025"), None if none or several."""
    years = set()
    for match, kind, groups in matches:
        if _BOUND.match(match.group(0)):
            continue
        if groups.get("year"):
            years.add(int(groups["year"]))
        elif published is not None and kind in ("this_year", "last_year", "next_year"):
            years.add(published.year + {"this_year": 0, "last_year": -1, "next_year": 1}[kind])
    return years.pop() if len(years) == 1 else None


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text.lower()]


def _year_for(month: int, day: int, anchor: _Anchor) -> int | None:
    """The year of a day named without it (see the module docstring); None when nothing tells."""
    if anchor.stated_year is not None:
        return anchor.stated_year
    published = anchor.published
    if published is None:
        return anchor.hint_year
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not options:
        raise ValueError("no such day")
    if anchor.future:
        later = [date for date in options if date >= published - _SLACK]
        return min(later).year if later else None
    if anchor.past:
        earlier = [date for date in options if date <= published + _SLACK]
        return max(earlier).year if earlier else None
    return min(options, key=lambda date: abs((date - published).days)).year


def _year_for_month(month: int, anchor: _Anchor) -> int:
    """The year of a month named without it, when the publication date is known."""
    published = anchor.published
    here = published.year * 12 + published.month
    options = (published.year - 1, published.year, published.year + 1)
    if anchor.future:
        return min(year for year in options if year * 12 + month >= here)
    if anchor.past:
        return max(year for year in options if year * 12 + month <= here)
    return min(options, key=lambda year: abs(year * 12 + month - here))


def _monday(date: dt.date) -> dt.date:
    return date - dt.timedelta(days=date.weekday())


def _add_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _range(g: dict, anchor: _Anchor) -> tuple[PartialDate | None, dt.date | None]:
    month = _month(g["month"])
    month2 = _month(g["month2"]) if g.get("month2") else month
    day, day2 = int(g["day"]), int(g["day2"])
    year = int(g["year"]) if g.get("year") else _year_for(month, day, anchor)
    if year is None:
        dt.date(2000, month, day)  # still refuse "February 30"
        return None, None
    # "December 30 to January 2, 2026": the year written is the last day's.
    first_year = year - 1 if g.get("year") and month2 < month else year
    if g.get("year0"):
        first_year = int(g["year0"])
    first = dt.date(first_year, month, day)
    last = dt.date(first_year + 1 if month2 < month else first_year, month2, day2)
    if last <= first:
        raise ValueError("a range ends after it starts")
    return PartialDate(first, Precision.DAY), last


def _resolve(
    kind: str, g: dict, anchor: _Anchor, text: str
) -> tuple[PartialDate | None, dt.date | None, bool]:
    if kind in _RANGES:
        date, last = _range(g, anchor)
        return date, last, not g.get("year")
    date, relative = _resolve_day(kind, g, anchor, text)
    return date, None, relative


def _resolve_day(kind: str, g: dict, anchor: _Anchor, text: str) -> tuple[PartialDate | None, bool]:
    published, future = anchor.published, anchor.future
    if kind == "iso":
        return PartialDate(dt.date(int(g["year"]), int(g["mm"]), int(g["dd"])), Precision.DAY), False
    if kind in ("day_month_year", "month_day_year"):
        return PartialDate(dt.date(int(g["year"]), _month(g["month"]), int(g["day"])), Precision.DAY), False
    if kind == "month_year":
        return PartialDate(dt.date(int(g["year"]), _month(g["month"]), 1), Precision.MONTH), False
    if kind == "year":
        return PartialDate(dt.date(int(g["year"]), 1, 1), Precision.YEAR), False
    if kind in ("month_day", "day_month"):
        month, day = _month(g["month"]), int(g["day"])
        year = _year_for(month, day, anchor)
        if year is None:
            dt.date(2000, month, day)  # still refuse "February 30"
            return None, True
        return PartialDate(dt.date(year, month, day), Precision.DAY), True
    if kind == "month_alone":
        month, word = _month(g["month"]), text.split()[0].lower()
        if word not in ("last", "next", "this") and (published is None or anchor.stated_year is not None):
            year = _year_for(month, 1, anchor)
            return (PartialDate(dt.date(year, month, 1), Precision.MONTH) if year else None), True
    if published is None:
        return None, True
    if kind == "month_alone":
        if word == "last":
            year = published.year if month < published.month else published.year - 1
        elif word == "next":
            year = published.year if month > published.month else published.year + 1
        elif word == "this":
            year = published.year
        else:  # "in March": the March that fits the tense, else the nearest
            year = _year_for_month(month, anchor)
        return PartialDate(dt.date(year, month, 1), Precision.MONTH), True
    day = dt.timedelta(days=1)
    spans = {
        "today": (published, published),
        "yesterday": (published - day, published - day),
        "tomorrow": (published + day, published + day),
        "earlier_week": (_monday(published), max(_monday(published), published - day)),
        "this_week": (_monday(published), _monday(published) + 6 * day),
        "last_week": (_monday(published) - 7 * day, _monday(published) - day),
        "next_week": (_monday(published) + 7 * day, _monday(published) + 13 * day),
    }
    if kind in spans:
        return partial_date_covering(*spans[kind]), True
    if kind in ("this_month", "last_month", "next_month"):
        shift = {"this_month": 0, "last_month": -1, "next_month": 1}[kind]
        return PartialDate(_add_months(published, shift), Precision.MONTH), True
    if kind in ("this_year", "last_year", "next_year"):
        shift = {"this_year": 0, "last_year": -1, "next_year": 1}[kind]
        return PartialDate(dt.date(published.year + shift, 1, 1), Precision.YEAR), True
    if kind in ("ago", "comes_after"):
        n, unit = _number(g["n"]), g["unit"].rstrip("s")
        if unit == "day":
            date = published - n * day
            return PartialDate(date, Precision.DAY), True
        if unit == "week":
            centre = published - 7 * n * day
            return partial_date_covering(centre - 3 * day, centre + 3 * day), True
        if unit == "month":
            return PartialDate(_add_months(published, -n), Precision.MONTH), True
        return PartialDate(dt.date(published.year - n, 1, 1), Precision.YEAR), True
    if kind == "weekday":
        target = _WEEKDAYS.index(g["weekday"].lower())
        rel = (g.get("rel") or "").strip().lower()
        if rel in ("next", "this coming") or (future and rel in ("", "on")):
            ahead = (target - published.weekday()) % 7 or 7
            return PartialDate(published + ahead * day, Precision.DAY), True
        back = (published.weekday() - target) % 7
        if rel == "last" and back == 0:
            back = 7
        # "On Friday" in a report published on a Friday is that day; otherwise the Friday just past.
        return PartialDate(published - back * day, Precision.DAY), True
    raise ValueError(kind)
