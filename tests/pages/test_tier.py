"""A tier's page: every pair holding it on a day, and who joined or left it between two days."""

import datetime as dt

import pytest

from core.partial_dates import Precision
from partnerships.models import EndStatus
from partnerships.status import Status
from tests.factories import CountryFactory, LevelPeriodFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

STRATEGIC = "/tiers/cn/comprehensive-strategic-cooperative-partnership/"
COOPERATION = "/tiers/cn/comprehensive-cooperative-partnership/"


def pairs(periods):
    return [str(period.relationship) for period in periods]


def test_tier_page_lists_pairs_holding_it_today(client, world):
    response = client.get(STRATEGIC)

    assert response.status_code == 200
    assert pairs(response.context["holders"]) == ["China – Cambodia"]
    assert "since 2010-12-13" in response.content.decode()


def test_tier_page_as_of_date(client, world):
    response = client.get(COOPERATION, {"as_of": "2008-01-01"})

    assert pairs(response.context["holders"]) == ["China – Cambodia"]
    assert pairs(client.get(COOPERATION).context["holders"]) == []


def test_tier_page_shows_who_joined_and_who_left_between_two_days(client, world):
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=world.china, party_b=laos),
        tier=world.cooperation,
        start_date=dt.date(2009, 4, 1),
        start_date_precision=Precision.MONTH,
        end_status=EndStatus.ENDED,
        end_date=dt.date(2013, 1, 1),
        end_date_precision=Precision.YEAR,
    )

    response = client.get(COOPERATION, {"since": "2007-01-01", "as_of": "2012-01-01"})

    assert pairs(response.context["joined"]) == ["China – Laos"]
    assert pairs(response.context["left"]) == ["China – Cambodia"]
    page = response.content.decode()
    assert "Changes between 1 January 2007 and 1 January 2012" in page
    assert "until 2010-12-13" in page


def test_tier_page_hides_unpublished_holders(client, world):
    LevelPeriodFactory(tier=world.strategic, status=Status.DRAFT)

    assert pairs(client.get(STRATEGIC).context["holders"]) == ["China – Cambodia"]


def test_comparison_date_after_the_as_of_date_is_swapped_with_a_notice(client, world):
    response = client.get(COOPERATION, {"since": "2012-01-01", "as_of": "2007-01-01"})

    assert response.context["since"] == dt.date(2007, 1, 1)
    assert "we swapped them" in response.content.decode()


def test_bad_dates_on_the_tier_page_are_notices(client, world):
    response = client.get(STRATEGIC, {"since": "last year", "as_of": "2020-13-01"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "We ignored the compared with “last year”" in page
    assert "We ignored the as of date “2020-13-01”" in page


@pytest.mark.parametrize("address", ["/tiers/cn/no-such-tier/", "/tiers/xx/strategic-partnership/"])
def test_unknown_tier_is_404(client, world, address):
    assert client.get(address).status_code == 404


def test_tier_list_shows_every_ladder(client, world):
    response = client.get("/tiers/")

    assert list(response.context["ladder"]) == [world.strategic, world.cooperation]
    assert "China: partnership diplomacy" in response.content.decode()


def test_tier_page_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    # tier, holders, joined, left = 4
    query = {"since": "2010-01-01"}
    with django_assert_max_num_queries(5):  # and the data version (kept pages)
        client.get(STRATEGIC, query)
    grow(12)
    with django_assert_max_num_queries(5):  # and the data version (kept pages)
        response = client.get(STRATEGIC, query)
    assert len(response.context["joined"]) == 13


def test_tier_list_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):  # and the data version (kept pages)
        client.get("/tiers/")
    grow(12)
    with django_assert_max_num_queries(2):  # and the data version (kept pages)
        client.get("/tiers/")
