"""Fixtures for the API tests: clients, an editor, and a small cited timeline."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.partial_dates import Precision
from events.models import MeetingRole
from partnerships.models import EndStatus
from partnerships.status import Status
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    MeetingCitationFactory,
    MeetingFactory,
    MeetingPartyFactory,
    ParticipantFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    SchemeFactory,
    SourceFactory,
    TierFactory,
)


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="a long enough password")
    codenames = [
        f"{action}_{model}"
        for action in ("add", "change", "view", "publish")
        for model in ("levelperiod", "meeting")
    ]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def editor_client(editor):
    client = APIClient()
    token = Token.objects.create(user=editor)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def publish(claim):
    """Publish a claim made as a draft with its own citations (the factories would add one of theirs)."""
    claim.status = Status.PUBLISHED
    claim.save()
    return claim


def day(text):
    return dt.date.fromisoformat(text)


@pytest.fixture
def cambodia(db):
    """China and Cambodia on China's ladder: 2006 (year) → 2010-12-13 (day), cited, announced at a meeting."""
    china = CountryFactory(code="CN", alpha3="CHN", name="China")
    cambodia = CountryFactory(code="KH", alpha3="KHM", name="Cambodia")
    scheme = SchemeFactory(slug="cn", name="China's ladder", declaring_party=china)
    comprehensive = TierFactory(
        scheme=scheme,
        slug="comprehensive-cooperative-partnership",
        name="comprehensive cooperative partnership",
        rank=20,
        original_term="全面合作伙伴关系",
        original_language="zh",
        wording_variants=["all-round cooperative partnership"],
    )
    strategic = TierFactory(
        scheme=scheme,
        slug="comprehensive-strategic-cooperative-partnership",
        name="comprehensive strategic cooperative partnership",
        rank=60,
    )
    relationship = RelationshipFactory(party_a=china, party_b=cambodia)
    first = LevelPeriodFactory(
        status=Status.DRAFT,
        relationship=relationship,
        tier=comprehensive,
        start_date=day("2006-01-01"),
        start_date_precision=Precision.YEAR,
        end_status=EndStatus.ENDED,
        end_date=day("2010-12-13"),
        end_date_precision=Precision.DAY,
        change_kind="established",
    )
    second = LevelPeriodFactory(
        status=Status.DRAFT,
        relationship=relationship,
        tier=strategic,
        wording="comprehensive strategic partnership of cooperation",
        start_date=day("2010-12-13"),
        start_date_precision=Precision.DAY,
        change_kind="upgraded",
    )
    source = SourceFactory(
        url="https://news.example.org/cn-kh-2010",
        title="China, Cambodia lift ties",
        publisher="Xinhua",
        published_on=day("2010-12-14"),
    )
    LevelPeriodCitationFactory(level_period=first, source=source, quote="since 2006", locator="para. 4")
    LevelPeriodCitationFactory(level_period=second, source=source, quote="lift ties", locator="para. 1")
    hun_sen = PersonFactory(name="Hun Sen", slug="hun-sen")
    PositionFactory(person=hun_sen, party=cambodia, title="Prime Minister", start_date=day("1985-01-14"))
    meeting = MeetingFactory(
        status=Status.DRAFT,
        title="Hu Jintao meets Hun Sen in Beijing",
        summary="The leaders lifted ties to a comprehensive strategic partnership of cooperation.",
        start_date=day("2010-12-13"),
        mode="visit",
        place=china,
    )
    MeetingPartyFactory(meeting=meeting, party=china, role=MeetingRole.HOST)
    MeetingPartyFactory(meeting=meeting, party=cambodia, role=MeetingRole.VISITOR)
    ParticipantFactory(meeting=meeting, person=hun_sen, party=cambodia)
    MeetingCitationFactory(meeting=meeting, source=source, quote="met in Beijing")
    meeting.announced_levels.add(second)
    for claim in (first, second, meeting):
        publish(claim)
    return {
        "china": china,
        "cambodia": cambodia,
        "scheme": scheme,
        "tiers": (comprehensive, strategic),
        "relationship": relationship,
        "levels": (first, second),
        "source": source,
        "meeting": meeting,
        "person": hun_sen,
    }


@pytest.fixture
def draft_level(cambodia):
    """An unpublished claim on another pair: the public must not see it."""
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    return LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=cambodia["china"], party_b=laos),
        tier=cambodia["tiers"][1],
        status=Status.DRAFT,
    )


def etag_of(client, url: str) -> str:
    """The ETag a client would send back in If-Match after reading ``url``."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]
