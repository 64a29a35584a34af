from django.conf import settings
from django.db import models

from partnerships.models.levels import LevelPeriod


class ConflictDecision(models.Model):
    """A reviewer's decision between a proposed level and the published one it contradicts, and why."""

    class Decision(models.TextChoices):
        ACCEPT_PROPOSAL = "accept_proposal", "published the proposal; retracted the level it contradicted"
        KEEP_PUBLISHED = "keep_published", "kept the published level; retracted the proposal"

    proposal = models.ForeignKey(LevelPeriod, on_delete=models.CASCADE, related_name="conflict_decisions")
    published = models.ForeignKey(
        LevelPeriod,
        # The decision stays on record if the level it weighed is ever deleted.
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    rationale = models.TextField(help_text="Why: which source is more authoritative, what the dates mean.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # The decision outlives the account.
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(rationale=""), name="conflict_decision_has_rationale"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.decided_at:%Y-%m-%d})"
