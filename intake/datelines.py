"""Datelines: where and when a news item was filed ("BEIJING, Jan. 5 (Xinhua) -- …"), and date lines
("Published: 25 May 2024", "Tuesday, 6 January 2026") that date a text or a digest's item."""

import datetime as dt
import re

from intake.dates import _MONTH, find_dates

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
# "HANOI, Dec. 13 (Xinhua) -- …", "XI'AN, China -- …", "DAVOS, Switzerland, Jan. 21 (Xinhua) -- …": a
# dateline without its year, or without a date.
_SHORT_DATELINE = re.compile(
    r"^[ \t]*(?P<city>[A-Z][A-Za-z .'’-]{1,40}),\s*"
    r"(?:[A-Z][A-Za-z .'’-]{1,40},\s*(?=[A-Z][a-z]{2}))?(?:(?P<date>"
    + _MONTH.replace("(?P<month>", "(?:")
    + r"\.?\s+[0-3]?\d)|[A-Z][a-z]+)\s*(?:\([^)\n]{1,40}\))?\s*(?:--|—|–|\s-)\s+",
    re.MULTILINE,
)
# "Published: 25 May 2024", "Updated on May 25, 2024", "Updated / Monday, 5 Jan 2026 14:20"
_PUBLISHED_LINE = re.compile(
    r"^[ \t]*(?:Published|Posted|Updated|Date)\b[^\n\d]{0,20}(?P<date>" + _FULL_DATE + r")",
    re.MULTILINE | re.IGNORECASE,
)
# A short line that is a date with at most a place or an issue number: "Tuesday, 6 January 2026",
# "Islamabad, 6 January 2026", "No. 4 | 30 January 2026".
_DATE_LINE = re.compile(
    r"^[ \t]*(?:[^\n]{0,30}?(?:,|\||—|–|·)\s*)?(?:[A-Z][a-z]+day,?\s+)?(?P<date>" + _FULL_DATE + r")"
    r"(?:\s*(?:\||—|–|·)[^\n]{0,30})?[ \t]*$",
    re.MULTILINE,
)


def find_dateline(
    text: str, published: dt.date | None = None, start: int = 0, end: int | None = None
) -> tuple[dt.date | None, int, int] | None:
    """The dateline at the head of the article (or of ``text[start:end]``, a digest's item): "Beijing,
    25 May 2024 (TDI): …", "HANOI, Dec. 13 (Xinhua) -- …", "Published: 2024-05-25", a line holding only a
    date; with its span. Its date is None when it gives no year and ``published`` is unknown. None when
    there is no dateline."""
    end = len(text) if end is None else end
    head_end = min(end, start + 600)
    for pattern in (_DATELINE, _PUBLISHED_LINE, _DATE_LINE):
        match = pattern.search(text, start, head_end)
        dates = find_dates(match.group("date"), published=None) if match else []
        if dates and dates[0].date is not None:
            return dates[0].date.date, match.start(), match.end()
    match = _SHORT_DATELINE.search(text, start, head_end)
    if match:
        dates = find_dates(match.group("date") or "", published=published)
        date = dates[0].date.date if dates and dates[0].date else None
        return date, match.start(), match.end()
    return None
