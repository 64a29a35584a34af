"""A pair's level over time: the level periods, their queries, and their citations.

What "as of" means with partial dates, and the rules that compare a pair's periods, are in
``partnerships.models.timeline``.
"""

import datetime as dt

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from core.history import tracked
from core.partial_dates import (
    PartialDateRulesInClean,
    Precision,
    check_partial_date,
    format_partial_date,
    latest_day,
    partial_date_constraints,
)
from core.versioning import version_bump_trigger, version_field
from partnerships.models.relationships import Relationship
from partnerships.models.tiers import Scheme, Tier
from partnerships.models.timeline import (
    CERTAIN_SQL,
    DURING_SQL,
    POSSIBLE_SQL,
    ChangeKind,
    EndStatus,
    Timeline,
)
from partnerships.status import Status, last_quote_kept, published_needs_quote
from sources.models import Citation


def overlap_message(overlapping: list) -> str:
    """Why a period is refused: the published periods of its pair and scheme that it overlaps."""
    return (
        "This pair already holds a published level in this scheme at that time: "
        + "; ".join(str(period) for period in overlapping)
        + ". End that period first, or correct these dates."
    )


class LevelPeriodQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def awaiting_review(self):
        return self.filter(status=Status.IN_REVIEW)

    def published_without_archived_copy(self):
        """Published levels citing a source of which no archived copy is recorded."""
        return self.published().filter(
            Exists(LevelPeriodCitation.objects.filter(level_period=OuterRef("pk"), source__archive_url=""))
        )

    def conflicting(self):
        """Proposals (draft or in review) that contradict a published level of the same pair and scheme.

        A proposal that starts after an ongoing published level is its successor (an upgrade), not a
        conflict; anything else overlapping a published level gives a different tier or date for it.
        """
        contradicted = (
            LevelPeriod.objects.published()
            .filter(
                relationship=OuterRef("relationship"),
                scheme=OuterRef("scheme"),
                during__overlap=OuterRef("during"),
            )
            .exclude(
                Q(end_status=EndStatus.ONGOING)
                & (Q(start_date__lt=OuterRef("start_date")) | Q(start_date__isnull=True))
            )
        )
        return self.filter(status__in=[Status.DRAFT, Status.IN_REVIEW]).filter(Exists(contradicted))

    def contradicted_by(self, proposal: "LevelPeriod"):
        """The published levels that ``proposal`` contradicts (see ``conflicting``)."""
        return (
            self.published()
            .filter(
                relationship=proposal.relationship_id,
                scheme=proposal.scheme_id,
                during__overlap=proposal.during,
            )
            .exclude(
                Q(end_status=EndStatus.ONGOING)
                & (Q(start_date__lt=proposal.start_date) | Q(start_date__isnull=True))
            )
            .exclude(pk=proposal.pk)
        )

    def in_scheme(self, scheme: Scheme | str):
        return self.filter(scheme__slug=scheme) if isinstance(scheme, str) else self.filter(scheme=scheme)

    def involving(self, party):
        return self.filter(Q(relationship__party_a=party) | Q(relationship__party_b=party))

    def between(self, first, second):
        return self.filter(relationship__in=Relationship.objects.between(first, second))

    def in_force_on(self, date: dt.date):
        """Periods certainly in force on ``date`` (see the module docstring)."""
        return self.filter(certain_span__contains=date)

    def possibly_in_force_on(self, date: dt.date):
        """Periods that may have been in force on ``date``, each with ``is_certain``."""
        return self.filter(possible_span__contains=date).annotate(
            is_certain=models.ExpressionWrapper(
                Q(certain_span__contains=date), output_field=models.BooleanField()
            )
        )

    def current(self):
        """Periods in force now: ongoing, and begun."""
        return self.filter(end_status=EndStatus.ONGOING).in_force_on(dt.date.today())

    def started_between(self, first: dt.date, last: dt.date):
        """Changes whose start may fall within ``first``..``last`` (inclusive), partial dates included."""
        return self.filter(start_date__lte=last, start_date__isnull=False).filter(
            Q(start_date_precision=Precision.DAY, start_date__gte=first)
            | Q(start_date_precision=Precision.MONTH, start_date__gte=first.replace(day=1))
            | Q(start_date_precision=Precision.YEAR, start_date__year__gte=first.year)
        )

    def with_parties(self):
        return self.select_related("relationship__party_a", "relationship__party_b", "scheme", "tier")

    def level_of(self, first, second, scheme: Scheme | str, on: dt.date) -> "LevelPeriod | None":
        """The level of the pair in ``scheme`` certainly in force on ``on``, or None."""
        return self.between(first, second).in_scheme(scheme).in_force_on(on).with_parties().first()

    def for_public_timeline(self):
        """Published periods with pair, scheme and tier, in timeline order (pair, party and tier pages)."""
        return (
            self.published()
            .with_parties()
            .order_by("scheme__slug", models.F("start_date").asc(nulls_first=True), "pk")
        )

    def with_citations(self):
        """Each period's citations with their sources, in one extra query (pair page)."""
        return self.prefetch_related(
            models.Prefetch("citations", queryset=LevelPeriodCitation.objects.with_sources())
        )

    def latest_changes(self):
        """Published changes, the most recent start first (home page)."""
        return self.published().filter(start_date__isnull=False).with_parties().order_by("-start_date", "-pk")

    def joined_between(self, since: dt.date, until: dt.date):
        """Periods in force on ``until`` whose pair held none of these levels on ``since`` (tier page)."""
        held_before = self.in_force_on(since).values("relationship")
        return self.in_force_on(until).exclude(relationship__in=held_before)

    def left_between(self, since: dt.date, until: dt.date):
        """Periods in force on ``since`` whose pair held none of these levels on ``until`` (tier page)."""
        held_after = self.in_force_on(until).values("relationship")
        return self.in_force_on(since).exclude(relationship__in=held_after)

    def cited_by(self, source):
        """Periods backed by ``source``, each with ``source_citations``: its citations of it (source page)."""
        citations = LevelPeriodCitation.objects.filter(source=source)
        return self.filter(pk__in=citations.values("level_period")).prefetch_related(
            models.Prefetch("citations", queryset=citations, to_attr="source_citations")
        )

    def visible_to(self, user):
        """Every period for a user who may view them (editors); published ones for everyone else (API)."""
        return self if user.has_perm("partnerships.view_levelperiod") else self.published()

    def changed_since(self, moment: dt.datetime):
        return self.filter(updated_at__gte=moment)

    def at_least_rank(self, rank: int):
        return self.filter(tier__rank__gte=rank)

    def for_api(self):
        """Periods with scheme, tier and cited sources: no query per row (API pairs and level details)."""
        citations = LevelPeriodCitation.objects.with_sources()
        return self.select_related("scheme", "tier").prefetch_related(
            # Kept as a plain list (to_attr): Django builds no queryset per period then (see ``cited``).
            models.Prefetch("citations", queryset=citations, to_attr="prefetched_citations")
        )

    def with_source_ids(self):
        """Each period with ``source_ids``, the sources citing it, in the same query (API levels, export)."""
        cited = LevelPeriodCitation.objects.filter(level_period=OuterRef("pk")).order_by("source_id")
        return self.annotate(source_ids=ArraySubquery(cited.values("source_id")))


@tracked(exclude=("during", "certain_span", "possible_span"))
class LevelPeriod(PartialDateRulesInClean, models.Model):
    """A pair's level in one scheme from a start to an end, and how it came about."""

    relationship = models.ForeignKey(
        Relationship,
        # A curated timeline is never deleted as a side effect of deleting its pair.
        on_delete=models.PROTECT,
        related_name="level_periods",
    )
    scheme = models.ForeignKey(
        Scheme,
        # Reference data.
        on_delete=models.PROTECT,
        related_name="level_periods",
        help_text="Whose wording this is: China's ladder and the partner's own are separate timelines.",
    )
    tier = models.ForeignKey(
        Tier,
        # Reference data.
        on_delete=models.PROTECT,
        related_name="level_periods",
    )
    wording = models.CharField(
        max_length=300, blank=True, help_text="The official wording verbatim, qualifiers included."
    )
    start_date = models.DateField(
        null=True, blank=True, help_text="When the level began (first day of the period if month or year)."
    )
    start_date_precision = models.CharField(max_length=8, choices=Precision.choices, default=Precision.DAY)
    start_approximate = models.BooleanField(
        default=False, help_text="The source gives the start as approximate."
    )
    end_status = models.CharField(max_length=8, choices=EndStatus.choices, default=EndStatus.ONGOING)
    end_date = models.DateField(
        null=True, blank=True, help_text="The day the level stopped, usually the day its successor began."
    )
    end_date_precision = models.CharField(max_length=8, choices=Precision.choices, default=Precision.UNKNOWN)
    end_approximate = models.BooleanField(default=False)
    change_kind = models.CharField(
        max_length=12,
        choices=ChangeKind.choices,
        blank=True,
        help_text="How this level came about. "
        "Left empty, it is derived from the ranks of the previous level.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(blank=True)
    retraction_reason = models.TextField(
        blank=True,
        help_text="Why a published level was withdrawn; shown to curators, required when retracted.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    during = models.GeneratedField(
        expression=RawSQL(DURING_SQL, []), output_field=DateRangeField(), db_persist=True
    )
    certain_span = models.GeneratedField(
        expression=RawSQL(CERTAIN_SQL, []), output_field=DateRangeField(), db_persist=True
    )
    possible_span = models.GeneratedField(
        expression=RawSQL(POSSIBLE_SQL, []), output_field=DateRangeField(), db_persist=True
    )

    objects = LevelPeriodQuerySet.as_manager()
    # clean() names the overlapping periods; the generated range is not computed before saving.
    constraints_explained_by_clean = ("level_period_no_overlap",)

    version = version_field()

    class Meta:
        triggers = [
            version_bump_trigger(),
            published_needs_quote(
                claim="level",
                claim_table="partnerships_levelperiod",
                citation_table="partnerships_levelperiodcitation",
                claim_column="level_period_id",
            ),
        ]
        permissions = [
            ("publish_levelperiod", "Can publish level periods and send them back to draft"),
            ("retract_levelperiod", "Can retract published level periods"),
        ]
        ordering = ["relationship", "scheme", "start_date"]
        constraints = [
            # A pair holds one published level at a time in each scheme. Drafts may overlap it: they are
            # proposals (an upgrade, a correction) that take effect when published.
            ExclusionConstraint(
                name="level_period_no_overlap",
                expressions=[
                    ("relationship", RangeOperators.EQUAL),
                    ("scheme", RangeOperators.EQUAL),
                    ("during", RangeOperators.OVERLAPS),
                ],
                condition=Q(status=Status.PUBLISHED),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETRACTED) | ~Q(retraction_reason=""),
                name="level_period_retraction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="level_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(end_status=EndStatus.ENDED) & Q(end_date__isnull=False))
                | (~Q(end_status=EndStatus.ENDED) & Q(end_date__isnull=True)),
                name="level_period_end_date_iff_ended",
            ),
            *partial_date_constraints("level_period", "start_date", nullable=True),
            *partial_date_constraints("level_period", "end_date", nullable=True),
            # The tier must belong to the period's scheme: a composite foreign key added in migration 0002.
        ]
        indexes = [
            # As-of questions: "the level on date D" (in_force_on, possibly_in_force_on).
            GistIndex(fields=["certain_span"], name="level_period_certain_gist"),
            GistIndex(fields=["possible_span"], name="level_period_possible_gist"),
            # "Changes between D1 and D2" and timelines in date order.
            models.Index(fields=["start_date"], name="level_period_start"),
            models.Index(fields=["tier", "status"], name="level_period_tier_status"),
        ]

    def __str__(self) -> str:
        first, second = self.parties_in_reading_order()
        since = format_partial_date(
            self.start_date, self.start_date_precision, approximate=self.start_approximate
        )
        until = (
            format_partial_date(self.end_date, self.end_date_precision, approximate=self.end_approximate)
            if self.end_status == EndStatus.ENDED
            else ("?" if self.end_status == EndStatus.UNKNOWN else "")
        )
        return f"{first} – {second}: {self.tier.name} ({since}–{until})"

    def parties_in_reading_order(self):
        """The pair with the scheme's declaring party first: "China – Argentina" on China's ladder."""
        first, second = self.relationship.party_a, self.relationship.party_b
        if self.scheme.declaring_party_id == second.pk:
            first, second = second, first
        return first, second

    @property
    def start(self) -> str:
        return format_partial_date(
            self.start_date, self.start_date_precision, approximate=self.start_approximate
        )

    @property
    def end(self) -> str:
        if self.end_status == EndStatus.ONGOING:
            return ""
        return format_partial_date(self.end_date, self.end_date_precision, approximate=self.end_approximate)

    @property
    def start_latest(self) -> dt.date | None:
        return latest_day(self.start_date, self.start_date_precision) if self.start_date else None

    def recorded_timeline(self) -> Timeline:
        """This period among the published periods recorded for its pair and scheme (one query)."""
        others = (
            LevelPeriod.objects.published()
            .filter(relationship_id=self.relationship_id, scheme_id=self.scheme_id)
            .exclude(pk=self.pk)
            .with_parties()
        )
        return Timeline([*others, self])

    def previous_period(self) -> "LevelPeriod | None":
        """The published period of the same pair and scheme that began before this one (its predecessor)."""
        if not (self.relationship_id and self.scheme_id and self.start_date):
            return None
        return self.recorded_timeline().previous(self)

    def derived_change_kind(self) -> str:
        if not (self.relationship_id and self.scheme_id):
            return ChangeKind.ESTABLISHED
        return self.recorded_timeline().change_kind(self)

    def clean(self):
        errors = {}
        if self.end_status != EndStatus.ENDED:
            self.end_date, self.end_date_precision = None, Precision.UNKNOWN
        if self.start_date is None:
            self.start_date_precision = Precision.UNKNOWN
        errors.update(check_partial_date(self.start_date, self.start_date_precision, field="start_date"))
        if self.end_status == EndStatus.ENDED:
            errors.update(
                check_partial_date(self.end_date, self.end_date_precision, field="end_date", required=True)
            )
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = "The end must come after the start."
        if self.status == Status.RETRACTED and not self.retraction_reason.strip():
            errors["retraction_reason"] = "Say why the level is retracted."
        if self.tier_id and self.scheme_id and self.tier.scheme_id != self.scheme_id:
            errors["tier"] = f"“{self.tier}” belongs to the {self.tier.scheme} scheme, not to {self.scheme}."
        if errors:
            raise ValidationError(errors)
        deriving = not self.change_kind and self.tier_id
        if not (self.relationship_id and self.scheme_id) or not (self.status == Status.PUBLISHED or deriving):
            if deriving:
                self.change_kind = ChangeKind.ESTABLISHED
            return
        timeline = self.recorded_timeline()
        overlapping = timeline.overlapping(self)
        if overlapping:
            raise ValidationError({"start_date": overlap_message(overlapping)})
        if deriving:
            self.change_kind = timeline.change_kind(self)

    def cited(self) -> list["LevelPeriodCitation"]:
        """Its citations with their sources: those ``for_api`` prefetched, else read now."""
        if hasattr(self, "prefetched_citations"):
            return self.prefetched_citations
        return list(self.citations.with_sources().order_by("pk"))


@tracked()
class LevelPeriodCitation(Citation):
    level_period = models.ForeignKey(LevelPeriod, on_delete=models.CASCADE, related_name="citations")

    class Meta:
        triggers = [
            last_quote_kept(
                claim="level",
                claim_table="partnerships_levelperiod",
                citation_table="partnerships_levelperiodcitation",
                claim_column="level_period_id",
            )
        ]
        ordering = ["level_period", "id"]
        constraints = [
            models.UniqueConstraint(fields=["level_period", "source", "quote"], name="level_citation_unique"),
        ]
