"""Article text → candidate claims, each tied to the sentence that states it.

Pure functions: a text, a ``Vocabulary`` and (optionally) the publication date in, candidates out; no
database, no network. Two kinds of candidate:

* **level**: two parties and a tier ("China and Zambia … elevated … to a comprehensive strategic
  cooperative partnership"), with the kind of statement (holds, established, upgraded, anniversary,
  aspiration) and its date;
* **meeting**: the parties, the officials with their titles, the mode (visit, talks, call, summit,
  strategic dialogue, sidelines), the date and the place.

The rules, in the order they are tried, are documented where they are applied. They are written for
news English in general; nothing in them names a sample article.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from core.partial_dates import PartialDate, Precision
from intake.dates import DateMention, find_dateline, find_dates
from intake.people import PeopleFinder, Person
from intake.sentences import split_sentences
from intake.tier_phrases import TierPhrase, find_tier_phrases
from intake.vocabulary import CAPITAL, PERSON, Mention, Vocabulary

LEVEL, MEETING = "level", "meeting"

HOLDS, ESTABLISHED, UPGRADED, ANNIVERSARY, ASPIRATION = (
    "holds",
    "established",
    "upgraded",
    "anniversary",
    "aspiration",
)

# Cues of what a sentence says about a level. The cue nearest before the wording decides (after it,
# if none precedes): "agreed to build a community …, on the basis of deepening their partnership".
_KINDS = [
    (ANNIVERSARY, re.compile(r"\banniversary\b", re.I)),
    (
        UPGRADED,
        re.compile(
            r"\b(?:elevat\w*|upgrad\w*|(?:lift|rais|promot|bump|boost)(?:s|ed|ing|e|es)?\b[^.;]{0,60}?\bto\s+(?:a|an|the)\b)",
            re.I,
        ),
    ),
    (
        ASPIRATION,
        re.compile(
            r"\b(?:(?:to|will|jointly|and|of)\s+build(?:ing)?|building|to\s+forge|strive\s+to\s+establish)\b",
            re.I,
        ),
    ),
    (ESTABLISHED, re.compile(r"\b(?:establish\w*|forg(?:e|ed|ing)|set\s+up|formed|inaugurat\w*)\b", re.I)),
    (
        HOLDS,
        re.compile(
            r"\b(?:deepen\w*|strengthen\w*|consolidat\w*|maintain\w*|enjoy\w*|valu(?:e|es|ed|ing)|"
            r"(?:have|has|had)\s+had|under\s+the\s+framework\s+of|currently)\b",
            re.I,
        ),
    ),
]
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "fifteenth": 15, "twentieth": 20, "twenty-fifth": 25, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "seventy-fifth": 75,
}  # fmt: skip
_ANNIVERSARY = re.compile(
    r"\b(?:(?P<n>\d{1,3})(?:st|nd|rd|th)|(?P<word>[a-z]+(?:-[a-z]+)?))\s+anniversary\b", re.I
)
_LABEL_NOUN = re.compile(r"\s+(?:rung|level|tier|status|label|framework|mechanism|dialogue|model)s?\b", re.I)
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|whose|which|where|when)\b[^,;]*", re.I)
_STARTED = re.compile(r"\b(?:announc|establish|forg|set\s+up|launch|elevat|upgrad)\w*", re.I)
_SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid)[- ])?(?:\w+\.?\s+)?(?:19|20)\d{2}\b", re.I)
_CLAUSE_BREAK = re.compile(r";|,\s+(?:while|whereas|but)\b|\s+while\s+")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|near|visiting|visited|visit)\s+(?:the\s+)?$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
_AND = re.compile(r"^\s+and\s+(?:the\s+)?$", re.I)
_PRONOUN_START = re.compile(r"^(?:[\"“])?(?:He|She)\b")
_DESTINATION = re.compile(
    r"\b(?:visits?|visited|visiting|trip|tour|travel(?:led|ed)?|arrived|flew)\s+(?:to\s+|in\s+)?(?:the\s+)?$",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|plans?\s+to|(?:is|are)\s+(?:expected|scheduled|set|due)\s+to|to\s+attend)\b", re.I
)

_MODES = [
    (
        "call",
        re.compile(
            r"\b(?:phone|telephone|video)[\s-]+(?:call|conversation|talks?|link)\b"
            r"|\bspoke\s+(?:by|over\s+the|on\s+the)\s+(?:phone|telephone)\b|\bby\s+(?:phone|telephone)\b",
            re.I,
        ),
    ),
    ("strategic_dialogue", re.compile(r"\bstrategic\s+dialogue\b", re.I)),
    ("sidelines", re.compile(r"\bon\s+the\s+(?:sidelines|margins)\s+of\b", re.I)),
    (
        "talks",
        re.compile(
            r"\b(?:met|meets)\b|\bmeet(?:ing)?\s+with\b|\bmeetings?\s+(?:with|between|at|in)\b"
            r"|\b(?:to|will|would|and)\s+meet\b|\btalks\s+(?:with|between)\b"
            r"|\b(?:held|hold|holds|holding)\s+(?:(?:a|an|the|their|its)\s+)?(?:[\w'’-]+\s+){0,3}?"
            r"(?:talks|meeting|consultations)\b"
            r"|\bduring\s+(?:the|their)\s+talks\b|\b(?:received|receives|hosted|hosts)\b",
            re.I,
        ),
    ),
    (
        "visit",
        re.compile(
            r"\bvisit(?:s|ed|ing)?\b|\btrip\s+to\b|\barrived\s+in\b|\btravel(?:s|led|ed|ling)?\s+to\b", re.I
        ),
    ),
    ("summit", re.compile(r"\bsummit\b", re.I)),
]
# Modes that name a meeting of states even when no official is named.
_MODES_WITHOUT_PEOPLE = {"call", "strategic_dialogue", "summit"}
_HELD_TALKS = re.compile(
    r"\b(?:held|hold|holds|holding)\s+(?:(?:a|an|the|their|its)\s+)?(?:[\w'’-]+\s+){0,3}?(?:talks|meeting|consultations)\b",
    re.I,
)


@dataclass
class Candidate:
    """One claim the text seems to make, with the sentence that makes it."""

    type: str
    start: int
    end: int
    quote: str
    parties: tuple[str, ...]
    kind: str
    date: PartialDate | None = None
    date_text: str = ""
    tier: str | None = None
    scheme: str | None = None
    tier_name: str = ""
    wording: str = ""
    participants: list[dict] = field(default_factory=list)
    city: str = ""
    place: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """What the candidate claims, apart from where it is said: stable across re-runs."""
        if self.type == LEVEL:
            return f"{'-'.join(sorted(self.parties))}|{self.scheme or ''}|{self.tier or ''}"
        return ",".join(sorted(self.parties))

    def as_json(self) -> dict:
        """The candidate as a JSON-ready dict (the ``extract_claims`` output and the stored payload)."""
        level = self.type == LEVEL
        return {
            "type": self.type,
            "party_a": self.parties[0] if level else None,
            "party_b": self.parties[1] if level else None,
            "parties": list(self.parties),
            "tier": self.tier,
            "scheme": self.scheme,
            "tier_name": self.tier_name,
            "wording": self.wording,
            "kind": self.kind,
            "mode": None if level else self.kind,
            "date": str(self.date) if self.date else None,
            "date_text": self.date_text,
            "participants": self.participants,
            "city": self.city,
            "place": self.place,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "notes": self.notes,
        }


@dataclass
class _Sentence:
    start: int
    end: int
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


def extract(text: str, vocabulary: Vocabulary, *, published: dt.date | None = None) -> list[Candidate]:
    """Every level and meeting candidate in ``text``, in text order.

    ``published`` anchors relative dates ("on Friday", "earlier in the week"); without it, a dateline
    at the head of the text ("Beijing, 25 May 2024 (TDI): …") is used, and failing that relative dates
    stay unresolved (``date`` None, ``date_text`` kept).
    """
    dateline = find_dateline(text, published)
    if published is None and dateline is not None:
        published = dateline[0]
    skip_until = dateline[2] if dateline else 0
    # "BEIJING, May 24 (Xinhua) -- …": the dateline city is where the first sentence's meeting happened.
    dateline_place = None
    if dateline is not None:
        city = text[dateline[1] : dateline[2]].split(",")[0].strip()
        code = vocabulary.party_for(city) or vocabulary.party_for(city.title())
        if code:
            dateline_place = Mention(dateline[1], dateline[1] + len(city), code, city.title(), CAPITAL, True)
    people = PeopleFinder(vocabulary)
    sentences = []
    counts: Counter = Counter()
    for start, end in split_sentences(text):
        if start < skip_until < end:
            start = skip_until  # the dateline is not part of the first sentence's claim
        mentions = [_mark_place(text, mention) for mention in vocabulary.mentions(text, start, end)]
        if dateline_place is not None and start == skip_until:
            mentions.insert(0, dateline_place)
        found = people.find(text, start, end, mentions)
        future = bool(_FUTURE.search(text, start, end))
        dates = find_dates(text, published=published, start=start, end=end, future=future)
        sentence = _Sentence(start, end, mentions, found, dates)
        sentences.append(sentence)
        counts.update(mention.code for mention in mentions if not mention.is_place)
    dominant = [code for code, _ in counts.most_common()]

    candidates: list[Candidate] = []
    context_pair: tuple[str, str] | None = None
    last_person: Person | None = None
    for sentence in sentences:
        levels = _levels(text, sentence, vocabulary, published, context_pair, dominant)
        candidates.extend(levels)
        meeting = _meeting(text, sentence, vocabulary, last_person, dominant, context_pair)
        if meeting is not None:
            candidates.append(meeting)
        parties = sentence.parties()
        if levels:
            context_pair = tuple(levels[-1].parties)
        elif len(parties) == 2:
            context_pair = (parties[0], parties[1])
        named = [person for person in sentence.people if person.code]
        if named:
            last_person = named[0]
    return candidates


def _mark_place(text: str, mention: Mention) -> Mention:
    """A capital after "in"/"at"/"to" is where something happens, not a party to it."""
    if mention.kind == CAPITAL and _PLACE_BEFORE.search(text, max(0, mention.start - 12), mention.start):
        return replace(mention, is_place=True)
    return mention


# -- level statements --------------------------------------------------------------------------------------


def _levels(text, sentence: _Sentence, vocabulary, published, context_pair, dominant) -> list[Candidate]:
    candidates = []
    phrases = find_tier_phrases(text, sentence.start, sentence.end)
    if not phrases:
        return candidates
    body = text[sentence.start : sentence.end]
    cues = sorted(
        (match.start(), name)
        for name, pattern in _KINDS
        for match in pattern.finditer(text, sentence.start, sentence.end)
    )
    for phrase in phrases:
        before = [name for position, name in cues if position < phrase.start]
        after = [name for position, name in cues if position >= phrase.end]
        kind = (
            ANNIVERSARY
            if ANNIVERSARY in before
            else (before[-1] if before else (after[0] if after else HOLDS))
        )
        # "a strategic partnership" alone is everyday language; trust it only beside a change of level
        # or a start date, and never as a label of something else ("the strategic partnership rung").
        if phrase.is_weak and (
            not ({UPGRADED, ESTABLISHED, ANNIVERSARY} & {name for _, name in cues} or _SINCE.search(body))
            or _LABEL_NOUN.match(text, phrase.end, sentence.end)
        ):
            continue
        pairs, how = _pairs_for(text, sentence, phrase, vocabulary, context_pair, dominant)
        for first, second in pairs:
            tier = vocabulary.tier_for(phrase.features, (first, second))
            if tier is None:
                continue
            declared = vocabulary.scheme_declared_by(tier.scheme)
            scheme = tier.scheme if declared in (first, second) else None
            first, second = (second, first) if declared == second else (first, second)
            date, date_text = _level_date(text, sentence, phrase, kind, published)
            notes = [] if how == "sentence" else [f"pair taken from {how}"]
            if scheme is None:
                notes.append("neither party declares this vocabulary: choose the scheme by hand")
            candidates.append(
                Candidate(
                    type=LEVEL,
                    start=sentence.start,
                    end=sentence.end,
                    quote=text[sentence.start : sentence.end],
                    parties=(first, second),
                    kind=kind,
                    date=date,
                    date_text=date_text,
                    tier=tier.slug,
                    scheme=scheme,
                    tier_name=tier.name,
                    wording=text[phrase.start : phrase.end],
                    notes=notes,
                )
            )
    return candidates


def _pairs_for(text, sentence, phrase: TierPhrase, vocabulary, context_pair, dominant):
    """The pairs a tier wording is said of, and how they were found."""
    # 1. A compound right before the wording: "China-Vietnam …", "Sino-Russian …".
    if phrase.prefix:
        parts = [part for part in re.split(r"[-–/]", re.sub(r"['’]s$", "", phrase.prefix)) if part]
        codes = [vocabulary.party_for(part) for part in parts]
        if len(parts) > 1 and parts[0][:1].isupper():
            if all(codes) and len(set(codes)) == 2:
                return [(codes[0], codes[1])], "sentence"
            if not all(codes):
                return [], ""  # "Lancang-Mekong community": a grouping the vocabulary does not hold
        elif (
            phrase.is_community
            and parts
            and parts[0][:1].isupper()
            and not codes[0]
            and phrase.prefix_start > sentence.start
        ):
            return [], ""  # "a Mekong community with a shared future"
    # 2. The clause the wording stands in; the whole sentence if the clause names no party.
    clause_start, clause_end = _clause(text, sentence, phrase.start)
    codes = sentence.parties(clause_start, clause_end) or sentence.parties()
    between = _between(text, sentence)
    if between:
        return [between], "sentence"
    if len(codes) == 2:
        return [(codes[0], codes[1])], "sentence"
    if len(codes) > 2:
        # "The leaders of China, Zambia and Cambodia … elevated their relations": spokes around a hub.
        declaring = set(vocabulary.declaring_parties)
        hub = next((code for code in codes if code in declaring), codes[0])
        return [(hub, code) for code in codes if code != hub], "sentence"
    # 3. "The two countries …", "the Cambodian side …": the pair the text was just talking about.
    if len(codes) == 1:
        only = codes[0]
        if context_pair and only in context_pair:
            other = context_pair[1] if context_pair[0] == only else context_pair[0]
            return [(only, other)], "the preceding sentences"
        other = next((code for code in dominant if code != only), None)
        return ([(only, other)], "the article's main parties") if other else ([], "")
    if context_pair:
        return [context_pair], "the preceding sentences"
    if len(dominant) >= 2:
        return [(dominant[0], dominant[1])], "the article's main parties"
    return [], ""


def _clause(text: str, sentence: _Sentence, position: int) -> tuple[int, int]:
    start, end = sentence.start, sentence.end
    for brk in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if brk.end() <= position:
            start = brk.end()
        elif brk.start() >= position:
            end = brk.start()
            break
    return start, end


def _between(text: str, sentence: _Sentence) -> tuple[str, str] | None:
    mentions = [mention for mention in sentence.mentions if not mention.is_place]
    for first, second in zip(mentions, mentions[1:], strict=False):
        if (
            first.code != second.code
            and _BETWEEN.search(text, max(sentence.start, first.start - 14), first.start)
            and _AND.match(text[first.end : second.start])
        ):
            return first.code, second.code
    return None


def _distance(date: DateMention, start: int, end: int) -> int:
    if date.start >= end:
        return date.start - end
    if date.end <= start:
        return start - date.end
    return 0


def _usable_dates(text: str, sentence: _Sentence, start: int, end: int) -> list[DateMention]:
    """The sentence's dates, less those in a relative clause the claim is not part of
    ("Xi met Abiy, whose country established a partnership last year")."""
    clauses = [match.span() for match in _RELATIVE_CLAUSE.finditer(text, sentence.start, sentence.end)]
    usable = []
    for date in sentence.dates:
        clause = next(((first, last) for first, last in clauses if first <= date.start < last), None)
        if clause is None or clause[0] <= start < clause[1]:
            usable.append(date)
    return usable


def _nearest_date(text, sentence, start: int, end: int) -> tuple[PartialDate | None, str]:
    dates = _usable_dates(text, sentence, start, end)
    if not dates:
        return None, ""
    nearest = min(dates, key=lambda date: _distance(date, start, end))
    return nearest.date, nearest.text


def _level_date(text, sentence, phrase, kind, published) -> tuple[PartialDate | None, str]:
    dates = _usable_dates(text, sentence, phrase.start, phrase.end)
    if kind == ANNIVERSARY:
        # "… the tenth anniversary of their partnership, established in 2014": the start is given.
        later = [
            date
            for date in dates
            if date.start >= phrase.end
            and date.date is not None
            and _STARTED.search(text, phrase.end, date.start)
        ]
        if later:
            return later[0].date, later[0].text
        match = _ANNIVERSARY.search(text, sentence.start, sentence.end)
        years = None
        if match:
            years = int(match["n"]) if match["n"] else _ORDINALS.get((match["word"] or "").lower())
        reference = next((date.date for date in dates if date.date), None)
        year = reference.date.year if reference else (published.year if published else None)
        if years and year:
            return PartialDate(dt.date(year - years, 1, 1), Precision.YEAR), match.group(0)
        return None, ""
    if kind == HOLDS:
        # A level that holds is dated only by its start: "… since 2013", "…, which was announced in 2019".
        for date in dates:
            if date.text.lower().startswith("since") or re.search(
                r"\bsince\s+$", text[max(sentence.start, date.start - 7) : date.start], re.I
            ):
                return date.date, date.text
            if date.start >= phrase.end and _STARTED.search(text, phrase.end, date.start):
                return date.date, date.text
        return None, ""
    return _nearest_date(text, sentence, phrase.start, phrase.end)


# -- meetings ----------------------------------------------------------------------------------------------


def _meeting(text, sentence: _Sentence, vocabulary, last_person, dominant, context_pair) -> Candidate | None:
    mode, trigger = None, None
    for name, pattern in _MODES:
        trigger = pattern.search(text, sentence.start, sentence.end)
        if trigger:
            mode = name
            break
    if mode is None:
        return None
    body = text[sentence.start : sentence.end]
    people = [person for person in sentence.people if person.code]
    pronoun = _PRONOUN_START.match(body)
    if pronoun and last_person is not None and all(p.code != last_person.code for p in people):
        people.insert(0, last_person)
    explicit = sentence.parties()
    if not people and not explicit:
        return None
    if not people and mode not in _MODES_WITHOUT_PEOPLE and not _HELD_TALKS.search(body):
        return None
    codes = []
    for person in people:
        if person.code not in codes:
            codes.append(person.code)
    places = [mention for mention in sentence.mentions if mention.is_place]
    destination = _destination(text, sentence)
    how = "sentence"
    if destination and destination not in codes:
        codes.append(destination)
    if len(codes) < 2 and places and places[0].code not in codes:
        codes.append(places[0].code)
    if len(codes) < 2:
        codes += [code for code in explicit if code not in codes]
    if len(codes) < 2 and not people:
        return None  # a summit or call of one named party: too little to go on
    if len(codes) < 2:
        other = None
        if context_pair and codes and codes[0] in context_pair:
            other = next(code for code in context_pair if code != codes[0])
        elif codes:
            other = next((code for code in dominant if code != codes[0]), None)
        if other is None:
            return None
        codes.append(other)
        how = "the article's context"
    date, date_text = _nearest_date(text, sentence, trigger.start(), trigger.end())
    participants = [
        {"name": person.name, "title": person.title, "party": person.code}
        for person in people
        if person.name or person.title
    ]
    city = places[0].form if places else ""
    place = places[0].code if places else (destination if mode == "visit" else None)
    notes = [] if how == "sentence" else [f"a party taken from {how}"]
    if _FUTURE.search(body):
        notes.append("the sentence may announce a future meeting")
    return Candidate(
        type=MEETING,
        start=sentence.start,
        end=sentence.end,
        quote=body,
        parties=tuple(codes),
        kind=mode,
        date=date,
        date_text=date_text,
        participants=participants,
        city=city,
        place=place,
        notes=notes,
    )


def _destination(text: str, sentence: _Sentence) -> str | None:
    """The country visited: "visit to Cambodia", "visited Viet Nam", "made China his first … visit"."""
    for mention in sentence.mentions:
        if mention.kind == PERSON:
            continue
        if _DESTINATION.search(text, max(sentence.start, mention.start - 30), mention.start):
            return mention.code
        if re.match(r"\s+(?:his|her|their)\s+(?:\w+\s+){0,3}visit", text[mention.end : mention.end + 40]):
            return mention.code
    return None
