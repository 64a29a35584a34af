from events.models.meetings import (
    PAIR_RECORD_MEETINGS,
    Meeting,
    MeetingCitation,
    MeetingMode,
    MeetingParty,
    MeetingRole,
    MultilateralEvent,
    Participant,
)
from events.models.people import Person, Position

__all__ = [
    "PAIR_RECORD_MEETINGS",
    "Meeting",
    "MeetingCitation",
    "MeetingMode",
    "MeetingParty",
    "MeetingRole",
    "MultilateralEvent",
    "Participant",
    "Person",
    "Position",
]
