from partnerships.models.levels import ChangeKind, EndStatus, LevelPeriod, LevelPeriodCitation
from partnerships.models.parties import Party, PartyAlias, PartyKind
from partnerships.models.relationships import Relationship
from partnerships.models.tiers import Scheme, Tier

__all__ = [
    "ChangeKind",
    "EndStatus",
    "LevelPeriod",
    "LevelPeriodCitation",
    "Party",
    "PartyAlias",
    "PartyKind",
    "Relationship",
    "Scheme",
    "Tier",
]
