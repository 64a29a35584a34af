"""changes/: published changes in order, for clients that sync; and their Atom feed."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from partnerships.models import LevelPeriod
from partnerships.status import Status

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def records(response):
    assert response.status_code == 200, response.content
    return [(change["record"], change["id"], change["action"]) for change in response.json()["results"]]


def test_changes_list_published_records_oldest_save_first(client, cambodia, draft_level):
    first, second = cambodia["levels"]
    meeting = cambodia["meeting"]
    assert records(client.get("/api/v1/changes/")) == [
        ("level", first.pk, "published"),
        ("level", second.pk, "published"),
        ("meeting", meeting.pk, "published"),
    ]
    change = client.get("/api/v1/changes/").json()["results"][2]
    assert change["summary"] == "Hu Jintao meets Hun Sen in Beijing (2010-12-13)"
    assert change["url"] == f"/api/v1/meetings/{meeting.pk}/"


def test_a_client_that_syncs_follows_next_and_resumes_after_new_changes(client, cambodia):
    seen, url = [], "/api/v1/changes/?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [(change["record"], change["id"]) for change in page["results"]]
        last, url = url, page["next"]
    assert len(seen) == 3
    assert client.get(last).json()["results"][-1]["id"] == seen[-1][1]
    level = cambodia["levels"][0]
    level.wording = "corrected"
    level.save()
    resumed = client.get("/api/v1/changes/", {"since": timezone.now() - dt.timedelta(seconds=30)})
    assert ("level", level.pk, "published") in records(resumed)


def test_a_retracted_record_appears_as_retracted_without_its_content(client, cambodia):
    level = cambodia["levels"][0]
    LevelPeriod.objects.filter(pk=level.pk).update(
        status=Status.RETRACTED, retraction_reason="misread source", updated_at=timezone.now()
    )
    [retracted] = [c for c in client.get("/api/v1/changes/").json()["results"] if c["id"] == level.pk]
    assert (retracted["action"], retracted["summary"]) == ("retracted", None)


def test_since_limits_the_changes(client, cambodia):
    assert records(client.get("/api/v1/changes/", {"since": "2999-01-01T00:00:00Z"})) == []


@pytest.mark.parametrize(
    ("parameter", "value"), [("since", "soon"), ("after", "nonsense"), ("page_size", "x"), ("q", "a")]
)
def test_malformed_change_parameter_answers_400_naming_it(client, cambodia, parameter, value):
    response = client.get("/api/v1/changes/", {parameter: value})
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_atom_feed_lists_the_newest_published_records(client, cambodia, draft_level):
    response = client.get("/api/v1/changes/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles[0] == "Hu Jintao meets Hun Sen in Beijing (2010-12-13)"
    assert len(titles) == 3  # the draft is not there
    assert client.get("/api/v1/changes/feed/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
