"""Coverage said out loud: a declaring scheme checked for a partner, and no partnership found.

A party with no level on the map is either *checked, none recorded* (a curator looked, on a date, in a
cited source, and found nothing) or simply *never checked*; the map and the API tell the two apart.
A check is a claim like a level: reviewed, published only with a quoted citation, its history kept.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.history import tracked
from core.versioning import version_bump_trigger, version_field
from partnerships.models.levels import LevelPeriod
from partnerships.models.parties import Party
from partnerships.models.tiers import Scheme
from partnerships.status import QuotedClaim, Status
from sources.models import Citation

QUOTED_CHECKS = QuotedClaim(
    claim="coverage check",
    plural="coverage checks",
    claim_table="partnerships_coveragecheck",
    citation_table="partnerships_coveragecheckcitation",
    claim_field="coverage_check",
)


class CoverageCheckQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def in_scheme(self, scheme: Scheme | str):
        return self.filter(scheme__slug=scheme) if isinstance(scheme, str) else self.filter(scheme=scheme)

    def standing_on(self, date: dt.date):
        """Each checked party's latest published check made on or before ``date`` (the map, the API).

        A check says nothing about days before it was made; a level recorded later takes precedence.
        """
        return (
            self.published()
            .filter(checked_on__lte=date)
            .order_by("scheme_id", "party_id", "-checked_on", "-pk")
            .distinct("scheme_id", "party_id")
        )

    def for_api(self):
        """Checks with their scheme, party and quoted sources: no query per row (API coverage)."""
        return self.select_related("scheme", "party").prefetch_related(
            models.Prefetch(
                "citations",
                queryset=CoverageCheckCitation.objects.with_sources(),
                to_attr="prefetched_citations",
            )
        )

    def visible_to(self, user):
        return self if user.has_perm("partnerships.view_coveragecheck") else self.published()


@tracked()
class CoverageCheck(models.Model):
    """ "None recorded as of D": ``scheme``'s declaring party was checked for ``party``; nothing found."""

    scheme = models.ForeignKey(
        Scheme,
        # Reference data.
        on_delete=models.PROTECT,
        related_name="coverage_checks",
        help_text="The declaring side's vocabulary that was searched.",
    )
    party = models.ForeignKey(
        Party,
        # A party checked is reference data; the check is not deleted with it silently.
        on_delete=models.PROTECT,
        related_name="coverage_checks",
        help_text="The partner searched for, and not found.",
    )
    checked_on = models.DateField(help_text="The day the check holds for: no partnership recorded as of it.")
    checked_by = models.CharField(
        max_length=200, help_text="Who checked, as the public page names them (a curator, a project)."
    )
    notes = models.TextField(blank=True, help_text="Where and how it was looked for.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    retraction_reason = models.TextField(
        blank=True, help_text="Why a published check was withdrawn; required when retracted."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoverageCheckQuerySet.as_manager()

    version = version_field()

    class Meta:
        triggers = [version_bump_trigger(), QUOTED_CHECKS.publication_rule()]
        permissions = QUOTED_CHECKS.review_permissions()
        ordering = ["scheme", "party", "-checked_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "party", "checked_on"], name="coverage_check_once_a_day"
            ),
            models.CheckConstraint(condition=~Q(checked_by=""), name="coverage_check_names_checker"),
            models.CheckConstraint(
                condition=~Q(status=Status.RETRACTED) | ~Q(retraction_reason=""),
                name="coverage_check_retraction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.slug}: no partnership with {self.party} as of {self.checked_on:%Y-%m-%d}"

    @property
    def cited(self) -> list:
        if hasattr(self, "prefetched_citations"):
            return self.prefetched_citations
        return list(self.citations.with_sources().order_by("pk"))

    def clean(self):
        errors = {}
        if not (self.checked_by or "").strip():
            errors["checked_by"] = "Say who checked: the public page names them."
        if self.scheme_id and self.party_id:
            if self.scheme.declaring_party_id == self.party_id:
                errors["party"] = "A scheme's declaring party is not its own partner."
            elif self.checked_on and (level := self._contradicting_level()) is not None:
                errors["checked_on"] = (
                    f"A published level may be in force on that day: {level}. "
                    "A check records that none was found."
                )
        if self.status == Status.RETRACTED and not self.retraction_reason.strip():
            errors["retraction_reason"] = "Say why the check is retracted."
        if errors:
            raise ValidationError(errors)

    def _contradicting_level(self):
        declaring = self.scheme.declaring_party
        if declaring is None:
            return None
        return (
            LevelPeriod.objects.published()
            .between(declaring, self.party)
            .in_scheme(self.scheme)
            .possibly_in_force_on(self.checked_on)
            .with_parties()
            .first()
        )


@tracked()
class CoverageCheckCitation(Citation):
    coverage_check = models.ForeignKey(CoverageCheck, on_delete=models.CASCADE, related_name="citations")

    Meta = QUOTED_CHECKS.citation_meta(unique_name="coverage_check_citation_unique")
