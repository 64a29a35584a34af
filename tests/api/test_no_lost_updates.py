"""No lost updates through the API (ETag + If-Match), and answers as recorded at a past moment."""

import datetime as dt

import pytest
from django.utils import timezone

from partnerships.models import LevelPeriod
from tests.factories import LevelPeriodFactory, TierFactory

pytestmark = pytest.mark.django_db


def test_detail_etag_carries_the_version(client):
    level = LevelPeriodFactory()
    assert client.get(f"/api/v1/levels/{level.pk}/")["ETag"].startswith('"v1-')


def test_update_without_if_match_answers_428_and_changes_nothing(editor_client):
    level = LevelPeriodFactory(wording="")
    response = editor_client.patch(f"/api/v1/levels/{level.pk}/", {"wording": "new wording"}, format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    level.refresh_from_db()
    assert level.wording == ""


def test_stale_if_match_answers_412_with_what_changed_meanwhile(editor_client):
    level = LevelPeriodFactory(wording="")
    url = f"/api/v1/levels/{level.pk}/"
    etag_of_first_read = editor_client.get(url)["ETag"]
    LevelPeriod.objects.filter(pk=level.pk).update(wording="someone else's wording")
    response = editor_client.patch(url, {"wording": "mine"}, format="json", HTTP_IF_MATCH=etag_of_first_read)
    assert response.status_code == 412
    body = response.json()
    assert body["current_version"] == "2"
    assert body["changed_meanwhile"][0]["changes"]["wording"] == ["—", "someone else's wording"]
    level.refresh_from_db()
    assert level.wording == "someone else's wording"


def test_current_if_match_saves_and_returns_the_new_etag(editor_client):
    level = LevelPeriodFactory(wording="")
    url = f"/api/v1/levels/{level.pk}/"
    response = editor_client.patch(
        url, {"wording": "mine"}, format="json", HTTP_IF_MATCH=editor_client.get(url)["ETag"]
    )
    assert response.status_code == 200, response.content
    assert response["ETag"].startswith('"v2-')
    malformed = editor_client.patch(url, {"wording": "x"}, format="json", HTTP_IF_MATCH='"abc"')
    assert malformed.status_code == 412


def test_meeting_updates_need_if_match_too(editor_client):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory()
    assert (
        editor_client.patch(f"/api/v1/meetings/{meeting.pk}/", {"title": "x"}, format="json").status_code
        == 428
    )


@pytest.fixture
def edited_level():
    """A level recorded as a strategic partnership, later corrected to a comprehensive one."""
    level = LevelPeriodFactory(tier=TierFactory(name="strategic partnership", slug="strategic-partnership"))
    events = type(level).pgh_event_model.objects
    recorded_at = timezone.now() - dt.timedelta(days=2)
    events.update(pgh_created_at=recorded_at)
    level.tier = TierFactory(scheme=level.scheme, name="comprehensive strategic partnership", slug="csp")
    level.save()
    corrected_at = timezone.now() - dt.timedelta(days=1)
    events.filter(pgh_label="update").update(pgh_created_at=corrected_at)
    return level, recorded_at, corrected_at


def test_levels_as_recorded_before_and_after_an_edit(client, edited_level):
    level, recorded_at, corrected_at = edited_level
    between = (recorded_at + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    before = client.get("/api/v1/levels/", {"as_recorded": between}).json()["results"]
    now = client.get("/api/v1/levels/").json()["results"]
    assert [row["id"] for row in before] == [level.pk] == [row["id"] for row in now]
    assert before[0] != now[0]
    assert "strategic-partnership" in str(before[0]) and "csp" in str(now[0])
    long_ago = (recorded_at - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.get("/api/v1/levels/", {"as_recorded": long_ago}).json()["results"] == []
    # The live tables are untouched once the answer is given.
    assert LevelPeriod.objects.get().tier.slug == "csp"


def test_relationships_as_recorded_and_a_malformed_moment(client, edited_level):
    level, recorded_at, _ = edited_level
    between = (recorded_at + dt.timedelta(hours=1)).isoformat()
    pairs = client.get("/api/v1/relationships/", {"as_recorded": between}).json()["results"]
    assert "strategic-partnership" in str(pairs) and "csp" not in str(pairs)
    response = client.get("/api/v1/relationships/", {"as_recorded": "yesterday"})
    assert response.status_code == 400 and "as_recorded" in response.json()
