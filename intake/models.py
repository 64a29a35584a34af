"""Candidate claims found in articles, waiting for a curator's decision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from events.models import Meeting
from partnerships.models import LevelPeriod
from sources.models import Source


class Article(Source):
    """A source seen from intake: its text, and the candidate claims found in it."""

    class Meta:
        proxy = True
        verbose_name = "article"
        verbose_name_plural = "articles"


class CandidateType(models.TextChoices):
    LEVEL = "level", "level statement"
    MEETING = "meeting", "meeting"
    # Announced, expected or hoped for: shown to the curator, never recorded as a meeting.
    PLANNED = "planned", "planned meeting"


class Decision(models.TextChoices):
    PENDING = "pending", "pending"
    ACCEPTED = "accepted", "accepted"
    REJECTED = "rejected", "rejected"
    MERGED = "merged", "merged"


class CandidateQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(decision=Decision.PENDING)

    def meetings(self):
        """Meeting and planned-meeting candidates: the ones a curator can merge and split."""
        return self.filter(type__in=[CandidateType.MEETING, CandidateType.PLANNED])

    def for_review(self):
        """The article page's list: every candidate of a source, in text order, with what it created."""
        return self.select_related(
            "decided_by",
            "level_period__relationship__party_a",
            "level_period__relationship__party_b",
            "level_period__tier",
            "level_period__scheme",
            "meeting",
            "merged_into",
        ).order_by("start", "type", "key")


class Candidate(models.Model):
    """A claim the extractor read in a source: a level statement or a meeting, with its exact words."""

    source = models.ForeignKey(
        Source,
        # Candidates are a by-product of reading the source and mean nothing without it.
        on_delete=models.CASCADE,
        related_name="intake_candidates",
    )
    type = models.CharField(max_length=8, choices=CandidateType.choices)
    key = models.CharField(
        max_length=200,
        help_text="What is claimed, apart from where: the pair and tier, or the meeting's parties.",
    )
    payload = models.JSONField(
        help_text="Everything the extractor read: parties, tier, kind, date, participants."
    )
    quote = models.TextField(
        help_text="The sentence that states the claim, verbatim; a meeting's other ones are in the payload."
    )
    start = models.PositiveIntegerField(
        help_text="Offset of the quote's first character in the source's text."
    )
    end = models.PositiveIntegerField(help_text="Offset just after the quote's last character.")
    decision = models.CharField(max_length=8, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # The decision stays on record when the curator's account goes.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    level_period = models.ForeignKey(
        LevelPeriod,
        # Deleting the draft it created reopens nothing: the candidate keeps its decision and quote.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intake_candidates",
    )
    meeting = models.ForeignKey(
        Meeting,
        # As level_period.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intake_candidates",
    )
    merged_into = models.ForeignKey(
        "self",
        # A candidate merged into another means nothing once that one is gone.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="merged",
        help_text="The candidate this one was merged into by a curator.",
    )
    curated = models.BooleanField(
        default=False,
        help_text="Merged or split by a curator: running the extractor again leaves it as it is.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["source", "start", "type", "key"]
        constraints = [
            # Re-running the extractor on the same text finds the same candidates; it must not add them twice.
            models.UniqueConstraint(
                fields=["source", "type", "start", "end", "key"], name="intake_candidate_unique"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="intake_candidate_quote_not_empty"),
            models.CheckConstraint(
                condition=Q(decision=Decision.PENDING) | Q(decided_at__isnull=False),
                name="intake_candidate_decision_dated",
            ),
            # A merged candidate always says into which one; no other candidate does.
            models.CheckConstraint(
                condition=Q(decision=Decision.MERGED, merged_into__isnull=False)
                | (~Q(decision=Decision.MERGED) & Q(merged_into__isnull=True)),
                name="intake_candidate_merged_into_one",
            ),
        ]
        indexes = [
            # The review queue: pending candidates of a source.
            models.Index(fields=["source", "decision"], name="intake_candidate_queue"),
        ]

    def __str__(self) -> str:
        payload = self.payload or {}
        if self.type == CandidateType.LEVEL:
            tier = payload.get("tier_name") or payload.get("tier")
            what = f"{payload.get('party_a')} – {payload.get('party_b')}: {tier}"
        else:
            what = f"{payload.get('kind')} of {', '.join(payload.get('parties') or [])}"
        date = payload.get("date") or "undated"
        if payload.get("end_date"):
            date += f" to {payload['end_date']}"
        return f"{self.get_type_display().capitalize()}, {what} ({date})"

    @property
    def is_meeting(self) -> bool:
        return self.type in (CandidateType.MEETING, CandidateType.PLANNED)

    @property
    def sentences(self) -> list[dict]:
        """Every sentence that backs the claim, in text order, with its offsets and role (headline,
        body, or a line repeating the headline); a candidate stored before meetings were merged has one."""
        stored = (self.payload or {}).get("sentences")
        if stored:
            return stored
        return [{"start": self.start, "end": self.end, "quote": self.quote, "role": "body"}]

    def clean(self):
        if self.end is not None and self.start is not None and self.end <= self.start:
            raise ValidationError({"end": "The quote must end after it starts."})
        if self.decision != Decision.PENDING and self.decided_at is None:
            raise ValidationError({"decided_at": "A decision needs its date."})
        if (self.decision == Decision.MERGED) != (self.merged_into_id is not None):
            raise ValidationError(
                {"merged_into": "A merged candidate, and only it, names the one it was merged into."}
            )
