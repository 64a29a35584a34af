"""The sources a level period cites, with the words that back it."""

from django.db import models

from core.history import tracked
from partnerships.status import QuotedClaim
from sources.models import Citation

QUOTED_LEVELS = QuotedClaim(
    claim="level",
    plural="level periods",
    claim_table="partnerships_levelperiod",
    citation_table="partnerships_levelperiodcitation",
    claim_field="level_period",
)


@tracked(written_in_bulk=True)
class LevelPeriodCitation(Citation):
    level_period = models.ForeignKey(
        "partnerships.LevelPeriod", on_delete=models.CASCADE, related_name="citations"
    )

    Meta = QUOTED_LEVELS.citation_meta(unique_name="level_citation_unique")
