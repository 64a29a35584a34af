from partnerships.models.citations import LevelPeriodCitation
from partnerships.models.coverage import CoverageCheck, CoverageCheckCitation
from partnerships.models.levels import LevelPeriod
from partnerships.models.parties import Party, PartyAlias, PartyKind
from partnerships.models.relationships import Relationship
from partnerships.models.review import ConflictDecision
from partnerships.models.tiers import Scheme, Tier
from partnerships.models.timeline import ChangeKind, EndStatus

__all__ = [
    "ChangeKind",
    "ConflictDecision",
    "CoverageCheck",
    "CoverageCheckCitation",
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
