"""Dates in news text, explicit or relative, resolved against the publication date.

Each expression is resolved to the span of days it can mean ("earlier in the week" of Friday 15
September 2023 is Monday 11 to Thursday 14), then to the finest ``PartialDate`` covering that whole
span: the day, the month or the year. A date is never more precise than its words.
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

_PATTERNS = [
    ("iso", rf"\b{_YEAR}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b"),
    ("day_month_year", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+{_YEAR}\b"),
    ("month_day_year", rf"\b{_MONTH}\.?\s+{_DAY},?\s+{_YEAR}\b"),
    ("month_day", rf"\b{_MONTH}\.?\s+{_DAY}\b(?!\s*(?:,\s*)?\d)"),
    ("day_month", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\.?,?\s+\d)"),
    ("month_year", rf"\b{_MONTH}\.?,?\s+(?:of\s+)?{_YEAR}\b"),
    (
        "month_alone",
        rf"\b(?:in|since|during|until|by|early|late|mid-?|last|next|this)\s+{_MONTH}\b(?!\.?\s*\d)",
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
_FULL_DATE = (
    r"(?:[0-3]?\d(?:st|nd|rd|th)?\s+" + _MONTH.replace("(?P<month>", "(?:") + r"\.?,?\s+(?:19|20)\d{2}"
    r"|" + _MONTH.replace("(?P<month>", "(?:") + r"\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}"
    r"|(?:19|20)\d{2}-[01]\d-[0-3]\d)"
)
# "Beijing, 25 May 2024 (TDI): …", "BEIJING, Sept. 16, 2023 (Xinhua) -- …"
_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Za-z .'’-]{1,40},\s*)?(?P<date>" + _FULL_DATE + r")"
    r"\s*(?:\([^)\n]{1,40}\))?\s*(?::|--|—|–|-)\s*",
    re.MULTILINE,
)
# "HANOI, Dec. 13 (Xinhua) -- …", "XI'AN, China -- …": a dateline without its year, or without a date.
_SHORT_DATELINE = re.compile(
    r"^[ \t]*(?P<city>[A-Z][A-Za-z .'’-]{1,40}),\s*(?:(?P<date>"
    + _MONTH.replace("(?P<month>", "(?:")
    + r"\.?\s+[0-3]?\d)|[A-Z][a-z]+)\s*(?:\([^)\n]{1,40}\))?\s*(?:--|—|–|\s-)\s+",
    re.MULTILINE,
)
# "Published: 25 May 2024", "Updated on May 25, 2024"
_PUBLISHED_LINE = re.compile(
    r"^[ \t]*(?:Published|Posted|Updated|Date)\b[^\n\d]{0,20}(?P<date>" + _FULL_DATE + r")",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression in text; ``date`` is None when it is relative and no publication date is known."""

    start: int
    end: int
    text: str
    date: PartialDate | None
    relative: bool


def partial_date_covering(first: dt.date, last: dt.date) -> PartialDate | None:
    """The finest partial date that covers every day from ``first`` to ``last``."""
    if first == last:
        return PartialDate(first, Precision.DAY)
    if (first.year, first.month) == (last.year, last.month):
        return PartialDate(first.replace(day=1), Precision.MONTH)
    if first.year == last.year:
        return PartialDate(first.replace(month=1, day=1), Precision.YEAR)
    return None


def find_dates(
    text: str, *, published: dt.date | None, start: int = 0, end: int | None = None, future: bool = False
) -> list[DateMention]:
    """Every date expression in ``text[start:end]``, resolved against ``published`` where relative.

    ``future``: the sentence speaks of what is to come ("is due to meet … on Saturday"), so a bare
    weekday is the next one rather than the last.
    """
    end = len(text) if end is None else end
    found = []
    for match in _DATES.finditer(text, start, end):
        kind = match.lastgroup
        prefix = kind + "__"
        groups = {
            key[len(prefix) :]: value for key, value in match.groupdict().items() if key.startswith(prefix)
        }
        try:
            date, relative = _resolve(kind, groups, published, text[match.start() : match.end()], future)
        except ValueError:
            continue  # "February 30": not a date
        found.append(DateMention(match.start(), match.end(), match.group(0), date, relative))
    return found


def find_dateline(text: str, published: dt.date | None = None) -> tuple[dt.date | None, int, int] | None:
    """The dateline at the head of the article ("Beijing, 25 May 2024 (TDI): …", "HANOI, Dec. 13
    (Xinhua) -- …", "Published: 2024-05-25") with its span; its date is None when it gives no year
    and ``published`` is unknown. None when there is no dateline."""
    head = text[:600]
    for pattern in (_DATELINE, _PUBLISHED_LINE):
        match = pattern.search(head)
        dates = find_dates(match.group("date"), published=None) if match else []
        if dates and dates[0].date is not None:
            return dates[0].date.date, match.start(), match.end()
    match = _SHORT_DATELINE.search(head)
    if match:
        dates = find_dates(match.group("date") or "", published=published)
        date = dates[0].date.date if dates and dates[0].date else None
        return date, match.start(), match.end()
    return None


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text.lower()]


def _nearest_year(month: int, day: int, published: dt.date) -> dt.date:
    """A day named without its year: the one nearest the publication date."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not options:
        raise ValueError("no such day")
    return min(options, key=lambda date: abs((date - published).days))


def _monday(date: dt.date) -> dt.date:
    return date - dt.timedelta(days=date.weekday())


def _add_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _resolve(
    kind: str, g: dict, published: dt.date | None, text: str, future: bool = False
) -> tuple[PartialDate | None, bool]:
    if kind == "iso":
        return PartialDate(dt.date(int(g["year"]), int(g["mm"]), int(g["dd"])), Precision.DAY), False
    if kind in ("day_month_year", "month_day_year"):
        return PartialDate(dt.date(int(g["year"]), _month(g["month"]), int(g["day"])), Precision.DAY), False
    if kind == "month_year":
        return PartialDate(dt.date(int(g["year"]), _month(g["month"]), 1), Precision.MONTH), False
    if kind == "year":
        return PartialDate(dt.date(int(g["year"]), 1, 1), Precision.YEAR), False
    if kind in ("month_day", "day_month"):
        if published is None:
            return None, True
        return PartialDate(_nearest_year(_month(g["month"]), int(g["day"]), published), Precision.DAY), True
    if published is None:
        return None, True
    if kind == "month_alone":
        month, word = _month(g["month"]), text.split()[0].lower()
        if word == "last":
            year = published.year if month < published.month else published.year - 1
        elif word == "next":
            year = published.year if month > published.month else published.year + 1
        elif word == "this":
            year = published.year
        else:  # "in March": the March nearest the publication date
            here = published.year * 12 + published.month
            year = min(
                (published.year - 1, published.year, published.year + 1),
                key=lambda y: abs(y * 12 + month - here),
            )
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
