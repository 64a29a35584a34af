"""A text cut into the news items it holds: one for an article, several for a digest.

A digest strings short items together, each with a headline, often a dateline ("BEIJING, Jan. 5
(Xinhua) -- …") or a date line, a body and a "Continue reading <headline>" line; it may open with its
own date and a table of contents repeating the headlines. Each item is read on its own: "the two sides"
and "on Monday" mean the parties and the date of *that* item. Lines that only repeat a headline (the
"Continue reading" line, the table of contents) are folded into the item they announce.

A text with no "Continue reading" line and at most one dateline is one item, the whole text.
"""

import datetime as dt
import re
from dataclasses import dataclass

from intake.datelines import find_dateline

_CONTINUE = re.compile(
    r"^[ \t]*(?:Continue reading|Read more|Read the full (?:story|article)|Full story)\b[:\s]*"
    r"(?P<title>[^\n]*?)[ \t»›→…]*$",
    re.MULTILINE | re.IGNORECASE,
)
_LINE = re.compile(r"[^\n]+")
_NOT_WORD = re.compile(r"\W+")
_BULLET = re.compile(r"^[\s\-–•*·>]*(?:\d+[.)]\s+)?")
# A dateline ends with a separator; a line holding only a date does not name where the item was filed.
_DATELINE_END = re.compile(r"(?:--|—|–|-|:)\s*$")
_HEADLINE_MAX = 200


@dataclass(frozen=True)
class Item:
    """One news item of a text, by character offsets.

    ``headline`` spans the headline line, ``dateline`` the dateline or date line (a prefix of the first
    body line, or a line of its own); ``folded`` the lines elsewhere that repeat the headline. ``date``
    is the item's own date (its dateline's), else the digest's or the publication date; ``city`` the
    dateline's place ("BEIJING"), empty when the item has none.
    """

    start: int
    end: int
    headline: tuple[int, int] | None = None
    dateline: tuple[int, int] | None = None
    folded: tuple[tuple[int, int], ...] = ()
    date: dt.date | None = None
    city: str = ""

    @property
    def body_start(self) -> int:
        ends = [span[1] for span in (self.headline, self.dateline) if span]
        return max(ends, default=self.start)


def _key(text: str) -> str:
    return _NOT_WORD.sub(" ", _BULLET.sub("", text)).strip().lower()


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [
        match.span()
        for match in _LINE.finditer(text, start, end)
        if text[match.start() : match.end()].strip()
    ]


def _looks_like_headline(text: str, span: tuple[int, int]) -> bool:
    line = text[span[0] : span[1]].strip()
    return 0 < len(line) <= _HEADLINE_MAX and not line.endswith((".", ":", ",", ";"))


def split_items(text: str, published: dt.date | None = None) -> list[Item]:
    """The items of ``text``, in order; ``published`` is the text's publication date if known."""
    continues = list(_CONTINUE.finditer(text))
    if continues:
        return _digest(text, continues, published)
    datelines = _dateline_starts(text)
    if len(datelines) >= 2:
        return _digest_by_datelines(text, datelines, published)
    return [_article(text, published)]


def _article(text: str, published: dt.date | None) -> Item:
    """A single article: its first line is its headline when it looks like one; a dateline near its
    head dates it unless the publication date is given."""
    lines = _lines(text, 0, len(text))
    headline = lines[0] if lines and _looks_like_headline(text, lines[0]) else None
    found = find_dateline(text, published)
    dateline = (found[1], found[2]) if found else None
    if headline and dateline and dateline[0] < headline[1]:
        headline = None  # the first line is the dateline itself
    date = published if published is not None else (found[0] if found else None)
    return Item(0, len(text), headline, dateline, (), date, _city(text, dateline))


def _city(text: str, dateline: tuple[int, int] | None) -> str:
    if dateline is None:
        return ""
    words = text[dateline[0] : dateline[1]]
    if "," not in words or not _DATELINE_END.search(words):
        return ""
    return words.split(",")[0].strip()


def _item(text, start, end, headline, published, folded=()) -> Item:
    """An item of a digest: dated by its own dateline (its year, if missing, from ``published``)."""
    after = headline[1] if headline else start
    # Only a dateline on the body's first line counts: a date further down belongs to the story.
    first = next(iter(_lines(text, after, end)), None)
    found = find_dateline(text, published, after, first[1]) if first else None
    dateline = (found[1], found[2]) if found else None
    date = found[0] if found and found[0] else published
    return Item(start, end, headline, dateline, tuple(folded), date, _city(text, dateline))


def _digest(text: str, continues: list[re.Match], published: dt.date | None) -> list[Item]:
    blocks, start = [], 0
    for match in continues:
        blocks.append((start, match.start(), match))
        start = match.end()
    trailing = (start, len(text)) if text[start:].strip() else None

    # Each block's headline: the line its "Continue reading" line repeats, else its first line.
    heads = []
    for block_start, block_end, match in blocks:
        lines = _lines(text, block_start, block_end)
        wanted = _key(match.group("title"))
        # The last such line: a table of contents may repeat the headline above it.
        repeats = [line for line in lines if wanted and _key(text[line[0] : line[1]]) == wanted]
        headline = repeats[-1] if repeats else None
        if headline is None and lines and _looks_like_headline(text, lines[0]):
            headline = lines[0]
        heads.append(headline)

    # What stands before the first headline is the digest's own: its date, a table of contents.
    first_start = heads[0][0] if heads[0] else blocks[0][0]
    preamble = (0, first_start)
    own = find_dateline(text, published, 0, first_start) if first_start else None
    digest_date = own[0] if own and own[0] else published
    by_key = {_key(text[head[0] : head[1]]): index for index, head in enumerate(heads) if head}
    folded: dict[int, list] = {index: [] for index in range(len(blocks))}
    for line in _lines(text, *preamble):
        index = by_key.get(_key(text[line[0] : line[1]]))
        if index is not None:
            folded[index].append(line)

    items = []
    if preamble[1] > preamble[0] and text[preamble[0] : preamble[1]].strip():
        date_span = (own[1], own[2]) if own else None
        items.append(
            Item(preamble[0], preamble[1], None, date_span, tuple(folded_lines(folded)), digest_date)
        )
    for index, (block_start, block_end, match) in enumerate(blocks):
        head = heads[index]
        item_start = head[0] if head and index == 0 else block_start
        continue_line = (match.start(), match.end())
        items.append(_item(text, item_start, block_end, head, digest_date, [*folded[index], continue_line]))
    if trailing:
        items.append(_item(text, *trailing, None, digest_date))
    return items


def folded_lines(folded: dict[int, list]) -> list[tuple[int, int]]:
    """Every line of the preamble that repeats a headline (they are read with their items)."""
    return [line for lines in folded.values() for line in lines]


def _dateline_starts(text: str) -> list[int]:
    """Offsets of the lines that open with a dateline ("BEIJING, Jan. 5 (Xinhua) --")."""
    starts = []
    for start, end in _lines(text, 0, len(text)):
        found = find_dateline(text, None, start, end)
        if found and found[1] == start and _city(text, (found[1], found[2])):
            starts.append(start)
    return starts


def _digest_by_datelines(text: str, starts: list[int], published: dt.date | None) -> list[Item]:
    """A digest without "Continue reading" lines: an item per dateline, with the line before it as its
    headline when that looks like one."""
    items, previous_end = [], 0
    bounds = []
    for start in starts:
        lines = _lines(text, previous_end, start)
        headline = lines[-1] if lines and _looks_like_headline(text, lines[-1]) else None
        bounds.append((headline[0] if headline else start, headline))
        previous_end = start
    if bounds[0][0] > 0 and text[: bounds[0][0]].strip():
        own = find_dateline(text, published, 0, bounds[0][0])
        published = own[0] if own and own[0] else published
        items.append(Item(0, bounds[0][0], None, (own[1], own[2]) if own else None, (), published))
    for index, (item_start, headline) in enumerate(bounds):
        item_end = bounds[index + 1][0] if index + 1 < len(bounds) else len(text)
        items.append(_item(text, item_start, item_end, headline, published))
    return items
