"""How tier pages arrange what the tier querysets select: ladders by scheme, the declaring side first."""

from itertools import groupby


def by_scheme(tiers) -> list[dict]:
    """A ladder per scheme from ``Tier.objects.for_public_ladder``: its tiers, and whether any pair holds one.

    A ladder no pair holds (yet) is shown as such rather than as a column of zeros.
    """
    ladders = []
    for scheme, rungs in groupby(tiers, key=lambda tier: tier.scheme):
        rungs = list(rungs)
        recorded = any(tier.holders or tier.uncertain_holders for tier in rungs)
        ladders.append({"scheme": scheme, "tiers": rungs, "recorded": recorded})
    return ladders


def declaring_side_first(periods, scheme) -> list:
    """Periods of one tier, each with ``first`` and ``partner``, sorted by the partner's name.

    ``first`` is the scheme's declaring party when it is in the pair (China's ladder: "China – Cambodia"),
    else the pair's first party: the tier's page reads as that side's list of partners.
    """
    rows = []
    for period in periods:
        relationship = period.relationship
        declaring_second = relationship.party_b_id == scheme.declaring_party_id
        first = relationship.party_b if declaring_second else relationship.party_a
        period.first, period.partner = first, relationship.other_party(first)
        rows.append(period)
    return sorted(rows, key=lambda period: (period.partner.name, period.first.name, period.pk))
