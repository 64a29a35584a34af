"""The pair a search names: "China Cambodia", or "China strategic partnership" (its pairs at that tier).

A reader who types two parties, or a party and a tier, is looking for a relationship, which the other
result lists (parties, people, meetings, sources) would only give in pieces.
"""

import datetime as dt
import re

from django.urls import reverse

from events.models import Meeting
from partnerships.models import LevelPeriod, Party, Relationship
from partnerships.wording import TierVocabulary

# Names this short ("Chad" is four letters) are matched as whole words only, like every other.
SHORTEST_NAME = 4


def _named(text: str) -> list[tuple[Party, str]]:
    """Parties named in ``text`` as whole words, each with the words that named it, longest name first."""
    found = []
    for party in Party.objects.named_in(text):
        names = sorted({party.name, *(alias.name for alias in party.aliases.all())}, key=len, reverse=True)
        for name in names:
            if len(name) < SHORTEST_NAME:
                continue
            match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE)
            if match:
                found.append((party, match.group(0)))
                break
    # "Democratic Republic of the Congo" also contains "Congo": keep the party named by the longer words.
    found.sort(key=lambda item: len(item[1]), reverse=True)
    kept, taken = [], text.lower()
    for party, words in found:
        if words.lower() in taken:
            kept.append((party, words))
            taken = taken.replace(words.lower(), " ", 1)
    return kept


def _pair_has_a_page(first: Party, second: Party) -> bool:
    return (
        Relationship.objects.between(first, second).with_published_levels().exists()
        or Meeting.objects.published().between(first, second).exists()
    )


def _suggestion(first: Party, second: Party, tier=None) -> dict:
    low, high = sorted([first, second], key=lambda party: party.pk)
    url = reverse("public:pair", kwargs={"first": low.code, "second": high.code})
    return {"first": first, "second": second, "tier": tier, "url": url}


def suggested_pairs(text: str) -> list[dict]:
    """The pairs ``text`` names: ``{"first", "second", "tier", "url"}`` each, the first party as typed."""
    named = _named(text)
    if len(named) == 2:
        (first, _), (second, _) = sorted(named, key=lambda item: text.lower().index(item[1].lower()))
        return [_suggestion(first, second)] if _pair_has_a_page(first, second) else []
    if len(named) != 1:
        return []
    party, words = named[0]
    rest = re.sub(re.escape(words), " ", text, count=1, flags=re.IGNORECASE)
    vocabulary = TierVocabulary()
    declared = tuple(
        scheme for scheme in vocabulary.schemes if vocabulary.scheme_declared_by(scheme) == party.code
    )
    tier = vocabulary.match(rest, schemes=declared) or vocabulary.match(rest)
    if tier is None:
        return []
    holding = LevelPeriod.objects.filter(tier=tier).involving(party).for_public_timeline()
    periods = sorted(
        holding.in_force_on(dt.date.today()),
        key=lambda period: period.relationship.other_party(party).name,
    )
    return [_suggestion(party, period.relationship.other_party(party), tier) for period in periods]
