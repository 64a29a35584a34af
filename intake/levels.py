"""Level statements: two parties and a tier ("China and Zambia … elevated … to a comprehensive strategic
cooperative partnership"), with the kind of statement and its date.

The kinds: holds, established, upgraded, anniversary, aspiration. The rules, in the order they are
tried, are documented where they are applied.
"""

import datetime as dt
import re

from core.partial_dates import PartialDate, Precision
from intake.reading import Reading, Sentence
from partnerships.tier_phrases import TierPhrase, find_tier_phrases

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
_STARTED = re.compile(r"\b(?:announc|establish|forg|set\s+up|launch|elevat|upgrad)\w*", re.I)
_SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid)[- ])?(?:\w+\.?\s+)?(?:19|20)\d{2}\b", re.I)
_CLAUSE_BREAK = re.compile(r";|,\s+(?:while|whereas|but)\b|\s+while\s+")
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
_AND = re.compile(r"^\s+and\s+(?:the\s+)?$", re.I)


def level_statements(reading: Reading, sentence: Sentence) -> list[dict]:
    """The level statements of a sentence, as the fields of a ``Candidate``."""
    text, vocabulary = reading.text, reading.vocabulary
    found = []
    phrases = find_tier_phrases(text, sentence.start, sentence.end)
    if not phrases:
        return found
    body = reading.words(sentence)
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
        pairs, how = _pairs_for(reading, sentence, phrase)
        for first, second in pairs:
            tier = vocabulary.tiers.tier_for(phrase.features, (first, second))
            if tier is None:
                continue
            declared = vocabulary.tiers.scheme_declared_by(tier.scheme)
            scheme = tier.scheme if declared in (first, second) else None
            first, second = (second, first) if declared == second else (first, second)
            date, date_text = _level_date(reading, sentence, phrase, kind)
            notes = [] if how == "sentence" else [f"pair taken from {how}"]
            if scheme is None:
                notes.append("neither party declares this vocabulary: choose the scheme by hand")
            found.append(
                {
                    "parties": (first, second),
                    "kind": kind,
                    "date": date,
                    "date_text": date_text,
                    "tier": tier.slug,
                    "scheme": scheme,
                    "tier_name": tier.name,
                    "wording": text[phrase.start : phrase.end],
                    "notes": notes,
                }
            )
    return found


def _pairs_for(reading: Reading, sentence: Sentence, phrase: TierPhrase):
    """The pairs a tier wording is said of, and how they were found."""
    text, vocabulary = reading.text, reading.vocabulary
    context_pair, dominant = reading.context_pair, reading.dominant
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
        declaring = set(vocabulary.tiers.declaring_parties)
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


def _clause(text: str, sentence: Sentence, position: int) -> tuple[int, int]:
    start, end = sentence.start, sentence.end
    for brk in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if brk.end() <= position:
            start = brk.end()
        elif brk.start() >= position:
            end = brk.start()
            break
    return start, end


def _between(text: str, sentence: Sentence) -> tuple[str, str] | None:
    mentions = [mention for mention in sentence.mentions if not mention.is_place]
    for first, second in zip(mentions, mentions[1:], strict=False):
        if (
            first.code != second.code
            and _BETWEEN.search(text, max(sentence.start, first.start - 14), first.start)
            and _AND.match(text[first.end : second.start])
        ):
            return first.code, second.code
    return None


def _level_date(reading: Reading, sentence: Sentence, phrase, kind) -> tuple[PartialDate | None, str]:
    text, published = reading.text, reading.published
    dates = reading.usable_dates(sentence, phrase.start)
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
            return later[0].covering, later[0].text
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
                return date.covering, date.text
            if date.start >= phrase.end and _STARTED.search(text, phrase.end, date.start):
                return date.covering, date.text
        return None, ""
    nearest = reading.nearest_date(sentence, phrase.start, phrase.end, dates)
    return (nearest.covering, nearest.text) if nearest else (None, "")
