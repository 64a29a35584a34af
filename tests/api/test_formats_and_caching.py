"""CSV for every list, conditional GET, caching headers, pagination limits and throttling."""

import csv
import io

import pytest
from django.utils.http import http_date
from rest_framework.throttling import AnonRateThrottle

from core.api.pagination import MAX_PAGE_SIZE

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/parties/",
    "/api/v1/schemes/",
    "/api/v1/tiers/",
    "/api/v1/relationships/",
    "/api/v1/levels/",
    "/api/v1/meetings/",
    "/api/v1/people/",
    "/api/v1/sources/",
    "/api/v1/changes/",
]


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("url", LISTS)
def test_every_list_answers_flat_csv_by_parameter_and_by_accept_header(client, cambodia, url):
    by_parameter = read_csv(client.get(url, {"format": "csv"}))
    by_header = read_csv(client.get(url, HTTP_ACCEPT="text/csv"))
    assert by_parameter == by_header
    assert by_parameter, "the fixture gives every list at least one row"
    for row in by_parameter:
        assert not any(value.startswith(("{", "[")) for value in row.values()), row


def test_relationships_csv_has_one_row_per_pair_and_level(client, cambodia):
    [row] = read_csv(client.get("/api/v1/relationships/", {"format": "csv", "as_of": "2008-01-01"}))
    assert (
        row["relationship"],
        row["party_a_name"],
        row["tier"],
        row["start"],
        row["end"],
        row["certain"],
    ) == (
        "CN-KH",
        "China",
        "comprehensive-cooperative-partnership",
        "2006",
        "2010-12-13",
        "true",
    )


def test_csv_joins_lists_with_a_bar(client, cambodia):
    [row] = read_csv(client.get("/api/v1/meetings/", {"format": "csv"}))
    assert row["parties"] == "CN|KH"


def test_csv_error_answer_names_the_parameter(client, cambodia):
    response = client.get("/api/v1/levels/", {"format": "csv", "as_of": "soon"})
    assert response.status_code == 400
    assert response.content.decode().splitlines() == [
        "parameter,message",
        'as_of,"Enter a date as YYYY-MM-DD (or, in EDTF, YYYY-MM or YYYY)."',
    ]


def test_unknown_format_is_refused_naming_it(client, cambodia):
    response = client.get("/api/v1/parties/KH/", {"format": "csv"})
    assert response.status_code == 400
    assert list(response.json()) == ["format"]


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/relationships/CN-KH/", "/api/v1/parties/KH/"])
def test_etag_answers_304_when_it_matches(client, cambodia, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_etag_changes_with_the_data(client, cambodia):
    etag = client.get("/api/v1/levels/")["ETag"]
    level = cambodia["levels"][0]
    level.wording = "comprehensive partnership of cooperation"
    level.save()
    assert client.get("/api/v1/levels/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("kind", ["levels", "meetings"])
def test_record_detail_has_last_modified_and_answers_304_since_then(client, cambodia, kind):
    record = cambodia["levels"][1] if kind == "levels" else cambodia["meeting"]
    url = f"/api/v1/{kind}/{record.pk}/"
    response = client.get(url)
    assert response["Last-Modified"] == http_date(int(record.updated_at.timestamp()))
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_anonymous_reads_are_publicly_cacheable_and_editors_are_not(client, editor_client, cambodia):
    anonymous = client.get("/api/v1/levels/")
    assert anonymous["Cache-Control"] == "public, max-age=300"
    assert "Accept" in anonymous["Vary"]
    assert "private" in editor_client.get("/api/v1/levels/")["Cache-Control"]


def test_page_size_is_capped_and_pages_are_stable(client, cambodia):
    response = client.get("/api/v1/tiers/", {"page_size": MAX_PAGE_SIZE + 1})
    assert response.status_code == 400
    assert "page_size" in response.json()
    first = client.get("/api/v1/tiers/", {"page_size": 1})
    assert first.json()["count"] == 2
    second = client.get(first.json()["next"])
    assert [first.json()["results"][0]["slug"], second.json()["results"][0]["slug"]] == [
        "comprehensive-strategic-cooperative-partnership",
        "comprehensive-cooperative-partnership",
    ]
    assert 'rel="next"' in first["Link"]


@pytest.mark.parametrize("page", ["0", "two", "-1"])
def test_malformed_page_is_refused_naming_it(client, cambodia, page):
    response = client.get("/api/v1/parties/", {"page": page})
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


def test_anonymous_callers_are_throttled(client, cambodia, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "1000/minute"})
    assert [client.get("/api/v1/schemes/").status_code for _ in range(3)] == [200, 200, 429]


def test_every_csv_column_is_documented():
    from django.conf import settings

    from core.api.renderers import flat_columns
    from dataset.api.views import ChangeSerializer
    from events.api.serializers import MeetingSerializer, PersonRowSerializer
    from partnerships.api import serializers as p
    from sources.api.serializers import SourceSerializer

    guide = (settings.BASE_DIR / "docs" / "api.md").read_text()
    flat = [
        p.PartySerializer, p.SchemeSerializer, p.TierSerializer, p.PairLevelRowSerializer,
        p.LevelRowSerializer, MeetingSerializer, PersonRowSerializer, SourceSerializer, ChangeSerializer,
        p.CoverageCheckRowSerializer,
    ]  # fmt: skip
    missing = [c.name for s in flat for c in flat_columns(s()) if f"| `{c.name}` |" not in guide]
    assert missing == []
