"""levels/: one flat row per level period; editors record and correct levels through it."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.partial_dates import Precision
from partnerships.models import EndStatus, LevelPeriod
from partnerships.status import Status
from tests.api.conftest import etag_of
from tests.factories import (
    CountryFactory,
    LevelPeriodFactory,
    RelationshipFactory,
    SchemeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db

STRATEGIC = "comprehensive-strategic-cooperative-partnership"


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_level_row_is_flat_with_pair_tier_dates_and_sources(client, cambodia):
    first, second = cambodia["levels"]
    rows = client.get("/api/v1/levels/").json()["results"]
    assert [row["id"] for row in rows] == [first.pk, second.pk]
    assert rows[0] == {
        "id": first.pk,
        "relationship": "CN-KH",
        "party_a": "CN",
        "party_a_name": "China",
        "party_b": "KH",
        "party_b_name": "Cambodia",
        "scheme": "cn",
        "tier": "comprehensive-cooperative-partnership",
        "tier_name": "comprehensive cooperative partnership",
        "tier_rank": 20,
        "wording": "",
        "start": "2006",
        "start_date": "2006-01-01",
        "start_precision": "year",
        "start_approximate": False,
        "start_edtf": "2006",
        "end_status": "ended",
        "end": "2010-12-13",
        "end_date": "2010-12-13",
        "end_precision": "day",
        "end_approximate": False,
        "end_edtf": "2010-12-13",
        "change_kind": "established",
        "status": "published",
        "source_ids": [cambodia["source"].pk],
        "updated_at": rows[0]["updated_at"],
    }
    assert rows[1]["source_ids"] == [cambodia["source"].pk]


def test_level_detail_has_its_citations(client, cambodia):
    level = client.get(f"/api/v1/levels/{cambodia['levels'][1].pk}/").json()
    assert level["citations"][0]["source"]["publisher"] == "Xinhua"


def test_levels_filter_by_year_range_change_kind_party_scheme_tier_and_as_of(client, cambodia):
    first, second = cambodia["levels"]
    assert ids(client.get("/api/v1/levels/", {"from_year": 2007})) == [second.pk]
    assert ids(client.get("/api/v1/levels/", {"to_year": 2006})) == [first.pk]
    assert ids(client.get("/api/v1/levels/", {"from_year": 2006, "to_year": 2010})) == [first.pk, second.pk]
    assert ids(client.get("/api/v1/levels/", {"change_kind": "upgraded"})) == [second.pk]
    assert ids(client.get("/api/v1/levels/", {"party": "KH,CN"})) == [first.pk, second.pk]
    assert ids(client.get("/api/v1/levels/", {"tier": STRATEGIC})) == [second.pk]
    assert ids(client.get("/api/v1/levels/", {"as_of": "2008-01-01"})) == [first.pk]
    assert ids(client.get("/api/v1/levels/", {"scheme": "cn", "min_rank": 30})) == [second.pk]
    CountryFactory(code="VN", alpha3="VNM")
    assert ids(client.get("/api/v1/levels/", {"party": "VN"})) == []


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("from_year", "twenty"),
        ("to_year", "0"),
        ("change_kind", "improved"),
        ("cursor", "bogus"),
        ("page_size", "0"),
    ],
)
def test_malformed_level_parameter_answers_400_naming_it(client, cambodia, parameter, value):
    response = client.get("/api/v1/levels/", {parameter: value})
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_year_range_backwards_is_refused(client, cambodia):
    response = client.get("/api/v1/levels/", {"from_year": 2012, "to_year": 2010})
    assert response.status_code == 400 and "to_year" in response.json()


def test_levels_are_cursor_paginated_in_a_stable_order(client, cambodia):
    for year in range(1990, 1995):
        LevelPeriodFactory(
            tier=cambodia["tiers"][0], start_date=dt.date(year, 1, 1), end_status=EndStatus.ENDED,
            end_date=dt.date(year + 1, 1, 1),
        )  # fmt: skip
    everything = ids(client.get("/api/v1/levels/"))
    seen, url = [], "/api/v1/levels/?page_size=3"
    while url:
        page = client.get(url)
        seen += ids(page)
        url = page.json()["next"]
        assert ('rel="next"' in page.get("Link", "")) == bool(url)
    assert seen == everything == sorted(everything)


def test_anonymous_sees_published_levels_only(client, editor_client, draft_level):
    assert draft_level.pk not in ids(client.get("/api/v1/levels/"))
    assert client.get(f"/api/v1/levels/{draft_level.pk}/").status_code == 404
    assert draft_level.pk in ids(editor_client.get("/api/v1/levels/"))


# Writes


def level_payload(**changes):
    return {
        "party_a": "KH",
        "party_b": "CN",
        "scheme": "cn",
        "tier": STRATEGIC,
        "start": "2019-04",
        "wording": "community with a shared future",
        **changes,
    }


def test_editor_proposes_a_level_as_a_draft_with_its_citations(editor_client, cambodia):
    payload = level_payload(
        citations=[{"source": cambodia["source"].pk, "quote": "new era", "locator": "p. 1"}]
    )
    response = editor_client.post("/api/v1/levels/", payload, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["relationship"], created["start"], created["start_precision"]) == (
        "CN-KH",
        "2019-04",
        "month",
    )
    assert created["status"] == "draft"
    assert created["citations"][0]["quote"] == "new era"
    # A draft is a proposal: the published timeline is untouched until it is published.
    assert LevelPeriod.objects.get(pk=cambodia["levels"][1].pk).end_status == EndStatus.ONGOING


def test_editor_corrects_a_level(editor_client, cambodia):
    level = cambodia["levels"][0]
    response = editor_client.patch(
        f"/api/v1/levels/{level.pk}/",
        {"start": "2006-03", "wording": "comprehensive partnership"},
        format="json",
        HTTP_IF_MATCH=etag_of(editor_client, f"/api/v1/levels/{level.pk}/"),
    )
    assert response.status_code == 200, response.content
    level.refresh_from_db()
    assert (level.start_date, level.start_date_precision, level.wording) == (
        dt.date(2006, 3, 1),
        Precision.MONTH,
        "comprehensive partnership",
    )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        # Published beside the 2010 level, which it does not end: two levels at once.
        (
            {
                "start": "2008",
                "status": "published",
                "close_previous": False,
                "citations": [{"quote": "in 2008"}],
            },
            "start",
            "already holds a published level",
        ),
        ({"status": "published"}, "citations", "citation with a quote"),
        ({"status": "retracted"}, "status", "not a valid choice"),
        ({"party_b": "KH"}, "party_b", "two different parties"),
        ({"start": "2020", "end": "2019"}, "end", "after the start"),
        ({"tier": "strategic-partnership"}, "tier", "belongs to the vn scheme"),
        ({"tier": "no-such-tier"}, "tier", "Unknown tier"),
        ({"start": "2019-02-30"}, "start", "not a real calendar date"),
        ({"start": "April 2019"}, "start", "YYYY"),
        ({"party_a": "XX"}, "party_a", "does not exist"),
        ({"scheme": "klingon"}, "scheme", "does not exist"),
        ({"change_kind": "improved"}, "change_kind", "not a valid choice"),
        ({"citations": [{"source": 0}]}, "citations", "does not exist"),
    ],
)
def test_invalid_level_is_refused_with_a_field_message_and_nothing_written(
    editor_client, cambodia, changes, field, words
):
    TierFactory(scheme=SchemeFactory(slug="vn"), slug="strategic-partnership")
    for citation in changes.get("citations", []):
        citation.setdefault("source", cambodia["source"].pk)
    before = LevelPeriod.objects.count()
    response = editor_client.post("/api/v1/levels/", level_payload(**changes), format="json")
    assert response.status_code == 400, response.content
    assert words in str(response.json()[field]), response.json()
    assert LevelPeriod.objects.count() == before


def test_editor_publishes_an_upgrade_that_ends_the_previous_level(editor_client, cambodia):
    payload = level_payload(
        status="published", citations=[{"source": cambodia["source"].pk, "quote": "upgraded"}]
    )
    response = editor_client.post("/api/v1/levels/", payload, format="json")
    assert response.status_code == 201, response.content
    previous = LevelPeriod.objects.get(pk=cambodia["levels"][1].pk)
    assert (previous.end_status, previous.end) == (EndStatus.ENDED, "2019-04")


def test_publishing_needs_the_publish_permission(cambodia):
    user = User.objects.create_user("proposer", password="a long enough password")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_levelperiod", "change_levelperiod"])
    )
    client = APIClient()
    client.force_authenticate(user)
    payload = level_payload(
        status="published", citations=[{"source": cambodia["source"].pk, "quote": "upgraded"}]
    )
    assert client.post("/api/v1/levels/", payload, format="json").status_code == 403
    published = cambodia["levels"][1]
    url = f"/api/v1/levels/{published.pk}/"
    assert (
        client.patch(url, {"wording": "x"}, format="json", HTTP_IF_MATCH=etag_of(client, url)).status_code
        == 403
    )
    assert client.post("/api/v1/levels/", level_payload(status="in_review"), format="json").status_code == 201


def test_correction_moving_a_tier_to_another_scheme_is_refused(editor_client, cambodia):
    TierFactory(scheme=SchemeFactory(slug="vn"), slug="strategic-partnership")
    level = cambodia["levels"][1]
    response = editor_client.patch(
        f"/api/v1/levels/{level.pk}/",
        {"tier": "strategic-partnership"},
        format="json",
        HTTP_IF_MATCH=etag_of(editor_client, f"/api/v1/levels/{level.pk}/"),
    )
    assert response.status_code == 400
    assert "belongs to the vn scheme" in response.json()["tier"][0]


def test_editor_replaces_a_draft_level_with_put(editor_client, cambodia):
    draft = editor_client.post("/api/v1/levels/", level_payload(), format="json").json()
    response = editor_client.put(
        f"/api/v1/levels/{draft['id']}/",
        level_payload(start="2019"),
        format="json",
        HTTP_IF_MATCH=etag_of(editor_client, f"/api/v1/levels/{draft['id']}/"),
    )
    assert response.status_code == 200, response.content
    assert response.json()["start"] == "2019"
    moved = editor_client.put(
        f"/api/v1/levels/{draft['id']}/",
        level_payload(party_a="LA"),
        format="json",
        HTTP_IF_MATCH=etag_of(editor_client, f"/api/v1/levels/{draft['id']}/"),
    )
    assert moved.status_code == 400 and "party_a" in moved.json()


def test_correction_with_end_before_start_is_refused(editor_client, cambodia):
    level = cambodia["levels"][0]
    response = editor_client.patch(
        f"/api/v1/levels/{level.pk}/",
        {"end": "2005"},
        format="json",
        HTTP_IF_MATCH=etag_of(editor_client, f"/api/v1/levels/{level.pk}/"),
    )
    assert response.status_code == 400
    assert response.json() == {"end": ["The end must come after the start."]}


def test_anonymous_write_is_unauthorised(client, cambodia):
    assert client.post("/api/v1/levels/", level_payload(), format="json").status_code == 401
    assert client.patch(f"/api/v1/levels/{cambodia['levels'][0].pk}/", {}, format="json").status_code == 401


def test_user_without_the_model_permission_is_forbidden(cambodia):
    user = User.objects.create_user("reader", password="a long enough password")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.post("/api/v1/levels/", level_payload(), format="json").status_code == 403


def test_session_authenticated_editor_may_write(editor, cambodia):
    client = APIClient(enforce_csrf_checks=False)
    client.force_login(editor)
    response = client.post("/api/v1/levels/", level_payload(close_previous=True), format="json")
    assert response.status_code == 201, response.content


def test_malformed_json_is_a_400(editor_client, cambodia):
    response = editor_client.post("/api/v1/levels/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_a_new_level_may_have_no_known_start(editor_client, cambodia):
    vietnam = CountryFactory(code="VN", alpha3="VNM")
    RelationshipFactory(party_a=cambodia["china"], party_b=vietnam)
    response = editor_client.post(
        "/api/v1/levels/", level_payload(party_a="VN", start=None, status=Status.IN_REVIEW), format="json"
    )
    assert response.status_code == 201, response.content
    assert (response.json()["start"], response.json()["start_precision"]) == (None, "unknown")
