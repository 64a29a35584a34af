"""A pair's level over time: the level periods, their queries, and their citations.

What "as of" means with partial dates, and the rules that compare a pair's periods, are in
``partnerships.models.timeline``.
"""

import datetime as dt

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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
from partnerships.models.citations import QUOTED_LEVELS, LevelPeriodCitation
from partnerships.models.level_queries import LevelPeriodQuerySet
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
from partnerships.status import Status

# A level as it is written down: the fields an editor gives through the API and the columns of the data
# package's level rows, named alike (a partial date as one value: ``start``, ``end``).
LEVEL_AS_WRITTEN = (
    "party_a",
    "party_b",
    "scheme",
    "tier",
    "wording",
    "start",
    "start_approximate",
    "end_status",
    "end",
    "end_approximate",
    "change_kind",
    "status",
)


def overlap_message(overlapping: list) -> str:
    """Why a period is refused: the published periods of its pair and scheme that it overlaps."""
    return (
        "This pair already holds a published level in this scheme at that time: "
        + "; ".join(str(period) for period in overlapping)
        + ". End that period first, or correct these dates."
    )


@tracked(exclude=("during", "certain_span", "possible_span"), written_in_bulk=True)
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
        triggers = [version_bump_trigger(), QUOTED_LEVELS.publication_rule(batch_checked=True)]
        permissions = QUOTED_LEVELS.review_permissions()
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
