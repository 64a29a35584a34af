"""Finding partnership-tier wordings in text and reducing each to the words that decide its rung.

The one reader of tier wordings: article intake reads news text with it, and ``partnerships.wording``
matches whole official wordings (the starter dataset's, a curator's) with it.

A wording such as "China-Vietnam comprehensive strategic cooperative partnership for a new era" is
read as a *signature*: the set of rung-deciding features it carries ({comprehensive, strategic,
cooperative}). Tier names and wording variants from the vocabulary are read the same way, so a text
matches a tier whenever their signatures agree, whatever the word order ("strategic partnership of
cooperation"), the conjunctions ("comprehensive strategic and cooperative partnership") or the
qualifiers ("for a new era", "featuring …") — the normalisation recipe of tiers-research.md §2.
"""

import re
from dataclasses import dataclass

# Words that decide the rung, and their synonyms (tiers-research.md §2: "all-round"/"all-around" are
# "comprehensive"; "collaborative" renders 协作, coordination; "unfailing" renders 全天候, all-weather).
FEATURES = {
    "comprehensive": "comprehensive",
    "all-round": "comprehensive",
    "all-around": "comprehensive",
    "strategic": "strategic",
    "cooperative": "cooperative",
    "co-operative": "cooperative",
    "cooperation": "cooperative",
    "co-operation": "cooperative",
    "coordination": "coordination",
    "co-ordination": "coordination",
    "collaborative": "coordination",
    "collaboration": "coordination",
    "all-weather": "all-weather",
    "unfailing": "all-weather",
    "permanent": "permanent",
    "eternal": "permanent",
    "everlasting": "permanent",
    "friendly": "friendly",
}
# Qualifiers that may stand among the features without changing the rung.
NOISE = {
    "and",
    ",",
    "global",
    "innovative",
    "mutually",
    "beneficial",
    "new",
    "type",
    "new-type",
    "new-era",
    "high-level",
    "high-quality",
    "high-standard",
    "future-oriented",
    "long-term",
    "consistent",
    "stable",
    "closer",
    "deeper",
    "enhanced",
    "upgraded",
    "win-win",
    "constructive",
    "pragmatic",
    "practical",
    "solid",
    "sound",
    "special",
}
# Words between a party and the wording that belong to neither: "the China-Laos …", "their …".
DETERMINERS = {
    "a",
    "an",
    "the",
    "their",
    "its",
    "his",
    "her",
    "our",
    "this",
    "that",
    "these",
    "those",
    "bilateral",
}

# "community" is the cn-community track; it matches only with its "shared future" complement.
COMMUNITY = "community"
_HEAD = re.compile(r"\b(?:partnerships?|partners?|community|communities)\b", re.IGNORECASE)
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:[-–][^\W_]+(?:['’][^\W_]+)*)*|[,;:()&\"“”]")
_AFTER_COOPERATION = re.compile(
    r"\s+of\s+(?P<mods>(?:(?:comprehensive|all-round|all-around|strategic)\s+(?:and\s+)?)*)"
    r"(?P<kind>coordination|co-ordination|collaboration|cooperation|co-operation)\b",
    re.IGNORECASE,
)
_AFTER_FOR = re.compile(
    r"\s+for\s+(?:(?P<coord>collaboration|coordination)|(?P<seasons>all\s+seasons))\b", re.IGNORECASE
)
_SHARED_FUTURE = re.compile(
    r"\s+(?:with|of|towards?|for)\s+(?:a\s+|the\s+)?(?:shared|common)\s+(?:future|destiny)\b", re.IGNORECASE
)
_FOR_MANKIND = re.compile(r"\s+(?:for|of)\s+(?:all\s+)?(?:mankind|humanity|humankind)\b", re.IGNORECASE)
# Kept in the verbatim wording, ignored for the rung (tiers-research.md §2, step 2).
_QUALIFIERS = re.compile(
    r"(?:\s+(?:for|in|of)\s+(?:a|the)\s+new\s+(?:era|epoch)"
    r"|\s+(?:with|that\s+carries)\s+strategic\s+significance"
    r"|\s+for\s+the\s+21st\s+century"
    r"|\s+of\s+win-win\s+cooperation"
    # "of equality, mutual benefit and common development", "of comprehensive cooperation and common
    # development": qualities of the partnership, not its rung.
    r"|\s+of\s+(?:[\w-]+\s+){0,2}?[\w-]+(?:,\s+[\w-]+(?:\s+[\w-]+){0,2})*,?\s+and\s+"
    r"(?:common|mutual|shared|joint)\s+(?:development|benefit|prosperity)"
    r"|\s+featuring\s+[^,.;()]{3,80}?(?=[,.;()]|$))+",
    re.IGNORECASE,
)
# "a new type of strategic partnership": a description of the relationship, not the rung's name.
_DESCRIBED = re.compile(r"\b(?:type|kind|form|sort)\s+of\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
_SPACED = re.compile(r"\ball (round|around|weather)\b", re.IGNORECASE)


@dataclass(frozen=True)
class TierPhrase:
    """A tier wording found in text: ``start``/``end`` span the verbatim wording, qualifiers included;
    ``core_end`` is where the rung-deciding words end and the qualifiers begin."""

    start: int
    end: int
    core_end: int
    head: str
    features: frozenset
    prefix: str
    prefix_start: int

    @property
    def is_community(self) -> bool:
        return self.head == COMMUNITY

    @property
    def is_weak(self) -> bool:
        """A wording the press uses loosely ("a strategic partnership"): trusted only beside a change."""
        return not self.is_community and len(self.features) <= 1


def _unspace(text: str) -> str:
    # "all round" → "all-round", same length, so offsets stay valid.
    return _SPACED.sub(lambda match: "all-" + match.group(1), text)


def find_tier_phrases(text: str, start: int = 0, end: int | None = None) -> list[TierPhrase]:
    """Every tier wording in ``text[start:end]``, each with the features that decide its rung."""
    end = len(text) if end is None else end
    phrases = []
    for head in _HEAD.finditer(text, start, end):
        phrase = _read_phrase(text, start, end, head)
        if phrase is not None:
            phrases.append(phrase)
    return phrases


def _read_phrase(text: str, start: int, end: int, head: re.Match) -> TierPhrase | None:
    word = head.group(0).lower()
    if _DESCRIBED.search(text, max(start, head.start() - 80), head.start()):
        return None
    if word.startswith("communit"):
        head_kind = COMMUNITY
    else:
        head_kind = "partnership" if word.startswith("partnership") else "partner"
    before = _unspace(text[max(start, head.start() - 240) : head.start()])
    offset = head.start() - len(before)
    tokens = list(TOKEN.finditer(before))
    features: set[str] = set()
    index = len(tokens) - 1
    while index >= 0:
        token = tokens[index].group(0).lower().replace("–", "-")
        if token in FEATURES:
            features.add(FEATURES[token])
        elif token not in NOISE:
            break
        index -= 1
    # The wording starts at its first feature or qualifier, never at a conjunction or comma.
    first = index + 1
    while first < len(tokens) and tokens[first].group(0).lower() in ("and", ","):
        first += 1
    phrase_start = offset + tokens[first].start() if first < len(tokens) else head.start()
    prefix, prefix_start = "", -1
    while index >= 0 and tokens[index].group(0).lower() in DETERMINERS:
        index -= 1
    if index >= 0:
        prefix, prefix_start = tokens[index].group(0), offset + tokens[index].start()

    phrase_end = head.end()
    if head_kind == COMMUNITY:
        complement = _SHARED_FUTURE.match(text, head.end(), end)
        if not complement or _FOR_MANKIND.match(text, complement.end(), end):
            return None
        phrase_end = complement.end()
        features = {COMMUNITY}
    else:
        after = (
            None
            if _QUALIFIERS.match(text, head.end(), end)
            else _AFTER_COOPERATION.match(text, head.end(), end)
        )
        if after:
            for modifier in re.findall(r"[\w-]+", after.group("mods").lower()):
                if modifier in FEATURES:
                    features.add(FEATURES[modifier])
            features.add(FEATURES[after.group("kind").lower()])
            phrase_end = after.end()
        else:
            after = _AFTER_FOR.match(text, head.end(), end)
            if after:
                features.add("coordination" if after.group("coord") else "all-weather")
                phrase_end = after.end()
        if not features:
            return None
        # "strategic partners" is everyday language; a precise label is not.
        if head_kind == "partner" and len(features) < 2:
            return None
    core_end = phrase_end
    qualifiers = _QUALIFIERS.match(text, phrase_end, end)
    if qualifiers:
        phrase_end = qualifiers.end()
    return TierPhrase(
        start=phrase_start,
        end=phrase_end,
        core_end=core_end,
        head=head_kind,
        features=frozenset(features),
        prefix=prefix,
        prefix_start=prefix_start,
    )


def signature(wording: str) -> frozenset | None:
    """The features of a vocabulary wording such as "strategic partnership of coordination"."""
    phrases = find_tier_phrases(wording)
    return phrases[-1].features if phrases else None
