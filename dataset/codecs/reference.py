"""Reference data found by what table rows call it: parties, tiers, multilateral events."""

from events.models import MultilateralEvent
from partnerships.models import (
    Party,
    PartyAlias,
    Scheme,
    Tier,
)


class PartyIndex:
    """Every party by code, alpha-3 code, name, official name and unambiguous alias: two queries, once."""

    def __init__(self):
        self.by_code: dict[str, Party] = {}
        self.by_name: dict[str, Party] = {}
        parties = list(Party.objects.all())
        for party in parties:
            self.by_code[party.code] = party
            if party.alpha3:
                self.by_code[party.alpha3] = party
        aliases: dict[str, set[Party]] = {}
        for alias, party_id in PartyAlias.objects.values_list("name", "party_id"):
            aliases.setdefault(alias.casefold(), set()).add(party_id)
        by_id = {party.pk: party for party in parties}
        for alias, party_ids in aliases.items():
            if len(party_ids) == 1:
                self.by_name[alias] = by_id[next(iter(party_ids))]
        for party in parties:
            for name in (party.official_name, party.name):
                if name:
                    self.by_name[name.casefold()] = party

    def get(self, text: str) -> Party:
        """The party ``text`` names; ValueError with a readable message when none does."""
        text = text.strip()
        party = self.by_code.get(text.upper()) or self.by_name.get(text.casefold())
        if party is None:
            raise ValueError(f"No party has the code or name “{text}”." if text else "Give a party's code.")
        return party


class TierIndex:
    """Every tier by scheme slug and tier slug (or its name), one query, once."""

    def __init__(self):
        self.schemes = {scheme.slug: scheme for scheme in Scheme.objects.select_related("declaring_party")}
        self.tiers: dict[tuple[str, str], Tier] = {}
        for tier in Tier.objects.select_related("scheme"):
            tier.scheme = self.schemes[tier.scheme.slug]
            self.tiers[(tier.scheme.slug, tier.slug)] = tier
            self.tiers.setdefault((tier.scheme.slug, tier.name.casefold()), tier)

    def get(self, scheme: str, tier: str) -> Tier:
        if scheme not in self.schemes:
            raise ValueError(f"No scheme “{scheme}”; the schemes are {', '.join(sorted(self.schemes))}.")
        found = self.tiers.get((scheme, tier)) or self.tiers.get((scheme, tier.casefold()))
        if found is None:
            raise ValueError(f"The {scheme} scheme has no tier “{tier}”.")
        return found


class EventIndex:
    """Multilateral events by name and start date, by their name, or by name and year as shown
    (“G20 summit (2023)”): one query, once."""

    def __init__(self):
        self.by_key: dict[tuple, MultilateralEvent] = {}
        self.by_name: dict[str, list[MultilateralEvent]] = {}
        for event in MultilateralEvent.objects.all():
            self.add(event)

    @staticmethod
    def key(name: str, start_date) -> tuple:
        """What tells one event from another: its name (in any case) and the day it began."""
        return (name.strip().casefold(), start_date)

    def add(self, event: MultilateralEvent) -> None:
        self.by_key[self.key(event.name, event.start_date)] = event
        for name in {str(event).casefold(), event.name.casefold()}:
            named = self.by_name.setdefault(name, [])
            if event not in named:
                named.append(event)

    def get(self, text: str, start_date=None) -> MultilateralEvent | None:
        """The event ``text`` names (its name, or name and year), the one that began on ``start_date`` if
        given; None for no text; ValueError with a readable message when none or several do."""
        if not text:
            return None
        events = self.by_name.get(text.strip().casefold(), [])
        if start_date is not None:
            events = [event for event in events if event.start_date == start_date]
            if not events:
                raise ValueError(
                    f"No multilateral event is called “{text}” and began on {start_date.isoformat()}: "
                    "import it first (the data package's events table)."
                )
        if not events:
            raise ValueError(f"No multilateral event is called “{text}”.")
        if len(events) > 1:
            raise ValueError(f"Several events are called “{text}”: add the year, “{events[0]}”.")
        return events[0]
