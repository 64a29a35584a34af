"""What the extractor knows: the parties, the ways texts name them, leaders, and the tier vocabulary.

Everything comes from the database (``Party``, ``PartyAlias``, ``Scheme``, ``Tier``, loaded by
``partnerships.reference``; tiers are matched by ``partnerships.wording.TierVocabulary``, the matcher the
dataset loaders use too) plus two small curated files beside this module:

* ``data/aliases.csv``: names the reference packages lack ("U.S.", "Sino-", "Emirati") and the
  resolution of names they give to several parties ("Chinese" is China, not Hong Kong; "Congolese" is
  ignored);
* ``data/leaders.csv``: well-known office holders who are often named without a title ("Xi").

A ``Vocabulary`` is a plain object: build it once (``Vocabulary.from_database()``), then extract from
as many texts as you like without touching the database.
"""

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from partnerships.wording import TierVocabulary

DATA_DIR = Path(__file__).resolve().parent / "data"

NAME, DEMONYM, CAPITAL, ABBREVIATION, PERSON = "name", "demonym", "capital", "abbreviation", "person"


@dataclass(frozen=True)
class Mention:
    """A party named in text: by name, demonym, capital, abbreviation or one of its leaders."""

    start: int
    end: int
    code: str
    form: str
    kind: str
    is_place: bool = False  # "in Beijing": where something happens, not who takes part


@dataclass(frozen=True)
class Leader:
    name: str
    code: str
    title: str


@dataclass
class Vocabulary:
    """Party and tier matchers; see the module docstring."""

    party_names: dict[str, str]
    party_kinds: dict[str, str]
    forms: dict[str, tuple[str, str]]
    leaders: dict[str, Leader]
    tiers: TierVocabulary
    _pattern: re.Pattern | None = None

    # -- building ------------------------------------------------------------------------------------

    @classmethod
    def from_database(cls) -> "Vocabulary":
        """Build from the reference data in the database (see ``partnerships.reference``)."""
        from partnerships.models import Party, PartyAlias, Scheme, Tier

        parties = list(Party.objects.values_list("code", "name", "kind"))
        aliases = list(PartyAlias.objects.values_list("party__code", "name", "kind"))
        schemes = list(Scheme.objects.values_list("slug", "declaring_party__code"))
        tiers = list(Tier.objects.values_list("scheme__slug", "slug", "name", "rank", "wording_variants"))
        return cls.from_records(parties=parties, aliases=aliases, schemes=schemes, tiers=tiers)

    @classmethod
    def from_records(cls, *, parties, aliases, schemes, tiers) -> "Vocabulary":
        """Build from plain rows: (code, name, kind), (code, alias, alias kind), (slug, declaring code),
        (scheme slug, tier slug, name, rank, variants)."""
        party_names = {code: name for code, name, _ in parties}
        party_kinds = {code: kind for code, _, kind in parties}
        candidates: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for code, name, _ in parties:
            candidates[name].add((code, NAME))
        for code, alias, kind in aliases:
            candidates[alias].add((code, kind))
        country_forms = {
            form
            for form, owners in candidates.items()
            if any(party_kinds.get(c) == "country" for c, _ in owners)
        }
        overrides, ignored = _read_alias_file(party_names)
        forms: dict[str, tuple[str, str]] = {}
        for form, owners in candidates.items():
            form = form.strip()
            if len(form) < 2 or form in ignored or "," in form:
                continue
            codes = {code for code, _ in owners}
            if len(codes) > 1:
                continue  # Ambiguous ("Congolese"); aliases.csv settles the ones that matter.
            code, kind = next(iter(owners))
            # Forum names such as "China-Africa" name two parties, not the organisation alone.
            if party_kinds.get(code) == "organisation" and any(
                part.strip() in country_forms for part in re.split(r"[-–]", form) if part.strip() != form
            ):
                continue
            forms[form] = (code, kind)
        forms.update(overrides)
        leaders = _read_leaders(party_names)
        for surface, leader in leaders.items():
            forms.setdefault(surface, (leader.code, PERSON))
        for form in list(forms):
            if "'" in form:
                forms.setdefault(form.replace("'", "’"), forms[form])

        return cls(
            party_names=party_names,
            party_kinds=party_kinds,
            forms=forms,
            leaders=leaders,
            tiers=TierVocabulary.from_rows(tiers=tiers, schemes=schemes),
        )

    # -- parties ---------------------------------------------------------------------------------------

    @property
    def pattern(self) -> re.Pattern:
        if self._pattern is None:
            # "China's" is China; "Xi'an" is not Xi.
            self._pattern = re.compile(
                r"(?<![^\W_])(?:" + trie_regex(self.forms) + r")(?![^\W_])(?!['’](?!s\b)[^\W_])"
            )
        return self._pattern

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Every party named in ``text[start:end]``, longest name first ("Papua New Guinea", not "Guinea")."""
        end = len(text) if end is None else end
        found = []
        for match in self.pattern.finditer(text, start, end):
            code, kind = self.forms[match.group(0)]
            found.append(Mention(match.start(), match.end(), code, match.group(0), kind))
        return found

    def party_for(self, form: str) -> str | None:
        """The code of the party ``form`` names exactly (a name, demonym, capital …), or None."""
        known = self.forms.get(form.strip())
        return known[0] if known else None


def _read_alias_file(party_names: dict[str, str]) -> tuple[dict[str, tuple[str, str]], set[str]]:
    overrides, ignored = {}, set()
    with (DATA_DIR / "aliases.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] == "ignore":
                ignored.add(row["surface"])
            elif row["party"] in party_names:
                overrides[row["surface"]] = (row["party"], row["kind"])
    return overrides, ignored


def _read_leaders(party_names: dict[str, str]) -> dict[str, Leader]:
    leaders = {}
    with (DATA_DIR / "leaders.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["party"] not in party_names:
                continue
            leader = Leader(name=row["name"], code=row["party"], title=row["title"])
            for surface in [row["name"], *row["short_names"].split("|")]:
                if surface.strip():
                    leaders[surface.strip()] = leader
    return leaders


def trie_regex(words) -> str:
    """One regular expression matching any of ``words``, longest first, built as a prefix tree.

    A plain alternation of two thousand names is tried name by name at every position; the tree
    lets the engine reject most positions on the first character.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _node_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # Greedy optional: the longer name wins, the shorter one is the fallback.
        return "(?:" + body + ")?"
    return body
