"""What is being read: one item of a text, sentence by sentence, with what the reader has learned.

A ``Reading`` holds the item's sentences (their parties, officials and dates), the date its relative
dates are resolved against, the parties it names most, and — updated as the reader moves on — the pair
it is talking about ("the two sides") and the last official named ("He also met …"). The level and
meeting rules take a reading and a sentence instead of threading these through every call.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from intake.dates import DateMention, find_dates
from intake.items import Item, split_items
from intake.modality import speaks_of_future, speaks_of_past
from intake.people import PeopleFinder, Person
from intake.sentences import split_sentences
from intake.vocabulary import CAPITAL, NAME, Mention, Vocabulary

HEADLINE, BODY, FOLDED = "headline", "body", "folded"

_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|near|visiting|visited|visit)\s+(?:the\s+)?$", re.I)
# "in Busan, South Korea": the country after a city is where, not who.
_CITY_BEFORE = re.compile(r"\b(?:in|at|to|from|near)\s+(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+,\s+$")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whose|which|where|when)\b[^,;]*", re.I)


@dataclass
class Sentence:
    start: int
    end: int
    role: str
    mentions: list[Mention]
    people: list[Person]
    dates: list[DateMention]

    def parties(self, start: int | None = None, end: int | None = None) -> list[str]:
        """Parties named in the sentence (or part of it), in order, places of meetings left out."""
        start = self.start if start is None else start
        end = self.end if end is None else end
        codes = []
        for mention in self.mentions:
            inside = start <= mention.start and mention.end <= end
            if inside and not mention.is_place and mention.code not in codes:
                codes.append(mention.code)
        return codes

    @property
    def places(self) -> list[Mention]:
        return [mention for mention in self.mentions if mention.is_place]


@dataclass
class Reading:
    """One item being read (see the module docstring)."""

    text: str
    vocabulary: Vocabulary
    item: Item
    published: dt.date | None
    sentences: list[Sentence] = field(default_factory=list)
    dominant: list[str] = field(default_factory=list)
    context_pair: tuple[str, str] | None = None
    last_person: Person | None = None

    def words(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def usable_dates(self, sentence: Sentence, start: int) -> list[DateMention]:
        """The sentence's dates, less those in a relative clause the claim at ``start`` is not part of
        ("Xi met Abiy, whose country established a partnership last year")."""
        clauses = [
            match.span() for match in _RELATIVE_CLAUSE.finditer(self.text, sentence.start, sentence.end)
        ]
        usable = []
        for date in sentence.dates:
            clause = next(((first, last) for first, last in clauses if first <= date.start < last), None)
            if clause is None or clause[0] <= start < clause[1]:
                usable.append(date)
        return usable

    def nearest_date(self, sentence: Sentence, start: int, end: int, dates=None) -> DateMention | None:
        """The usable date nearest the words ``text[start:end]`` (or the nearest of ``dates``)."""
        dates = self.usable_dates(sentence, start) if dates is None else dates
        return min(dates, key=lambda date: _distance(date, start, end), default=None)

    def moved_past(self, sentence: Sentence, level_pairs: list[tuple[str, ...]]) -> None:
        """What the sentence just read tells about the next ones: the pair talked about, the last official."""
        parties = sentence.parties()
        if level_pairs:
            self.context_pair = tuple(level_pairs[-1])
        elif len(parties) == 2:
            self.context_pair = (parties[0], parties[1])
        named = [person for person in sentence.people if person.code]
        if named:
            self.last_person = named[0]


def _distance(date: DateMention, start: int, end: int) -> int:
    if date.start >= end:
        return date.start - end
    if date.end <= start:
        return start - date.end
    return 0


def readings(text: str, vocabulary: Vocabulary, published: dt.date | None) -> Iterator[Reading]:
    """The items of ``text``, each read into sentences, in text order."""
    people = PeopleFinder(vocabulary)
    for item in split_items(text, published):
        yield _read_item(text, vocabulary, item, people)


def _read_item(text: str, vocabulary: Vocabulary, item: Item, people: PeopleFinder) -> Reading:
    reading = Reading(text, vocabulary, item, item.date)
    city = _city_mention(vocabulary, item)
    skipped = [*item.folded, *([item.dateline] if item.dateline else [])]
    # Only an item nothing dates needs the years it states.
    hints = _stated_years(text, item) if reading.published is None else []
    counts: Counter = Counter()
    first_body = True
    for start, end in _sentence_spans(text, item):
        for skip_start, skip_end in skipped:
            if skip_start <= start < skip_end:
                start = skip_end  # the dateline is not part of the first sentence's claim
        if end <= start or not text[start:end].strip():
            continue
        role = HEADLINE if item.headline and item.headline[0] <= start < item.headline[1] else BODY
        mentions = [_mark_place(text, mention) for mention in vocabulary.mentions(text, start, end)]
        if city is not None and role == BODY and first_body:
            mentions.append(city)  # the dateline's city, where the first sentence's meeting happened
        if role == BODY:
            first_body = False
        found = people.find(text, start, end, mentions)
        dates = find_dates(text, published=reading.published, start=start, end=end, year=_hint(hints, start))
        if any(date.relative for date in dates):
            # "on Friday", "on May 8": the tense tells which one (only worth reading when needed).
            words = text[start:end]
            dates = find_dates(
                text,
                published=reading.published,
                start=start,
                end=end,
                future=speaks_of_future(words),
                past=speaks_of_past(words),
                year=_hint(hints, start),
            )
        reading.sentences.append(Sentence(start, end, role, mentions, found, dates))
        counts.update(mention.code for mention in mentions if not mention.is_place)
    reading.dominant = [code for code, _ in counts.most_common()]
    return reading


def _sentence_spans(text: str, item: Item) -> list[tuple[int, int]]:
    folded = set(item.folded)
    spans = []
    for start, end in split_sentences(text[item.start : item.end]):
        start, end = start + item.start, end + item.start
        if not any(first <= start < last for first, last in folded):
            spans.append((start, end))
    return spans


def _city_mention(vocabulary: Vocabulary, item: Item) -> Mention | None:
    if not item.city or item.dateline is None:
        return None
    code = vocabulary.party_for(item.city) or vocabulary.party_for(item.city.title())
    if not code:
        return None
    start = item.dateline[0]
    return Mention(start, start + len(item.city), code, item.city.title(), CAPITAL, True)


def _mark_place(text: str, mention: Mention) -> Mention:
    """A capital after "in"/"at"/"to" is where something happens, not a party to it; so is the country
    after a city ("in Busan, South Korea")."""
    if mention.kind == CAPITAL and _PLACE_BEFORE.search(text, max(0, mention.start - 12), mention.start):
        return replace(mention, is_place=True)
    if mention.kind == NAME and _CITY_BEFORE.search(text, max(0, mention.start - 40), mention.start):
        return replace(mention, is_place=True)
    return mention


def _stated_years(text: str, item: Item) -> list[tuple[int, int]]:
    """(offset, year) of every year the item states outright, for days named without their year when
    nothing else dates them; "since 2013" states none."""
    years = []
    for date in find_dates(text, published=None, start=item.start, end=item.end):
        if date.date is not None and not date.relative and not date.bounds_a_period:
            years.append((date.start, date.date.date.year))
    return years


def _hint(years: list[tuple[int, int]], position: int) -> int | None:
    """The year stated last before ``position`` in the item, else the first one after it."""
    before = [year for start, year in years if start <= position]
    return before[-1] if before else (years[0][1] if years else None)
