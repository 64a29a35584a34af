"""What a party's page shows of its periods, from plain rows (``LevelPeriodQuerySet.seen_from``).

A party has hundreds of periods at real scale; the page reads them as rows, not model instances, and
draws its chart's marks in Python (public.timeline), so that its cost does not grow with a template loop.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.partial_dates import format_partial_date


@dataclass(frozen=True)
class Named:
    """A scheme or tier as the page shows it."""

    pk: int
    slug: str
    name: str
    rank: int = 0


@dataclass(frozen=True)
class Partner:
    code: str
    name: str


@cache
def _pair_path_pattern() -> str:
    # reverse() once: the pattern's own address with markers in place of the two codes.
    return reverse("public:pair", args=["AAAMARKER", "BBBMARKER"])


def pair_path(first_code: str, second_code: str) -> str:
    return _pair_path_pattern().replace("AAAMARKER", first_code).replace("BBBMARKER", second_code)


@dataclass(frozen=True)
class PartyLevel:
    start_date: dt.date | None
    start_date_precision: str
    start_approximate: bool
    change_kind: str
    scheme: Named
    tier: Named
    partner: Partner
    pair_codes: tuple[str, str]
    is_certain: bool = True

    @classmethod
    def from_row(cls, row: dict) -> "PartyLevel":
        return cls(
            start_date=row["start_date"],
            start_date_precision=row["start_date_precision"],
            start_approximate=row["start_approximate"],
            change_kind=row["change_kind"],
            scheme=Named(row["scheme_id"], row["scheme__slug"], row["scheme__name"]),
            tier=Named(row["tier_id"], row["tier__slug"], row["tier__name"], row["tier__rank"]),
            partner=Partner(row["partner_code"], row["partner_name"]),
            pair_codes=(row["relationship__party_a__code"], row["relationship__party_b__code"]),
            is_certain=row.get("is_certain", True),
        )

    @property
    def pair_path(self) -> str:
        return pair_path(*self.pair_codes)

    @property
    def start(self) -> str:
        return format_partial_date(
            self.start_date, self.start_date_precision, approximate=self.start_approximate
        )


def party_levels(periods, party) -> list[PartyLevel]:
    return [PartyLevel.from_row(row) for row in periods.seen_from(party)]


@dataclass(frozen=True)
class HolderCount:
    """A tier's holders among the party's pairs, as ``Tier.objects.with_holder_counts`` counts them for every
    other page: pairs certainly holding it that day, and those that only may have (not among the first)."""

    holders: int
    uncertain_holders: int

    @classmethod
    def of(cls, levels: list[PartyLevel]) -> "HolderCount":
        # The page lists exactly these levels (possibly in force that day), so the count is theirs: no
        # second query over the same rows (tests/pages/test_counts_and_ladders.py holds the two alike).
        certain = {level.pair_codes for level in levels if level.is_certain}
        possible = {level.pair_codes for level in levels}
        return cls(holders=len(certain), uncertain_holders=len(possible - certain))


_POSSIBLY = SafeString(
    ' <span class="badge" title="The start is known only to the year or month, so on this day the level may '
    'not yet have been in force.">possibly</span>'
)


def holder_items(holders: list[dict]) -> SafeString:
    """A tier's holders as list items, written here rather than by a template loop (hundreds per page)."""
    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a> <span class="since">{}</span>{}</li>',
        (
            (
                holder["period"].pair_path,
                holder["partner"].name,
                format_html("since {}", holder["period"].start)
                if holder["period"].start_date
                else "start date unknown",
                "" if holder["certain"] else _POSSIBLY,
            )
            for holder in holders
        ),
    )


def standings(levels: list[PartyLevel]) -> list[dict]:
    """A party's levels possibly in force on one day, grouped by scheme, then by tier from the highest rank
    down, each tier with its holders counted (``HolderCount``) and listed by partner name."""
    schemes: dict = {}
    for level in levels:
        schemes.setdefault(level.scheme, {}).setdefault(level.tier, []).append(level)

    def tier_row(tier: Named, held: list[PartyLevel]) -> dict:
        holders = sorted(
            ({"partner": level.partner, "period": level, "certain": level.is_certain} for level in held),
            key=lambda holder: holder["partner"].name,
        )
        return {
            "tier": tier,
            "counted": HolderCount.of(held),
            "holders": holders,
            "holder_items": holder_items(holders),
        }

    return [
        {
            "scheme": scheme,
            "tiers": [
                tier_row(tier, held)
                for tier, held in sorted(tiers.items(), key=lambda item: (-item[0].rank, item[0].name))
            ],
        }
        for scheme, tiers in sorted(schemes.items(), key=lambda item: item[0].slug)
    ]
