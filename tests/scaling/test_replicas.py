"""Anonymous reads go to a replica; writes, the admin and signed-in users stay on the primary (db_router)."""

import pytest
from django.contrib.auth.models import User
from django.db import connections, router
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from partnerships.models import Party
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    MeetingCitationFactory,
    meeting_between,
)

# The replica's own connection sees only committed rows: these tests commit (and flush afterwards).
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def queries_on_each(do):
    """Run ``do()``; the number of queries it sent to the primary and to the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        do()
    return len(primary), len(replica)


def test_anonymous_api_read_is_answered_from_the_replica(client, replica):
    CountryFactory(code="KH", alpha3="KHM", name="Cambodia")
    answers = []
    on_primary, on_replica = queries_on_each(lambda: answers.append(client.get("/api/v1/parties/")))
    assert answers[0].status_code == 200
    assert answers[0].json()["results"][0]["code"] == "KH"
    assert on_primary == 0
    assert on_replica >= 2  # the data version, then the parties


def test_answers_postgresql_writes_are_read_from_the_replica_too(client, settings, replica):
    """The lean answers' document queries (core.api.lean) go where the request's other reads go."""
    settings.RESPONSE_CACHE_SECONDS = 0
    level = LevelPeriodCitationFactory().level_period
    pair = level.relationship
    meeting = meeting_between(pair.party_a, pair.party_b)
    MeetingCitationFactory(meeting=meeting)
    paths = [
        "/api/v1/relationships/",
        f"/api/v1/relationships/?party={pair.party_a.code},{pair.party_b.code}",
        "/api/v1/levels/",
        "/api/v1/meetings/",
        f"/api/v1/meetings/{meeting.pk}/",
        f"/api/v1/relationships/{pair.party_a.code}-{pair.party_b.code}/",
    ]
    for path in paths:
        answers = []
        on_primary, on_replica = queries_on_each(
            lambda path=path, answers=answers: answers.append(client.get(path))
        )
        assert answers[0].status_code == 200, path
        assert (path, on_primary, on_replica > 1) == (path, 0, True)


def test_anonymous_page_is_rendered_from_the_replica(client, replica):
    CountryFactory(code="KH", alpha3="KHM", name="Cambodia")
    answers = []
    on_primary, on_replica = queries_on_each(lambda: answers.append(client.get("/search/?q=Cambodia")))
    assert answers[0].status_code == 200
    assert "Cambodia" in answers[0].content.decode()
    assert (on_primary, on_replica > 0) == (0, True)


def test_token_user_reads_from_the_primary(client, replica):
    CountryFactory()
    user = User.objects.create_user("reader", password="a long enough password")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    on_primary, on_replica = queries_on_each(lambda: client.get("/api/v1/parties/"))
    assert on_replica == 0
    assert on_primary > 0


def test_signed_in_user_reads_from_the_primary(client, replica):
    CountryFactory()
    client.force_login(User.objects.create_user("reader", password="a long enough password"))
    on_primary, on_replica = queries_on_each(lambda: client.get("/api/v1/parties/"))
    assert on_replica == 0
    assert on_primary > 0


def test_admin_reads_from_the_primary(client, replica):
    on_primary, on_replica = queries_on_each(lambda: client.get("/admin/login/"))
    assert on_replica == 0


def test_anonymous_write_is_refused_on_the_primary(client, replica):
    on_primary, on_replica = queries_on_each(lambda: client.post("/api/v1/levels/", {}, format="json"))
    assert on_replica == 0


def test_writes_and_migrations_go_to_the_primary_even_during_a_replica_read(replica):
    from config import db_router

    db_router._state.replica = "replica"
    try:
        assert router.db_for_read(Party) == "replica"
        assert router.db_for_write(Party) == "default"
    finally:
        db_router._state.replica = None
    assert router.db_for_read(Party) == "default"
    assert router.allow_migrate("default", "partnerships")
    assert not router.allow_migrate("replica", "partnerships")


def test_without_replicas_every_read_goes_to_default(client, settings, replica):
    settings.DATABASE_REPLICAS = []
    CountryFactory()
    with CaptureQueriesContext(connections["default"]) as primary:
        assert client.get("/api/v1/parties/").status_code == 200
    assert len(primary) > 0
