"""Level periods as table rows, for the admin's import and export and for ``import_dataset``.

A row names its pair by party codes (alpha-2, alpha-3 or an organisation's code; a name or alias also
works), its tier by scheme and tier slug, its sources by URL (see ``dataset.codecs.sources``). A row is the
same level as a recorded one when pair, scheme, tier and start agree: importing it again updates the
rest (end, status, notes, citations) or changes nothing.
"""

from dataclasses import dataclass

from django.db.models import F, Prefetch
from django.db.models.functions import Greatest, Least

from core.partial_dates import Precision
from dataset.codecs.cells import (
    RowErrors,
    approximate_cell,
    cell,
    choice_cell,
    clean_without_queries,
    has_date_cell,
    partial_date_cell,
    render_bool,
    render_partial_date,
)
from dataset.codecs.reference import PartyIndex, TierIndex
from dataset.codecs.sources import (
    CITATION_FIELDS,
    Related,
    SourceIndex,
    parse_citations,
    render_citations,
    resolve_citations,
    source_keys_of_citations,
    sync_related,
)
from partnerships.models import (
    ChangeKind,
    EndStatus,
    LevelPeriod,
    LevelPeriodCitation,
    Party,
    Relationship,
    Scheme,
)
from partnerships.models.levels import LEVEL_AS_WRITTEN
from partnerships.status import Status

NEEDS_QUOTE = "Nothing is published without at least one citation with a quote: add the source's words first."


def lacks_quote(status: str, citations: Related | None, recorded: set) -> bool:
    """Whether a claim would be published without a quoted citation (the rule the database enforces)."""
    kept = citations.keys() if citations is not None else recorded
    return status == Status.PUBLISHED and not any(quote.strip() for _, quote, _ in kept)


def pair_in_reading_order(first: Party, second: Party, scheme: Scheme) -> tuple[Party, Party]:
    """The scheme's declaring party first, else the lower code first: the same in every database."""
    if scheme.declaring_party_id in (first.pk, second.pk):
        declaring = first if first.pk == scheme.declaring_party_id else second
        return declaring, second if declaring is first else first
    return tuple(sorted([first, second], key=lambda party: party.code))


def pair_ids(first: Party, second: Party) -> tuple[int, int]:
    return (first.pk, second.pk) if first.pk < second.pk else (second.pk, first.pk)


LevelKey = tuple[tuple[int, int], int, int, object, str]


def key_of_period(period: LevelPeriod) -> LevelKey:
    """Pair, scheme, tier and start: what makes a row the same level as a recorded one."""
    relationship = period.relationship
    return (
        (relationship.party_a_id, relationship.party_b_id),
        period.scheme_id,
        period.tier_id,
        period.start_date,
        period.start_date_precision,
    )


def render_level_reference(period: LevelPeriod) -> str:
    """``CN-VE/cn/all-weather-strategic-partnership/2023-09``: codes alphabetically, ``?`` if undated."""
    codes = sorted([period.relationship.party_a.code, period.relationship.party_b.code])
    start = render_partial_date(period.start_date, period.start_date_precision) or "?"
    return f"{codes[0]}-{codes[1]}/{period.scheme.slug}/{period.tier.slug}/{start}"


@dataclass
class LevelRow:
    """What a row says beyond the period's own fields: its two parties and its citations."""

    first: Party
    second: Party
    citations: Related | None = None  # None: the file has no citations column; leave them as recorded
    change_kind_given: bool = True

    def citations_unchanged(self, recorded: set) -> bool:
        return self.citations is None or self.citations.keys() == recorded


class LevelPeriodRows:
    """Level periods as rows. ``prepare`` loads parties, tiers, pairs, periods and sources in bulk."""

    model = LevelPeriod
    table = "level_periods"
    columns = (*LEVEL_AS_WRITTEN, "retraction_reason", "notes", "citations")
    field_columns = {
        "start_date": "start",
        "start_date_precision": "start",
        "end_date": "end",
        "end_date_precision": "end",
        "relationship": "party_b",
    }
    required = ("party_a", "party_b", "scheme", "tier", "start")
    fields = (
        "scheme_id",
        "tier_id",
        "wording",
        "start_date",
        "start_date_precision",
        "start_approximate",
        "end_status",
        "end_date",
        "end_date_precision",
        "end_approximate",
        "change_kind",
        "status",
        "retraction_reason",
        "notes",
    )

    def __init__(self, *, sources: SourceIndex | None = None, parties: PartyIndex | None = None):
        self.sources = sources or SourceIndex()
        self._parties = parties
        self._tiers = None
        self.relationships: dict[tuple[int, int], Relationship] = {}
        self.periods: dict[LevelKey, LevelPeriod] = {}
        self.citations: dict[int, set[tuple[int, str, str]]] = {}
        self._keys: dict[
            int, tuple[dict, LevelKey | None]
        ] = {}  # by id(row); the row is kept so ids stay unique

    @property
    def parties(self) -> PartyIndex:
        if self._parties is None:
            self._parties = PartyIndex()
        return self._parties

    @property
    def tiers(self) -> TierIndex:
        if self._tiers is None:
            self._tiers = TierIndex()
        return self._tiers

    # Finding ------------------------------------------------------------------------------------------

    def pair(self, row: dict) -> tuple[Party, Party]:
        return self.parties.get(cell(row, "party_a")), self.parties.get(cell(row, "party_b"))

    def key(self, row: dict) -> LevelKey | None:
        """The row's natural key, or None when a part of it is unreadable (``apply`` says which)."""
        # Asked for when preparing, checking for repeats and finding: read once per row.
        if id(row) not in self._keys:
            self._keys[id(row)] = (row, self._key(row))
        return self._keys[id(row)][1]

    def _key(self, row: dict) -> LevelKey | None:
        try:
            first, second = self.pair(row)
            tier = self.tiers.get(cell(row, "scheme"), cell(row, "tier"))
            start = partial_date_cell(row, "start")
        except ValueError:
            return None
        return (
            pair_ids(first, second),
            tier.scheme_id,
            tier.pk,
            start.date if start else None,
            start.precision if start else Precision.UNKNOWN,
        )

    def prepare(self, rows: list[dict]) -> None:
        """Load the pairs the rows name, their periods and citations, and the sources cited: five queries."""
        pairs = {key[0] for key in map(self.key, rows) if key}
        self.load_pairs(pairs)
        self.sources.load(source_keys_of_citations(rows))

    def load_pairs(self, pairs: set[tuple[int, int]]) -> None:
        pairs -= set(self.relationships)
        if not pairs:
            return
        low = {a for a, _ in pairs}
        high = {b for _, b in pairs}
        recorded = Relationship.objects.filter(party_a__in=low, party_b__in=high).select_related(
            "party_a", "party_b"
        )
        for relationship in recorded:
            if (relationship.party_a_id, relationship.party_b_id) in pairs:
                self.relationships[(relationship.party_a_id, relationship.party_b_id)] = relationship
        known = {
            relationship.pk: relationship for relationship in self.relationships.values() if relationship.pk
        }
        periods = LevelPeriod.objects.filter(relationship__in=list(known)).select_related("scheme", "tier")
        for period in periods:
            period.relationship = known[period.relationship_id]
            self.periods[key_of_period(period)] = period
            self.citations[period.pk] = set()
        cited = LevelPeriodCitation.objects.filter(level_period__relationship__in=known)
        for period_id, source_id, quote, locator in cited.values_list(
            "level_period_id", "source_id", "quote", "locator"
        ):
            self.citations[period_id].add((source_id, quote, locator))

    def find(self, row: dict) -> LevelPeriod | None:
        key = self.key(row)
        return self.periods.get(key) if key else None

    def relationship_for(self, first: Party, second: Party) -> Relationship:
        """The recorded pair, or a new unsaved one in canonical order."""
        ids = pair_ids(first, second)
        relationship = self.relationships.get(ids)
        if relationship is None:
            low, high = (first, second) if first.pk < second.pk else (second, first)
            relationship = Relationship(party_a=low, party_b=high)
            self.relationships[ids] = relationship
        return relationship

    # Rendering ----------------------------------------------------------------------------------------

    def for_export(self, queryset):
        """Periods with pair, scheme, tier and cited sources (no text), in an order any database agrees on."""
        citations = LevelPeriodCitation.objects.with_sources()
        return (
            queryset.select_related("relationship__party_a", "relationship__party_b", "scheme", "tier")
            .prefetch_related(Prefetch("citations", queryset=citations))
            .annotate(
                first_code=Least("relationship__party_a__code", "relationship__party_b__code"),
                second_code=Greatest("relationship__party_a__code", "relationship__party_b__code"),
            )
            .order_by(
                "scheme__slug",
                "first_code",
                "second_code",
                F("start_date").asc(nulls_first=True),
                "tier__slug",
                "status",
                "pk",
            )
        )

    def to_row(self, period: LevelPeriod) -> dict[str, str]:
        first, second = pair_in_reading_order(
            period.relationship.party_a, period.relationship.party_b, period.scheme
        )
        ended = period.end_status == EndStatus.ENDED
        return {
            "party_a": first.code,
            "party_b": second.code,
            "scheme": period.scheme.slug,
            "tier": period.tier.slug,
            "wording": period.wording,
            "start": render_partial_date(period.start_date, period.start_date_precision),
            "start_approximate": render_bool(period.start_approximate),
            "end_status": period.end_status,
            "end": render_partial_date(period.end_date, period.end_date_precision) if ended else "",
            "end_approximate": render_bool(period.end_approximate),
            "change_kind": period.change_kind,
            "status": period.status,
            "retraction_reason": period.retraction_reason,
            "notes": period.notes,
            "citations": render_citations(period.citations.all()) if period.pk else "",
        }

    # Applying -----------------------------------------------------------------------------------------

    def apply(self, row: dict, period: LevelPeriod) -> LevelRow:
        """Set ``period`` from ``row`` (not its pair: see ``LevelRow``), checking what needs no other record.

        Raises ValidationError keyed by column. The rules that compare records (overlaps, the change
        kind derived from the previous level) are left to ``full_clean()`` or to the set-based import.
        """
        errors = RowErrors(self.field_columns)
        given = row.keys()
        first = second = None
        with errors.check("party_a"):
            first = self.parties.get(cell(row, "party_a"))
        with errors.check("party_b"):
            second = self.parties.get(cell(row, "party_b"))
        if first is not None and first == second:
            errors.add("party_b", "A relationship needs two different parties.")
        with errors.check("tier"):
            tier = self.tiers.get(cell(row, "scheme"), cell(row, "tier"))
            period.tier, period.scheme = tier, tier.scheme
        if "wording" in given:
            period.wording = cell(row, "wording")
        with errors.check("start"):
            start = partial_date_cell(row, "start")
            period.start_date = start.date if start else None
            period.start_date_precision = start.precision if start else Precision.UNKNOWN
        with errors.check("start_approximate"):
            approximate = approximate_cell(row, "start", "start_approximate")
            if approximate is not None or "start_approximate" in given:
                period.start_approximate = bool(approximate)
        with errors.check("end_status"):
            if "end_status" in given:
                period.end_status = choice_cell(row, "end_status", EndStatus, default=EndStatus.ONGOING)
        with errors.check("end"):
            if has_date_cell(row, "end"):
                end = partial_date_cell(row, "end")
                if end and period.end_status != EndStatus.ENDED:
                    raise ValueError("An end date needs the end status “ended”.")
                period.end_date = end.date if end else None
                period.end_date_precision = end.precision if end else Precision.UNKNOWN
        with errors.check("end_approximate"):
            approximate = approximate_cell(row, "end", "end_approximate")
            if approximate is not None or "end_approximate" in given:
                period.end_approximate = bool(approximate)
        # Left empty, the change kind is derived from the previous level (as the admin does); a recorded
        # one is kept.
        change_kind_given = bool(cell(row, "change_kind"))
        with errors.check("change_kind"):
            if change_kind_given:
                period.change_kind = choice_cell(row, "change_kind", ChangeKind)
        with errors.check("status"):
            if "status" in given:
                period.status = choice_cell(row, "status", Status, default=Status.DRAFT)
        for name in ("notes", "retraction_reason"):
            if name in given:
                setattr(period, name, cell(row, name))
        citations = None
        with errors.check("citations"):
            if "citations" in given:
                citations = resolve_citations(parse_citations(row), self.sources, LevelPeriodCitation, errors)
        if lacks_quote(period.status, citations, self.citations.get(period.pk, set())):
            errors.add("citations", NEEDS_QUOTE)
        if not errors:
            with errors.check("row"):
                clean_without_queries(period, foreign_keys=["relationship", "scheme", "tier"])
        errors.raise_if_any()
        return LevelRow(first, second, citations, change_kind_given or bool(period.change_kind))

    def snapshot(self, period: LevelPeriod) -> tuple:
        return tuple(getattr(period, name) for name in self.fields)

    def write_citations(self, rows: dict[int, LevelRow]) -> None:
        """Write the citations of saved periods (those whose row has a citations column), in bulk."""
        wanted = {pk: row.citations for pk, row in rows.items() if row.citations is not None}
        sync_related(LevelPeriodCitation, "level_period", CITATION_FIELDS, wanted, self.citations)
        for pk, citations in wanted.items():
            self.citations[pk] = set(citations)
