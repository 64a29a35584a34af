"""Storing candidates for a source and acting on a curator's decision, one transaction each.

Accepting goes through ``partnerships.services.record_level`` and ``events.services.record_meeting``,
so a claim from an article meets the same rules as one typed in the admin; it is always a draft. A
meeting cites every sentence that backs it. Curators may also merge meeting candidates the extractor
kept apart, or split sentences off one it put together (``intake.curation``).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.partial_dates import PartialDate, Precision
from events.models import Meeting, MeetingMode, MeetingRole, Person
from events.services import MeetingData, ParticipantData, record_meeting
from intake.extract import ESTABLISHED, UPGRADED, extract
from intake.models import Candidate, CandidateType, Decision
from intake.vocabulary import Vocabulary
from partnerships.models import ChangeKind, LevelPeriod, Party, Tier
from partnerships.services import CitationData, record_level
from partnerships.status import Status
from sources.models import Source

_CHANGE_KINDS = {UPGRADED: ChangeKind.UPGRADED, ESTABLISHED: ChangeKind.ESTABLISHED}


@dataclass(frozen=True)
class ExtractionReport:
    created: int
    updated: int
    unchanged: int
    removed: int

    @property
    def found(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"{self.found} candidates found: {self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.removed} no longer in the text removed."
        )


@transaction.atomic
def extract_for_source(*, source: Source, vocabulary: Vocabulary | None = None) -> ExtractionReport:
    """Find the candidates in ``source.text`` and store them; safe to run again on the same source.

    A candidate already stored (same type, offsets and claim) is kept with its decision; a pending one
    whose words are no longer in the text is removed; decided ones are never removed. One a curator
    merged or split is left as it is while its sentences are still in the text.
    """
    vocabulary = vocabulary or Vocabulary.from_database()
    published = source.published_on if source.published_on_precision == Precision.DAY else None
    existing = {(row.type, row.start, row.end, row.key): row for row in source.intake_candidates.all()}
    seen = set()
    created = updated = unchanged = 0
    for candidate in extract(source.text, vocabulary, published=published):
        identity = (candidate.type, candidate.start, candidate.end, candidate.key)
        if identity in seen:
            continue
        seen.add(identity)
        payload = candidate.as_json()
        row = existing.get(identity)
        if row is None:
            Candidate.objects.create(
                source=source,
                type=candidate.type,
                key=candidate.key,
                payload=payload,
                quote=candidate.quote,
                start=candidate.start,
                end=candidate.end,
            )
            created += 1
        elif (
            row.decision == Decision.PENDING
            and not row.curated
            and (row.payload != payload or row.quote != candidate.quote)
        ):
            row.payload, row.quote = payload, candidate.quote
            row.save(update_fields=["payload", "quote"])
            updated += 1
        else:
            unchanged += 1
    stale = [
        row.pk
        for identity, row in existing.items()
        if identity not in seen
        and row.decision == Decision.PENDING
        and not (row.curated and _still_in(source.text, row))
    ]
    Candidate.objects.filter(pk__in=stale).delete()
    return ExtractionReport(created=created, updated=updated, unchanged=unchanged, removed=len(stale))


@transaction.atomic
def accept_candidate(*, candidate: Candidate, user=None) -> LevelPeriod | Meeting:
    """Record the candidate's claim as a draft, citing its sentence; raise ValidationError if it cannot be."""
    candidate = Candidate.objects.select_for_update().select_related("source").get(pk=candidate.pk)
    if candidate.decision != Decision.PENDING:
        raise ValidationError(f"This candidate was already {candidate.get_decision_display()}.")
    if candidate.type == CandidateType.PLANNED:
        raise ValidationError(
            "A planned meeting is not recorded: it has not happened yet. Reject it, or accept the report "
            "that it took place when there is one."
        )
    citation = CitationData(
        source=candidate.source,
        quote=candidate.quote,
        locator=f"characters {candidate.start}–{candidate.end}",
    )
    if candidate.type == CandidateType.LEVEL:
        candidate.level_period = _record_level(candidate.payload, citation)
        created = candidate.level_period
    else:
        candidate.meeting = _record_meeting(candidate.payload, _citations(candidate))
        created = candidate.meeting
    _decide(candidate, Decision.ACCEPTED, user)
    return created


@transaction.atomic
def reject_candidate(*, candidate: Candidate, user=None) -> None:
    """Mark the candidate rejected; it stays on record so that re-running does not offer it again."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.decision != Decision.PENDING:
        raise ValidationError(f"This candidate was already {candidate.get_decision_display()}.")
    _decide(candidate, Decision.REJECTED, user)


def _decide(candidate: Candidate, decision: str, user) -> None:
    candidate.decision = decision
    candidate.decided_by = user if user is not None and user.is_authenticated else None
    candidate.decided_at = timezone.now()
    candidate.save()


def _parties(codes: list[str]) -> dict[str, Party]:
    parties = Party.objects.in_bulk(codes, field_name="code")
    missing = [code for code in codes if code not in parties]
    if missing:
        raise ValidationError(f"No party has the code {', '.join(missing)}; load the reference data first.")
    return parties


def _date(payload: dict) -> PartialDate | None:
    return PartialDate.parse(payload["date"]) if payload.get("date") else None


def _record_level(payload: dict, citation: CitationData) -> LevelPeriod:
    if not payload.get("scheme"):
        raise ValidationError(
            "Neither party declares a vocabulary with this tier; "
            "record the level by hand in the right scheme."
        )
    tier = (
        Tier.objects.select_related("scheme")
        .filter(scheme__slug=payload["scheme"], slug=payload["tier"])
        .first()
    )
    if tier is None:
        raise ValidationError(f"The tier {payload['scheme']}/{payload['tier']} is not in the vocabulary.")
    parties = _parties([payload["party_a"], payload["party_b"]])
    notes = f"Found by article intake ({payload['kind']})."
    if payload.get("notes"):
        notes += " " + " ".join(note.capitalize() + "." for note in payload["notes"])
    return record_level(
        first=parties[payload["party_a"]],
        second=parties[payload["party_b"]],
        tier=tier,
        start=_date(payload),
        wording=payload.get("wording", "")[:300],
        change_kind=_CHANGE_KINDS.get(payload["kind"], ""),
        status=Status.DRAFT,
        notes=notes,
        citations=[citation],
        # A draft never ends a curated period on its own; the curator does that when publishing.
        close_previous=False,
    )


def _still_in(text: str, row: Candidate) -> bool:
    return all(text[sentence["start"] : sentence["end"]] == sentence["quote"] for sentence in row.sentences)


def _citations(candidate: Candidate) -> list[CitationData]:
    """One citation per distinct sentence that backs a meeting, its own sentence first (a line that only
    repeats the headline adds nothing)."""
    sentences = sorted(candidate.sentences, key=lambda sentence: sentence["start"] != candidate.start)
    citations, quotes = [], set()
    for sentence in sentences:
        if sentence["quote"] in quotes:
            continue
        quotes.add(sentence["quote"])
        citations.append(
            CitationData(
                source=candidate.source,
                quote=sentence["quote"],
                locator=f"characters {sentence['start']}–{sentence['end']}",
            )
        )
    return citations


def _record_meeting(payload: dict, citations: list[CitationData]) -> Meeting:
    date = _date(payload)
    if date is None:
        raise ValidationError("The text gives no date for this meeting; record it by hand with its date.")
    codes = list(payload["parties"])
    codes += [person["party"] for person in payload.get("participants", []) if person["party"] not in codes]
    if payload.get("place") and payload["place"] not in codes:
        codes.append(payload["place"])
    parties = _parties(codes)
    participants = [
        ParticipantData(
            person=_person(person["name"]), party=parties[person["party"]], role_title=person["title"][:200]
        )
        for person in payload.get("participants", [])
        if person.get("name")
    ]
    mode = payload["kind"] if payload["kind"] in MeetingMode.values else MeetingMode.TALKS
    names = [data.person.name for data in participants] or [parties[code].name for code in payload["parties"]]
    place = parties.get(payload.get("place")) if payload.get("place") else None
    host = place if place is not None and place.code in payload["parties"] else None
    return record_meeting(
        MeetingData(
            title=f"{' – '.join(names)}: {MeetingMode(mode).label}"[:300],
            date=date,
            mode=mode,
            parties=[
                (parties[code], MeetingRole.HOST if host and code == host.code else MeetingRole.PARTICIPANT)
                for code in payload["parties"]
            ],
            participants=participants,
            city=payload.get("city", "")[:200],
            place=place,
            citations=citations,
            status=Status.DRAFT,
            end_date=dt.date.fromisoformat(payload["end_date"]) if payload.get("end_date") else None,
        )
    )


def _person(name: str) -> Person:
    """The person of that name, created if new (curators merge namesakes by hand)."""
    person = Person.objects.filter(name__iexact=name).first()
    if person is None:
        person, _ = Person.objects.get_or_create(
            slug=slugify(name)[:200] or "person", defaults={"name": name}
        )
    return person
