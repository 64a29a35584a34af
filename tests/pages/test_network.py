"""The network page: the levels in force on a day as an SVG, each line and dot a link, a table beside."""

import re

import pytest

pytestmark = pytest.mark.django_db


def drawn_pairs(page: str) -> list[str]:
    return sorted(re.findall(r'<line [^>]*data-relationship="([A-Z0-9-]+)"', page))


def test_network_page_draws_the_levels_in_force_on_the_day(client, world):
    page = client.get("/network/", {"as_of": "2008-01-01", "scheme": "cn"}).content.decode()
    assert drawn_pairs(page) == ["CN-KH"]
    assert 'aria-labelledby="network-title network-desc"' in page
    assert "comprehensive cooperative partnership" in page
    assert 'href="/relationships/CN-KH/?as_of=2008-01-01"' in page
    assert 'href="/parties/KH/?as_of=2008-01-01"' in page
    assert "format=gexf" in page and "format=graphml" in page


def test_network_page_keeps_the_tiers_of_at_least_a_rank_as_the_api_does(client, world, grow):
    grow(2)
    query = {"as_of": "2020-06-30", "scheme": "cn", "min_rank": 61}
    assert drawn_pairs(client.get("/network/", query).content.decode()) == []
    query["min_rank"] = 60
    page = client.get("/network/", query).content.decode()
    api = client.get("/api/v1/network/", query).json()
    assert drawn_pairs(page) == sorted(edge["relationship"] for edge in api["edges"])
    assert len(drawn_pairs(page)) == 3
    assert "min_rank=60" in page


def test_network_page_before_any_level_says_so(client, world):
    response = client.get("/network/", {"as_of": "1990-01-01"})
    assert drawn_pairs(response.content.decode()) == []
    assert "No partnership level was certainly in force on that day" in response.content.decode()


def test_network_page_draws_what_the_network_api_answers(client, world, grow):
    grow(5)
    page = client.get("/network/", {"as_of": "2020-06-30"}).content.decode()
    api = client.get("/api/v1/network/", {"as_of": "2020-06-30"}).json()
    assert drawn_pairs(page) == sorted(edge["relationship"] for edge in api["edges"])
    assert len(drawn_pairs(page)) == 6


def test_the_drawing_is_the_same_every_time(client, world, grow):
    grow(3)
    first = client.get("/network/", {"as_of": "2020-06-30"}).content
    assert client.get("/network/", {"as_of": "2020-06-30"}).content == first


def test_a_bad_date_or_scheme_is_a_notice(client, world):
    page = client.get("/network/", {"as_of": "someday", "scheme": "klingon"}).content.decode()
    assert "We ignored the as of date" in page and "We ignored the scheme" in page


def test_network_page_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    # the schemes of the form, the scheme chosen, the levels with their parties; and the data version
    with django_assert_max_num_queries(4):
        client.get("/network/", {"as_of": "2020-06-30", "scheme": "cn"})
    grow(12)
    with django_assert_max_num_queries(4):
        response = client.get("/network/", {"as_of": "2020-06-30", "scheme": "cn"})
    assert len(response.context["network"]["edges"]) == 13
