"""From an official wording to a tier of the vocabulary.

Sources word the same rung many ways ("comprehensive strategic partnership of coordination for a new
era", "strategic partnership featuring mutual respect and common development"). Qualifiers that do not
change the rung are stripped (shared/data/tiers-research.md, section 2), then the core is matched
against each tier's name and wording variants. A wording that still matches nothing is not guessed.
"""

import re
from functools import cached_property

from partnerships.models import Tier

# Qualifiers that leave the rung unchanged.
_QUALIFIERS = [
    r"\bfor (?:a|the) new era\b",
    r"\bin the new era\b",
    r"\bof the new era\b",
    r"\bfor the new epoch\b",
    r"\bnew[- ]era\b",
    r"\bfeaturing\b.*$",
    r"\bof equality, mutual benefit and common development\b",
    r"\bof win-win cooperation\b",
    r"\bfor the 21st century\b",
    r"\bfor peace and prosperity\b",
    r"\b(?:that carries|with) strategic significance\b",
    r"\blong-term and consistent\b",
    r"\bfuture-oriented\b",
    r"^global\b",
    r"\bchina-[a-z]+\b",
    # "Friendly" and "constructive" qualify a strategic partnership without changing its rung.
    r"\b(?:friendly|constructive) (?=strategic partnership\b)",
]
_QUALIFIER_PATTERN = re.compile("|".join(f"(?:{pattern})" for pattern in _QUALIFIERS))
_PARENTHESES = re.compile(r"\([^)]*\)")
_DASHES = re.compile(r"[‐‑‒–—]")


def normalise_wording(text: str) -> str:
    """Lower case, plain hyphens, one spelling of "all-round", no parentheses, no rung-neutral qualifiers."""
    text = _DASHES.sub("-", text.lower()).strip()
    text = re.sub(r"^(?:an?|the) ", "", text)
    text = re.sub(r"\ball[- ]a?round\b", "all-round", text)
    text = _PARENTHESES.sub(" ", text)
    text = _QUALIFIER_PATTERN.sub(" ", text)
    return re.sub(r"[\s,]+", " ", text).strip(" ,.;")


class TierVocabulary:
    """Every tier's name and wording variants, normalised, for matching whole phrases."""

    def __init__(self, tiers=None):
        self.tiers = list(tiers if tiers is not None else Tier.objects.select_related("scheme"))

    @cached_property
    def _by_wording(self) -> dict[str, list[Tier]]:
        index: dict[str, list[Tier]] = {}
        for tier in self.tiers:
            for wording in [tier.name, *tier.wording_variants]:
                index.setdefault(normalise_wording(wording), []).append(tier)
        return index

    def match(self, phrase: str, *, schemes: tuple[str, ...] = ()) -> Tier | None:
        """The tier ``phrase`` names, preferring ``schemes`` in order; None when nothing matches."""
        candidates = self._by_wording.get(normalise_wording(phrase), [])
        for scheme in schemes:
            for tier in candidates:
                if tier.scheme.slug == scheme:
                    return tier
        return candidates[0] if candidates and not schemes else None
