"""The review workflow of claims (level periods and meetings): draft → in review → published → retracted.

Editors create and edit drafts and submit them; reviewers publish, send back and retract. Each step is
one function, one transaction, refused with a readable ValidationError when the rules say no.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from partnerships.models import ConflictDecision, EndStatus, LevelPeriod
from partnerships.status import Status


def _permission(claim, action: str) -> str:
    opts = claim._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def _require(user, claim, action: str) -> None:
    if user is not None and not user.has_perm(_permission(claim, action)):
        raise PermissionDenied(f"You may not {action} {claim._meta.verbose_name_plural}.")


def writable_statuses(user, model) -> frozenset[str]:
    """The statuses in which ``user`` may create or change a claim of ``model`` (a level period, a meeting),
    and to which they may change one: draft and in review for editors; published with the publish
    permission, retracted with the retract permission besides. Published and retracted claims are the
    public record: the admin's change form and every import hold to this one rule.
    """
    statuses = {Status.DRAFT, Status.IN_REVIEW}
    if user.has_perm(_permission(model, "publish")):
        statuses.add(Status.PUBLISHED)
        if user.has_perm(_permission(model, "retract")):
            statuses.add(Status.RETRACTED)
    return frozenset(statuses)


def _require_status(claim, allowed: set, action: str) -> None:
    if claim.status not in allowed:
        names = " or ".join(sorted(Status(status).label for status in allowed))
        raise ValidationError(
            {
                "status": f"Only a {names} {claim._meta.verbose_name} can be {action}; "
                f"this one is {claim.get_status_display()}."
            }
        )


def has_quoted_citation(claim) -> bool:
    return claim.citations.exclude(quote__regex=r"^\s*$").exists()


def _save(claim) -> None:
    claim.full_clean()
    claim.save()


@transaction.atomic
def submit_for_review(claim, *, user=None):
    """Draft → in review (editors)."""
    _require_status(claim, {Status.DRAFT}, "submitted for review")
    claim.status = Status.IN_REVIEW
    _save(claim)


@transaction.atomic
def send_back(claim, *, user=None):
    """In review → draft (reviewers), e.g. to fix a citation."""
    _require(user, claim, "publish")
    _require_status(claim, {Status.IN_REVIEW}, "sent back")
    claim.status = Status.DRAFT
    _save(claim)


@transaction.atomic
def publish(claim, *, user=None, allowed_from=frozenset({Status.IN_REVIEW})):
    """In review → published (reviewers). Needs a citation with a quote.

    A level ends the ongoing published level of the same pair and scheme that began before it: an
    upgrade takes effect on the public timeline only when it is published.
    """
    _require(user, claim, "publish")
    _require_status(claim, set(allowed_from), "published")
    if not has_quoted_citation(claim):
        raise ValidationError(
            {
                "status": "Nothing is published without at least one citation with a quote: "
                "add the source's words first."
            }
        )
    if isinstance(claim, LevelPeriod) and claim.start_date is not None:
        predecessor = claim.previous_period()
        if predecessor is not None and predecessor.end_status == EndStatus.ONGOING:
            predecessor.end_status = EndStatus.ENDED
            predecessor.end_date, predecessor.end_date_precision = (
                claim.start_date,
                claim.start_date_precision,
            )
            predecessor.end_approximate = claim.start_approximate
            _save(predecessor)
    claim.status = Status.PUBLISHED
    _save(claim)


@transaction.atomic
def retract(claim, *, reason: str, user=None):
    """Published → retracted (reviewers), with the reason; the claim stays visible to curators."""
    _require(user, claim, "retract")
    _require_status(claim, {Status.PUBLISHED}, "retracted")
    if not reason.strip():
        raise ValidationError({"retraction_reason": "Say why it is retracted."})
    claim.status, claim.retraction_reason = Status.RETRACTED, reason.strip()
    _save(claim)


@transaction.atomic
def resolve_conflict(
    proposal: LevelPeriod, *, decision: str, rationale: str, user=None
) -> list[ConflictDecision]:
    """Decide between ``proposal`` and the published levels it contradicts; kept with its rationale."""
    _require(user, proposal, "publish")
    _require(user, proposal, "retract")
    if not rationale.strip():
        raise ValidationError({"rationale": "Give the reason for the decision."})
    contradicted = list(LevelPeriod.objects.contradicted_by(proposal))
    if not contradicted:
        raise ValidationError({"status": f"“{proposal}” contradicts no published level."})
    if decision == ConflictDecision.Decision.KEEP_PUBLISHED:
        proposal.status, proposal.retraction_reason = (
            Status.RETRACTED,
            f"Conflict resolved: {rationale.strip()}",
        )
        _save(proposal)
    elif decision == ConflictDecision.Decision.ACCEPT_PROPOSAL:
        for published in contradicted:
            retract(published, reason=f"Superseded after review: {rationale.strip()}", user=user)
        publish(proposal, user=user, allowed_from={Status.DRAFT, Status.IN_REVIEW})
    else:
        raise ValidationError({"decision": f"Unknown decision {decision!r}."})
    return [
        ConflictDecision.objects.create(
            proposal=proposal,
            published=published,
            decision=decision,
            rationale=rationale.strip(),
            decided_by=user,
        )
        for published in contradicted
    ]
