"""A party's page: partnerships grouped by tier (highest first) on a chosen day, changes, meetings."""

import pytest

from partnerships.status import Status
from tests.factories import CountryFactory, LevelPeriodFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def holders_by_tier(response):
    return [
        (row["tier"].name, [holder["partner"].name for holder in row["holders"]])
        for group in response.context["standings"]
        for row in group["tiers"]
    ]


def test_party_page_groups_current_partners_by_tier_highest_first(client, world):
    vietnam = CountryFactory(code="VN", alpha3="VNM", name="Viet Nam")
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=world.china, party_b=vietnam), tier=world.cooperation
    )

    response = client.get("/parties/CN/")

    assert response.status_code == 200
    assert holders_by_tier(response) == [
        ("comprehensive strategic cooperative partnership", ["Cambodia"]),
        ("comprehensive cooperative partnership", ["Viet Nam"]),
    ]
    assert "since 2010-12-13" in response.content.decode()


def test_party_page_as_of_date_shows_the_level_then(client, world):
    response = client.get("/parties/KH/", {"as_of": "2008-05-01"})

    assert holders_by_tier(response) == [("comprehensive cooperative partnership", ["China"])]
    assert "Partnerships on 1 May 2008" in response.content.decode()


def test_party_page_marks_a_level_whose_year_precision_start_is_not_yet_certain(client, world):
    response = client.get("/parties/KH/", {"as_of": "2006-03-01"})

    [group] = response.context["standings"]
    [row] = group["tiers"]
    assert row["holders"][0]["certain"] is False
    assert ">possibly<" in response.content.decode()


def test_party_page_hides_unpublished_levels(client, world):
    hidden = CountryFactory(name="Hiddenland")
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=world.china, party_b=hidden),
        tier=world.strategic,
        status=Status.DRAFT,
    )

    response = client.get("/parties/CN/")

    assert "Hiddenland" not in response.content.decode()


def test_party_page_draws_a_chart_of_changes(client, world):
    response = client.get("/parties/CN/")

    page = response.content.decode()
    assert '<svg class="changes"' in page
    assert "2 changes of level from 2006 to 2010" in page
    assert "Cambodia, comprehensive strategic cooperative partnership (upgraded)" in page


def test_party_page_lists_recent_published_meetings(client, world):
    response = client.get("/parties/CN/")

    assert list(response.context["meetings"]) == [world.visit, world.call]


def test_bad_as_of_date_is_explained_and_today_shown(client, world):
    response = client.get("/parties/CN/", {"as_of": "2023-02-30"})

    assert response.status_code == 200
    assert "We ignored the as of date “2023-02-30”" in response.content.decode()
    assert holders_by_tier(response) == [("comprehensive strategic cooperative partnership", ["Cambodia"])]


def test_date_out_of_range_is_explained(client, world):
    response = client.get("/parties/CN/", {"as_of": "1066-10-14"})

    assert response.status_code == 200
    assert "choose a date between 1900 and 2100" in response.content.decode()


@pytest.mark.parametrize("code", ["kh", "KHM", "khm"])
def test_other_spellings_of_the_code_redirect_to_the_canonical_address(client, world, code):
    response = client.get(f"/parties/{code}/")

    assert response.status_code == 301
    assert response["Location"] == "/parties/KH/"


def test_unknown_code_is_a_404_page(client, world):
    response = client.get("/parties/QQ/")

    assert response.status_code == 404
    assert "No party has the code “QQ”." in response.content.decode()


def test_party_list_shows_parties_with_published_levels(client, world):
    CountryFactory(name="Lonelyland")

    response = client.get("/parties/")

    assert [(party.name, party.partner_count) for party in response.context["parties"]] == [
        ("Cambodia", 1),
        ("China", 1),
    ]


def test_party_page_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    # party, periods as of the date (their holders counted from them), all periods (chart), meetings + their
    # parties + participants = 6; the world map: its scheme and 8 more (tests/pages/test_map.py) = 9
    with django_assert_max_num_queries(16):  # and the data version (kept pages)
        client.get("/parties/CN/")
    grow(12)
    with django_assert_max_num_queries(16):  # and the data version (kept pages)
        response = client.get("/parties/CN/")
    assert len(response.context["standings"][0]["tiers"][0]["holders"]) == 13


def test_party_list_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):  # and the data version (kept pages)
        client.get("/parties/")
    grow(12)
    with django_assert_max_num_queries(2):  # and the data version (kept pages)
        client.get("/parties/")
