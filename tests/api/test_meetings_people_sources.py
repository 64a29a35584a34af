"""meetings/, people/ and sources/."""

import datetime as dt

import pytest

from events.models import Meeting
from partnerships.status import Status
from tests.api.conftest import etag_of
from tests.factories import (
    CountryFactory,
    PersonFactory,
    PositionFactory,
    SourceFactory,
    meeting_between,
)

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def meetings(cambodia):
    """Beside the 2010 visit: a 2023 call between China and Viet Nam, and a draft."""
    vietnam = CountryFactory(code="VN", alpha3="VNM", name="Viet Nam")
    call = meeting_between(
        cambodia["china"],
        vietnam,
        title="Wang Yi speaks with his Vietnamese counterpart",
        summary="They discussed rubber exports and the border.",
        mode="call",
        start_date=dt.date(2023, 3, 1),
    )
    draft = meeting_between(cambodia["china"], vietnam, status=Status.DRAFT, start_date=dt.date(2024, 1, 1))
    return cambodia["meeting"], call, draft


def test_meetings_are_listed_latest_first_published_only(client, meetings):
    visit, call, _ = meetings
    assert ids(client.get("/api/v1/meetings/")) == [call.pk, visit.pk]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"party": "KH"}, ["visit"]),
        ({"party": "CN,VN"}, ["call"]),
        ({"party": "VN,KH"}, []),
        ({"person": "hun-sen"}, ["visit"]),
        ({"mode": "call"}, ["call"]),
        ({"start_from": "2011-01-01"}, ["call"]),
        ({"start_to": "2010-12-13"}, ["visit"]),
        ({"start_from": "2010-12-13", "start_to": "2023-03-01"}, ["call", "visit"]),
        ({"q": "rubber"}, ["call"]),
        ({"q": "Beijing"}, ["visit"]),
    ],
)
def test_meetings_filters(client, meetings, params, expected):
    visit, call, _ = meetings
    names = {visit.pk: "visit", call.pk: "call"}
    assert [names[pk] for pk in ids(client.get("/api/v1/meetings/", params))] == expected


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("party", "ZZ"),
        ("person", "nobody"),
        ("mode", "telepathy"),
        ("start_from", "2010-02-30"),
        ("colour", "red"),
    ],
)
def test_malformed_meeting_parameter_answers_400_naming_it(client, meetings, parameter, value):
    response = client.get("/api/v1/meetings/", {parameter: value})
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_meeting_detail_has_participants_with_their_office_then_citations_and_announced_levels(
    client, cambodia
):
    meeting = cambodia["meeting"]
    detail = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert detail["parties"] == [
        {"code": "CN", "name": "China", "role": "host"},
        {"code": "KH", "name": "Cambodia", "role": "visitor"},
    ]
    assert detail["participants"] == [
        {"person": "hun-sen", "name": "Hun Sen", "party": "KH", "office": "Prime Minister"}
    ]
    assert detail["citations"][0]["quote"] == "met in Beijing"
    assert [level["id"] for level in detail["announced_levels"]] == [cambodia["levels"][1].pk]
    assert detail["summary"].startswith("The leaders lifted ties")


def test_draft_meeting_is_hidden_from_the_public(client, editor_client, meetings):
    *_, draft = meetings
    assert client.get(f"/api/v1/meetings/{draft.pk}/").status_code == 404
    assert editor_client.get(f"/api/v1/meetings/{draft.pk}/").status_code == 200


def meeting_payload(cambodia, **changes):
    return {
        "title": "Xi Jinping meets Hun Manet",
        "mode": "talks",
        "start": "2023-09-15",
        "city": "Beijing",
        "place": "CN",
        "parties": [{"party": "CN", "role": "host"}, {"party": "KH", "role": "visitor"}],
        "participants": [{"person": "hun-sen", "party": "KH", "role_title": "President of the Senate"}],
        "citations": [{"source": cambodia["source"].pk, "quote": "met"}],
        "announced_levels": [cambodia["levels"][1].pk],
        **changes,
    }


def test_editor_records_a_meeting_with_everything_attached(editor_client, cambodia):
    response = editor_client.post("/api/v1/meetings/", meeting_payload(cambodia), format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "draft"
    assert [p["code"] for p in created["parties"]] == ["CN", "KH"]
    assert created["participants"][0]["office"] == "President of the Senate"
    assert [level["id"] for level in created["announced_levels"]] == [cambodia["levels"][1].pk]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "2023-13"}, "start"),
        ({"title": ""}, "title"),
        ({"mode": "telepathy"}, "mode"),
        ({"parties": [{"party": "CN", "role": "host"}, {"party": "CN", "role": "visitor"}]}, "parties"),
        ({"participants": [{"person": "nobody", "party": "KH"}]}, "participants"),
    ],
)
def test_invalid_meeting_is_refused_naming_the_field(editor_client, cambodia, changes, field):
    before = Meeting.objects.count()
    response = editor_client.post("/api/v1/meetings/", meeting_payload(cambodia, **changes), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Meeting.objects.count() == before


def test_editor_corrects_a_meeting_date(editor_client, cambodia):
    meeting = cambodia["meeting"]
    response = editor_client.patch(
        f"/api/v1/meetings/{meeting.pk}/",
        {"start": "2010-12"},
        format="json",
        HTTP_IF_MATCH=etag_of(editor_client, f"/api/v1/meetings/{meeting.pk}/"),
    )
    assert response.status_code == 200, response.content
    assert response.json()["start"] == "2010-12"


def test_anonymous_meeting_write_is_unauthorised(client, cambodia):
    assert client.post("/api/v1/meetings/", meeting_payload(cambodia), format="json").status_code == 401


def test_people_with_positions_filter_by_name_and_party(client, cambodia):
    other = PersonFactory(name="Wang Yi", slug="wang-yi")
    PositionFactory(person=other, party=cambodia["china"], title="Minister of Foreign Affairs")
    people = client.get("/api/v1/people/").json()["results"]
    assert [person["slug"] for person in people] == ["hun-sen", "wang-yi"]
    assert people[0]["positions"] == [
        {
            "title": "Prime Minister",
            "party": "KH",
            "start": "1985-01-14",
            "start_edtf": "1985-01-14",
            "end": None,
            "end_edtf": None,
        }
    ]
    assert [p["slug"] for p in client.get("/api/v1/people/", {"q": "Wang"}).json()["results"]] == ["wang-yi"]
    assert [p["slug"] for p in client.get("/api/v1/people/", {"party": "KH"}).json()["results"]] == [
        "hun-sen"
    ]
    assert client.get("/api/v1/people/hun-sen/").json()["name"] == "Hun Sen"
    assert client.get("/api/v1/people/nobody/").status_code == 404


def test_sources_list_the_claims_they_back_and_hide_sources_of_unpublished_claims(
    client, cambodia, draft_level
):
    from tests.factories import LevelPeriodCitationFactory

    LevelPeriodCitationFactory(level_period=draft_level, source=SourceFactory(title="A draft's source"))
    [source] = client.get("/api/v1/sources/").json()["results"]
    assert source["level_ids"] == [level.pk for level in cambodia["levels"]]
    assert source["meeting_ids"] == [cambodia["meeting"].pk]


def test_source_detail_has_the_claims_it_backs_with_quotes(client, cambodia):
    detail = client.get(f"/api/v1/sources/{cambodia['source'].pk}/").json()
    assert [(level["relationship"], level["quotes"]) for level in detail["levels"]] == [
        ("CN-KH", ["since 2006"]),
        ("CN-KH", ["lift ties"]),
    ]
    assert [(meeting["id"], meeting["quotes"]) for meeting in detail["meetings"]] == [
        (cambodia["meeting"].pk, ["met in Beijing"])
    ]


def test_sources_filter_by_publisher_kind_date_and_words(client, cambodia):
    other = SourceFactory(
        title="Rubber trade grows",
        publisher="Reuters",
        kind="independent_press",
        published_on=dt.date(2020, 5, 4),
    )
    from tests.factories import MeetingCitationFactory

    MeetingCitationFactory(meeting=cambodia["meeting"], source=other)
    source_ids = lambda params: ids(client.get("/api/v1/sources/", params))  # noqa: E731
    assert source_ids({"publisher": "reuters"}) == [other.pk]
    assert source_ids({"kind": "state_media"}) == [cambodia["source"].pk]
    assert source_ids({"q": "rubber"}) == [other.pk]
    assert source_ids({"published_to": "2010-12-31"}) == [cambodia["source"].pk]
    assert client.get("/api/v1/sources/", {"kind": "rumour"}).status_code == 400
