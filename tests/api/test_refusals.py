"""Every endpoint refuses what it cannot answer the same way: bad cursors, repeated and unknown parameters."""

import pytest

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

CURSOR_LISTS = ["/api/v1/levels/", "/api/v1/meetings/"]


@pytest.mark.parametrize("url", CURSOR_LISTS)
@pytest.mark.parametrize("cursor", ["AAAA", "-1", "bogus", "cD0=", "bz0xMA=="])
def test_every_cursor_list_refuses_a_cursor_it_did_not_write(client, cambodia, url, cursor):
    # "AAAA" and "cD0=" ("p=") decode to an empty position, "bz0xMA==" ("o=10") to an offset alone: DRF
    # would read them as the first page.
    response = client.get(url, {"cursor": cursor})
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["cursor"]


@pytest.mark.parametrize("url", CURSOR_LISTS)
def test_the_cursors_a_list_writes_are_accepted(client, cambodia, url):
    MeetingFactory()  # two of each: a next page
    first = client.get(url, {"page_size": 1}).json()
    second = client.get(first["next"])
    assert second.status_code == 200, second.content
    back = client.get(second.json()["previous"])
    assert back.status_code == 200 and back.json()["results"] == first["results"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/levels/",
        "/api/v1/relationships/",
        "/api/v1/meetings/",
        "/api/v1/parties/",
        "/api/v1/parties/CN/",
        "/api/v1/changes/",
        "/api/v1/export/",
    ],
)
def test_a_repeated_parameter_is_refused_everywhere(client, cambodia, url):
    response = client.get(f"{url}?party=CN&party=KH&party=PK")
    assert response.status_code == 400, response.status_code
    assert "party" in response.json()


def test_a_repeated_parameter_is_refused_naming_the_combined_form(client, cambodia):
    response = client.get("/api/v1/levels/?party=CN&party=KH")
    assert "separate them by commas" in response.json()["party"][0]
    assert client.get("/api/v1/levels/?party=CN,KH").status_code == 200


def test_export_refuses_a_parameter_it_does_not_take_listing_what_it_does(client, cambodia):
    response = client.get("/api/v1/export/", {"since": "notadate"})
    assert response.status_code == 400
    assert response.json() == {"since": ["Unknown parameter. This endpoint understands: format."]}
    assert client.get("/api/v1/export/").status_code == 200


@pytest.mark.parametrize(
    ("record", "parameter"),
    [
        ("/api/v1/meetings/{meeting}/", {"party": "KH"}),
        ("/api/v1/meetings/{meeting}/", {"start_from": "2030-01-01"}),
        ("/api/v1/levels/{level}/", {"as_of": "2020-01-01"}),
        ("/api/v1/sources/{source}/", {"q": "Beijing"}),
    ],
)
def test_a_record_refuses_a_lists_filter_rather_than_filtering_itself_away(
    client, cambodia, record, parameter
):
    # The schema names no parameter for a record: a list's filter there used to hide the record (404) or
    # answer it, depending on the value.
    url = record.format(
        meeting=cambodia["meeting"].pk, level=cambodia["levels"][1].pk, source=cambodia["source"].pk
    )
    assert client.get(url).status_code == 200
    response = client.get(url, parameter)
    assert response.status_code == 400
    (name,) = parameter
    assert response.json() == {name: ["Unknown parameter. This endpoint understands: format."]}
    assert client.get(url, {"format": "json"}).status_code == 200
