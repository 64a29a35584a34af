"""Writes of meetings with their parties, participants and citations, one transaction each."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from core.partial_dates import PartialDate
from events.models import Meeting, MeetingCitation, MeetingParty, MeetingRole, Participant, Person
from partnerships.models import LevelPeriod, Party
from partnerships.services import CitationData
from partnerships.status import Status


@dataclass(frozen=True)
class ParticipantData:
    person: Person
    party: Party
    role_title: str = ""


@dataclass
class MeetingData:
    title: str
    date: PartialDate
    mode: str
    parties: list[tuple[Party, str]] = field(default_factory=list)  # (party, MeetingRole)
    participants: list[ParticipantData] = field(default_factory=list)
    summary: str = ""
    city: str = ""
    place: Party | None = None
    outcomes: str = ""
    announced_levels: list[LevelPeriod] = field(default_factory=list)
    citations: list[CitationData] = field(default_factory=list)
    status: str = Status.DRAFT
    end_date: dt.date | None = None  # the last day of a meeting over several days


@transaction.atomic
def record_meeting(data: MeetingData) -> Meeting:
    """Create a meeting with everything attached; ValidationError (naming the field) leaves nothing behind."""
    meeting = Meeting(
        title=data.title,
        summary=data.summary,
        mode=data.mode,
        start_date=data.date.date,
        start_date_precision=data.date.precision,
        end_date=data.end_date,
        city=data.city,
        place=data.place,
        outcomes=data.outcomes,
        status=data.status,
    )
    meeting.full_clean()
    meeting.save()
    parties = dict(data.parties)
    for participant in data.participants:
        parties.setdefault(participant.party, MeetingRole.PARTICIPANT)
    _create_all(MeetingParty(meeting=meeting, party=party, role=role) for party, role in parties.items())
    _create_all(
        Participant(meeting=meeting, person=p.person, party=p.party, role_title=p.role_title)
        for p in data.participants
    )
    _create_all(
        MeetingCitation(meeting=meeting, source=c.source, quote=c.quote, locator=c.locator)
        for c in data.citations
    )
    meeting.announced_levels.set(data.announced_levels)
    return meeting


# What a correction may change: parties, people, citations and announced levels are edited in the admin.
_CORRECTABLE = {"title", "summary", "mode", "city", "place", "outcomes", "status"}


@transaction.atomic
def update_meeting(meeting: Meeting, *, date: PartialDate | None = None, **changes) -> Meeting:
    """Correct ``meeting``'s date and the fields in ``changes``; fields not given keep their value.

    The same rules as ``record_meeting`` apply (``full_clean``); a broken one raises ValidationError naming
    the field and nothing is written.
    """
    unknown = set(changes) - _CORRECTABLE
    if unknown:
        raise TypeError(f"update_meeting() cannot change {', '.join(sorted(unknown))}")
    if date is not None:
        meeting.start_date, meeting.start_date_precision = date.date, date.precision
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    return meeting


def _create_all(objects: Iterable) -> None:
    for obj in objects:
        obj.full_clean()
        obj.save()
