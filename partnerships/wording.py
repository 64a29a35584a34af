"""From an official wording to a tier of the vocabulary: the one answer to "which tier does this name?".

Sources word the same rung many ways ("comprehensive strategic partnership of coordination for a new
era", "strategic partnership featuring mutual respect and common development", "comprehensive strategic
and cooperative partnership"). ``partnerships.tier_phrases`` reads a wording as its *signature*, the set of
rung-deciding features it carries, with rung-neutral qualifiers set aside (shared/data/tiers-research.md,
section 2); a tier is matched when the signature of one of its names or wording variants agrees. A
wording that matches nothing is not guessed.

Two ways in: ``TierVocabulary.match`` for a whole official wording (the starter dataset's), and
``TierVocabulary.tier_for`` for a wording found in running text, said of a pair of parties (article
intake), which prefers the vocabulary of a party to the pair.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from partnerships.tier_phrases import NOISE, TOKEN, TierPhrase, find_tier_phrases, signature

_PARENTHESES = re.compile(r"\([^)]*\)")
_DASHES = re.compile(r"[‐‑‒–—]")
# "China-Africa community …": the pair's name inside a dataset wording is not part of the rung.
_PAIR_NAME = re.compile(r"\bchina-[a-z]+\b")
# "Friendly" qualifies a strategic partnership without changing its rung (tiers-research.md, rank 3);
# it decides the rung only in the friendly cooperative partnership.
_FRIENDLY = "friendly"


@dataclass(frozen=True)
class TierRef:
    """A tier of the vocabulary as the matcher knows it (no database needed once built)."""

    scheme: str
    slug: str
    name: str
    rank: int


def _clean(text: str) -> str:
    text = _DASHES.sub("-", text.lower()).strip()
    text = re.sub(r"\ball[- ]a?round\b", "all-round", text)
    text = _PARENTHESES.sub(" ", text)
    text = _PAIR_NAME.sub(" ", text)
    text = re.sub(r"^(?:an?|the)\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" ,.;")


def read_wording(text: str) -> tuple[str, TierPhrase] | None:
    """A whole official wording read as one tier phrase (qualifiers aside), with its cleaned text; None
    when some of its words are neither part of the phrase nor rung-neutral ("new type of strategic
    partnership", "strategic cooperative relationship")."""
    cleaned = _clean(text)
    phrases = find_tier_phrases(cleaned)
    if len(phrases) != 1:
        return None
    phrase = phrases[0]
    # In running text "featuring …" ends at a comma; in a whole wording the list runs to its end
    # ("featuring equality, mutual benefit and common development").
    featuring = "featuring" in cleaned[phrase.core_end : phrase.end]
    if cleaned[: phrase.start].strip() or (cleaned[phrase.end :].strip(" ,.;") and not featuring):
        return None
    return cleaned, phrase


def normalise_wording(text: str) -> str:
    """The wording's rung-deciding words in lower case: plain hyphens, one spelling of "all-round", no
    parentheses, no rung-neutral qualifiers ("global", "for a new era", "featuring …")."""
    read = read_wording(text)
    if read is None:
        return _clean(text)
    cleaned, phrase = read
    words = [token.group(0) for token in TOKEN.finditer(cleaned, phrase.start, phrase.core_end)]
    return " ".join(word for word in words if word not in NOISE)


class TierVocabulary:
    """Every tier's name and wording variants, read as signatures, per scheme.

    Build it from tiers in the database (``TierVocabulary()``, or a queryset of ``Tier`` with their
    schemes) or from plain rows (``from_rows``, for article intake, which reads texts without touching
    the database); ``match`` returns what it was built from (a ``Tier``, or a ``TierRef``).
    """

    def __init__(self, tiers=None):
        if tiers is None:
            from partnerships.models import Tier

            tiers = Tier.objects.select_related("scheme")
        self._objects = {}
        rows = []
        for tier in tiers:
            self._objects[(tier.scheme.slug, tier.slug)] = tier
            rows.append((tier.scheme.slug, tier.slug, tier.name, tier.rank, tier.wording_variants))
        self._build(rows)
        self._declaring: dict[str, str | None] | None = None

    @classmethod
    def from_rows(cls, *, tiers, schemes) -> "TierVocabulary":
        """From (scheme slug, tier slug, name, rank, wording variants) and (scheme slug, declaring
        party code) rows."""
        vocabulary = cls.__new__(cls)
        vocabulary._objects = {}
        vocabulary._build(tiers)
        vocabulary._declaring = dict(schemes)
        return vocabulary

    def _build(self, rows) -> None:
        self.by_scheme: dict[str, dict[frozenset, TierRef]] = defaultdict(dict)
        # Signatures of the tiers' own names, per scheme: "comprehensive strategic cooperative
        # partnership" is China's name for a rung, only a variant in Viet Nam's vocabulary.
        self.canonical: dict[str, set[frozenset]] = defaultdict(set)
        self.conflicts: list[str] = []
        for scheme_slug, slug, name, rank, variants in sorted(
            rows, key=lambda row: (row[0], -row[3], row[1])
        ):
            tier = TierRef(scheme=scheme_slug, slug=slug, name=name, rank=rank)
            for wording in [name, *variants]:
                features = signature(wording)
                if features is None:
                    self.conflicts.append(f"{scheme_slug}/{slug}: “{wording}” is not read as a tier wording")
                    continue
                if wording == name:
                    self.canonical[scheme_slug].add(features)
                known = self.by_scheme[scheme_slug].get(features)
                if known and known.slug != slug:
                    self.conflicts.append(f"{scheme_slug}: “{wording}” reads like {known.slug}, kept there")
                    continue
                self.by_scheme[scheme_slug][features] = tier
        # The richest vocabulary is preferred when both parties declare one (China's over Viet Nam's).
        self.schemes = sorted(self.by_scheme, key=lambda slug: (-len(self.by_scheme[slug]), slug))

    @cached_property
    def declaring(self) -> dict[str, str | None]:
        """Scheme slug → the code of the party that declares it."""
        if self._declaring is None:
            from partnerships.models import Scheme

            self._declaring = dict(Scheme.objects.values_list("slug", "declaring_party__code"))
        return self._declaring

    @property
    def declaring_parties(self) -> list[str]:
        return [code for slug in self.schemes if (code := self.declaring.get(slug))]

    def scheme_declared_by(self, scheme_slug: str) -> str | None:
        return self.declaring.get(scheme_slug)

    @staticmethod
    def _options(features: frozenset) -> list[frozenset]:
        options = [features]
        if _FRIENDLY in features and ("strategic" in features or len(features) > 2):
            options.append(
                features - {_FRIENDLY}
            )  # a friendly strategic partnership is a strategic partnership
        return options

    def _lookup(self, features: frozenset, schemes: list[str]) -> TierRef | None:
        """The tier with these features in the first of ``schemes`` that has one, a tier's own name
        before a wording variant."""
        for wanted in self._options(features):
            for exact in (True, False):
                for scheme_slug in schemes:
                    tiers = self.by_scheme.get(scheme_slug, {})
                    if wanted in tiers and (not exact or wanted in self.canonical.get(scheme_slug, ())):
                        return tiers[wanted]
        return None

    def match(self, phrase: str, *, schemes: tuple[str, ...] = ()):
        """The tier a whole official wording names, in the first of ``schemes`` that has it (in any
        scheme when none are given); None when nothing matches."""
        read = read_wording(phrase)
        if read is None:
            return None
        tier = self._lookup(read[1].features, list(schemes) or self.schemes)
        if tier is None:
            return None
        return self._objects.get((tier.scheme, tier.slug), tier)

    def tier_for(self, features: frozenset, codes: tuple[str, ...]) -> TierRef | None:
        """The tier a wording read in text names for a pair, from the vocabulary of a party to it where
        possible.

        Preference: a scheme declared by one of ``codes`` (in their order) whose own tier name has these
        features; then such a scheme through a wording variant; then any scheme, the same way. A tier
        found through a scheme neither party declares is for a curator to place.
        """
        by_party = sorted(
            (slug for slug in self.schemes if self.declaring.get(slug) in codes),
            key=lambda slug: codes.index(self.declaring[slug]),
        )
        return self._lookup(features, by_party) or self._lookup(features, self.schemes)
