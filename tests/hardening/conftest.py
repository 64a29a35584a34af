"""Fixtures for the hardening tests: one client per role, and a world where every kind of draft exists.

Every unpublished record carries the word ``SECRET`` somewhere the public would read it (a wording, a
title, a summary, a quote), so a leak test only has to look for that word.
"""

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import MeetingRole
from partnerships.status import Status
from tests.api.conftest import cambodia  # noqa: F401  (a fixture: a small published, cited timeline)
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    MeetingCitationFactory,
    MeetingFactory,
    MeetingPartyFactory,
    ParticipantFactory,
    PersonFactory,
    RelationshipFactory,
    SourceFactory,
)

ROLES = ["anonymous", "viewer", "editor", "reviewer", "admin"]
SECRET = "SECRET"
PASSWORD = "correct horse battery staple"


def make_user(role: str) -> User | None:
    """A user of ``role``: a viewer is a signed-in reader with no permission; the others are curators."""
    if role == "anonymous":
        return None
    user = User.objects.create_user(role, password=PASSWORD, is_staff=role != "viewer")
    if role != "viewer":
        user.groups.add(Group.objects.get(name=f"{role}s"))
    return user


@pytest.fixture
def users(curator_groups):
    return {role: make_user(role) for role in ROLES}


@pytest.fixture
def api_clients(users):
    """An API client per role; curators authenticate with their own token, as scripts do."""
    clients = {}
    for role, user in users.items():
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        clients[role] = client
    return clients


@pytest.fixture
def page_clients(users, client):
    """A browser-like client per role, signed in through the session as curators are."""
    from django.test import Client

    clients = {}
    for role, user in users.items():
        browser = Client()
        if user is not None:
            browser.force_login(user)
        clients[role] = browser
    return clients


@pytest.fixture
def world(cambodia):  # noqa: F811
    """The published China–Cambodia timeline, plus one record in each unpublished state.

    * a draft level between China and Laos (a pair with nothing published), cited by a source that backs
      nothing else;
    * an in-review level and a retracted level on the published China–Cambodia pair;
    * a draft meeting between China and Laos with a participant, cited by the same draft-only source.
    """
    china, cambodia_ = cambodia["china"], cambodia["cambodia"]
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    strategic = cambodia["tiers"][1]
    secret_source = SourceFactory(
        url="https://news.example.org/secret",
        title=f"{SECRET} talks on a new partnership",
        publisher=f"{SECRET} Gazette",
        text=f"{SECRET} text of the article",
    )
    draft = LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=china, party_b=laos),
        tier=strategic,
        wording=f"{SECRET} draft wording",
        status=Status.DRAFT,
    )
    LevelPeriodCitationFactory(level_period=draft, source=secret_source, quote=f"{SECRET} quote")
    in_review = LevelPeriodFactory(
        relationship=cambodia["relationship"],
        tier=cambodia["tiers"][0],
        wording=f"{SECRET} in-review wording",
        start_date=cambodia["levels"][0].start_date.replace(year=1990),
        end_status="ended",
        end_date=cambodia["levels"][0].start_date.replace(year=1995),
        end_date_precision="day",
        status=Status.IN_REVIEW,
    )
    retracted = LevelPeriodFactory(
        relationship=cambodia["relationship"],
        tier=cambodia["tiers"][0],
        wording=f"{SECRET} retracted wording",
        start_date=cambodia["levels"][0].start_date.replace(year=1996),
        end_status="ended",
        end_date=cambodia["levels"][0].start_date.replace(year=1999),
        end_date_precision="day",
    )
    retracted.status, retracted.retraction_reason = Status.RETRACTED, f"{SECRET} reason"
    retracted.save()
    # People are reference data (listed by the API and the data package whatever they attended): only the
    # meeting they attended is unpublished.
    secret_person = PersonFactory(name="Envoy Souk", slug="envoy-souk")
    meeting = MeetingFactory(
        status=Status.DRAFT,
        title=f"{SECRET} summit in Vientiane",
        summary=f"{SECRET} summary",
        place=laos,
    )
    MeetingPartyFactory(meeting=meeting, party=china, role=MeetingRole.VISITOR)
    MeetingPartyFactory(meeting=meeting, party=laos, role=MeetingRole.HOST)
    ParticipantFactory(meeting=meeting, person=secret_person, party=laos)
    MeetingCitationFactory(meeting=meeting, source=secret_source, quote=f"{SECRET} meeting quote")
    return {
        **cambodia,
        "laos": laos,
        "draft": draft,
        "in_review": in_review,
        "retracted": retracted,
        "draft_meeting": meeting,
        "secret_source": secret_source,
        "secret_person": secret_person,
        "cambodia": cambodia_,
    }
