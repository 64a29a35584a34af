"""The world map as of a date: each country's mark, the legend, the table, the changes since.

A scheme's declaring party is the map's centre; each other country is drawn by where it stood with it on
the day: its tier's colour (darker for closer partnerships, ladder order), hatched when the level only
possibly held then (a start known to the year or month, ``possibly_in_force_on``), outlined white when a
curator checked and found none (``CoverageCheck``), grey when never checked. Queries are the caller's
(``public.maps``); here the answers are only arranged. The outlines are ``public.world_shapes``'.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from partnerships.models import ChangeKind, PartyKind
from public.world_shapes import world_shapes

# ColorBrewer YlGnBu, light to dark (closer partnerships darker); the lightest shade is left out so that
# the lowest tier stands apart from "checked, none recorded" (white) and "never checked" (grey).
PALETTE = ["#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"]
CHECKED_NONE = "#ffffff"
NEVER_CHECKED = "#d4d4d4"
CENTRE = "#e6550d"

LEVEL, POSSIBLE, CHECKED, UNCHECKED, DECLARING = "level", "possible", "checked", "unchecked", "declaring"

# How a change reads in the list under the map: "2014: upgraded to comprehensive strategic partnership".
CHANGE_WORDS = {
    ChangeKind.ESTABLISHED: "established",
    ChangeKind.UPGRADED: "upgraded to",
    ChangeKind.DOWNGRADED: "downgraded to",
    ChangeKind.RENAMED: "renamed",
    ChangeKind.REAFFIRMED: "reaffirmed",
    "": "moved to",
}


@dataclass
class Shade:
    tier: object
    fill: str
    pattern: str  # id of the hatched version


@dataclass
class Mark:
    """One country on the map and in the table."""

    code: str
    name: str
    state: str
    fill: str
    outline: SafeString
    href: str = ""
    tier: object = None
    period: object = None
    check: object = None
    highlighted: bool = False

    @property
    def label(self) -> str:
        if self.state == DECLARING:
            return f"{self.name}: the declaring party"
        if self.state in (LEVEL, POSSIBLE):
            since = f" since {self.period.start}" if self.period.start_date else ""
            maybe = (
                " (possibly: the start is known only to the year or month)" if self.state == POSSIBLE else ""
            )
            return f"{self.name}: {self.tier.name}{since}{maybe}"
        if self.state == CHECKED:
            return f"{self.name}: none recorded as of {_day(self.check.checked_on)}"
        return f"{self.name}: not checked"


@dataclass
class ChangeLine:
    words: str
    tier: object
    partners: list[tuple[str, str]]  # (name, pair page)


@dataclass
class WorldMap:
    scheme: object
    centre: object
    as_of: dt.date
    view_box: str
    marks: list[Mark]
    shades: list[Shade]
    organisations: list[Mark]
    table: list[Mark]
    unchecked_count: int
    # Set by ``public.maps.map_of``: the changes after ``since``, and the first year worth stepping to.
    changes: list[tuple[int, list[ChangeLine]]] = field(default_factory=list)
    since: dt.date | None = None
    first_year: int | None = None

    @functools.cached_property
    def svg(self) -> SafeString:
        return svg_marks(self.marks)

    @functools.cached_property
    def table_rows(self) -> SafeString:
        return table_rows(self.table)

    @property
    def description(self) -> str:
        held = sum(1 for mark in self.table if mark.state in (LEVEL, POSSIBLE))
        checked = sum(1 for mark in self.table if mark.state == CHECKED)
        return (
            f"{held} partners of {self.centre.name} in {self.scheme.name} on {_day(self.as_of)}, "
            f"coloured by tier; {checked} checked and none recorded; "
            f"{self.unchecked_count} countries not checked. The table below lists the same."
        )


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def shades_for(tiers) -> dict[int, Shade]:
    """A colour per tier, by rank: tiers of equal rank (the literature does not order them) share one."""
    ranks = sorted({tier.rank for tier in tiers})
    by_rank = {}
    for position, rank in enumerate(ranks):
        index = round(position * (len(PALETTE) - 1) / max(len(ranks) - 1, 1)) if len(ranks) > 1 else 5
        by_rank[rank] = index
    return {
        tier.pk: Shade(tier, PALETTE[by_rank[tier.rank]], f"hatch-{by_rank[tier.rank]}") for tier in tiers
    }


@functools.cache
def _pair_pattern() -> str:
    # Reversed once: a map has a few hundred pairs, and reverse() is the slowest part of each.
    return reverse("public:pair", kwargs={"first": "FIRST0", "second": "SECOND0"})


def pair_path(first_code: str, second_code: str) -> str:
    return _pair_pattern().replace("FIRST0", first_code, 1).replace("SECOND0", second_code, 1)


def svg_marks(marks: list[Mark]) -> SafeString:
    """The countries' SVG groups, each in its link when it has one.

    Written here rather than looped over in the template: the loop over some 250 countries was most of
    the page's time (docs/map.md).
    """
    parts = []
    for mark in marks:
        label = escape(mark.label)
        classes = f"country country--{mark.state}" + (" country--highlight" if mark.highlighted else "")
        tier = f' data-tier="{escape(mark.tier.slug)}"' if mark.tier else ""
        group = (
            f'<g class="{classes}" data-code="{escape(mark.code)}" data-state="{mark.state}"{tier} '
            f'fill="{escape(mark.fill)}"><title>{label}</title>{mark.outline}</g>'
        )
        if mark.href:
            group = f'<a href="{escape(mark.href)}" class="country-link" aria-label="{label}">{group}</a>'
        parts.append(group)
    return mark_safe("\n".join(parts))


@functools.cache
def _source_pattern() -> str:
    return reverse("public:source", args=[987654321])


def table_rows(table: list[Mark]) -> SafeString:
    """The rows of the map's table (the same as the map, for screen readers and copying): written here, as
    the marks are, rather than in a template loop over some 250 countries."""
    rows = []
    for mark in table:
        name = escape(mark.name)
        if mark.href:
            name = f'<a href="{escape(mark.href)}">{name}</a>'
        if mark.tier:
            since = escape(mark.period.start) if mark.period.start_date else "unknown"
            certain = "yes" if mark.state == LEVEL else "possibly"
            cells = f"<td>{escape(mark.tier.name)}</td><td>{since}</td><td>{certain}</td>"
        else:
            sources = "".join(
                f'; source: <a href="{_source_pattern().replace("987654321", str(citation.source.pk))}">'
                f"{escape(citation.source.publisher)}, “{escape(citation.source.title)}”</a>"
                for citation in mark.check.cited
            )
            cells = (
                f'<td colspan="3">None recorded as of {_day(mark.check.checked_on)}, checked by '
                f"{escape(mark.check.checked_by)}{sources}</td>"
            )
        rows.append(f'<tr data-code="{escape(mark.code)}"><th scope="row">{name}</th>{cells}</tr>')
    return mark_safe("\n".join(rows))


def _preferred(periods) -> dict:
    """Per partner, the level to draw: a certain one before a possible one, then the latest start."""
    chosen = {}
    for period in periods:
        key = period.relationship_id
        current = chosen.get(key)
        rank = (period.is_certain, period.start_date or dt.date.min)
        if current is None or rank > (current.is_certain, current.start_date or dt.date.min):
            chosen[key] = period
    return chosen


def build(*, scheme, centre, as_of, tiers, periods, checks, countries, pair_keys, highlight=None) -> WorldMap:
    """Arrange the answers of ``public.maps``' queries into the map, its legend and its table.

    ``countries``: code → name of every country recorded; ``pair_keys``: partner code → pair address, for
    the partners with a published record (their pair page exists).
    """
    shapes = world_shapes()
    shades = shades_for(tiers)
    standing = {}
    organisations = []
    for period in _preferred(periods).values():
        partner = period.relationship.other_party(centre)
        shade = shades[period.tier_id]
        state = LEVEL if period.is_certain else POSSIBLE
        mark = Mark(
            code=partner.code,
            name=partner.name,
            state=state,
            fill=shade.fill if state == LEVEL else f"url(#{shade.pattern})",
            outline=mark_safe(shapes.outlines.get(partner.code, "")),
            href=pair_path(period.relationship.party_a.code, period.relationship.party_b.code),
            tier=period.tier,
            period=period,
        )
        if partner.kind == PartyKind.ORGANISATION:
            organisations.append(mark)
        else:
            standing[partner.code] = mark
    checked = {check.party.code: check for check in checks if check.party.code not in standing}
    marks = []
    for code, outline in shapes.outlines.items():
        mark = standing.get(code)
        if mark is None:
            name = countries.get(code, code)
            state, fill = UNCHECKED, NEVER_CHECKED
            if code == centre.code:
                state, fill = DECLARING, CENTRE
            elif code in checked:
                state, fill = CHECKED, CHECKED_NONE
            href = (
                reverse("public:party", kwargs={"code": code})
                if state == DECLARING
                else pair_keys.get(code, "")
            )
            mark = Mark(code, name, state, fill, mark_safe(outline), href=href, check=checked.get(code))
        mark.highlighted = highlight is not None and code == highlight.code
        marks.append(mark)
    # Organisations checked and found none are listed beside the map too.
    for check in checks:
        if check.party.kind == PartyKind.ORGANISATION and check.party.code not in {
            o.code for o in organisations
        }:
            organisations.append(
                Mark(check.party.code, check.party.name, CHECKED, CHECKED_NONE, mark_safe(""), check=check)
            )
    # The table holds every partner and check, those the outlines lack (a territory, a new state) too.
    drawn = {mark.code for mark in marks}
    off_map = [mark for mark in standing.values() if mark.code not in drawn] + [
        Mark(code, countries.get(code, code), CHECKED, CHECKED_NONE, mark_safe(""), check=check)
        for code, check in checked.items()
        if code not in drawn and check.party.kind != PartyKind.ORGANISATION
    ]
    table = sorted(
        [mark for mark in marks if mark.state in (LEVEL, POSSIBLE, CHECKED)] + off_map,
        key=lambda mark: (mark.state == CHECKED, -(mark.tier.rank if mark.tier else 0), mark.name),
    )
    ladder = sorted(shades.values(), key=lambda shade: (-shade.tier.rank, shade.tier.name))
    return WorldMap(
        scheme=scheme,
        centre=centre,
        as_of=as_of,
        view_box=shapes.view_box,
        marks=marks,
        shades=ladder,
        organisations=sorted(organisations, key=lambda mark: mark.name),
        table=table,
        unchecked_count=sum(1 for mark in marks if mark.state == UNCHECKED),
    )


def change_lines(periods, centre) -> list[tuple[int, list[ChangeLine]]]:
    """Changes grouped by year, then by what happened: [(2014, [upgraded to CSP — Algeria, …]), …]."""
    years: dict[int, dict] = {}
    for period in periods:
        words = CHANGE_WORDS.get(period.change_kind, CHANGE_WORDS[""])
        lines = years.setdefault(period.start_date.year, {})
        line = lines.setdefault(
            (words, period.tier_id), ChangeLine(f"{words} {period.tier.name}", period.tier, [])
        )
        partner = period.relationship.other_party(centre)
        line.partners.append(
            (partner.name, pair_path(period.relationship.party_a.code, period.relationship.party_b.code))
        )
    return [(year, list(lines.values())) for year, lines in sorted(years.items())]
