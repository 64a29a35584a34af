import datetime as dt

import pytest

from core.partial_dates import Precision
from partnerships.status import Status
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    RelationshipFactory,
    SchemeFactory,
    SourceFactory,
    TierFactory,
)


@pytest.fixture
def ladder(db):
    """A scheme declared by one country, with three tiers ranked low to high."""
    declaring = CountryFactory(name="Declarania")
    scheme = SchemeFactory(slug="dl", declaring_party=declaring)
    tiers = [
        TierFactory(scheme=scheme, slug="friendly", name="friendly partnership", rank=10),
        TierFactory(scheme=scheme, slug="strategic", name="strategic partnership", rank=20),
        TierFactory(scheme=scheme, slug="comprehensive", name="comprehensive strategic partnership", rank=30),
    ]
    return scheme, tiers


@pytest.fixture
def cited_level(ladder):
    """A published, ended level with a citation, and its pair."""
    scheme, (friendly, strategic, _) = ladder
    partner = CountryFactory(name="Partneria")
    relationship = RelationshipFactory(party_a=scheme.declaring_party, party_b=partner)
    period = LevelPeriodFactory(
        relationship=relationship,
        tier=strategic,
        start_date=dt.date(2011, 6, 1),
        start_date_precision=Precision.MONTH,
        end_status="ended",
        end_date=dt.date(2019, 6, 5),
        end_date_precision=Precision.DAY,
        change_kind="established",
        status=Status.PUBLISHED,
        wording="strategic partnership",
    )
    source = SourceFactory(
        url="https://news.example.org/ties", text="They agreed on a Strategic Partnership."
    )
    LevelPeriodCitationFactory(
        level_period=period, source=source, quote="a strategic partnership", locator="p. 1"
    )
    return period
