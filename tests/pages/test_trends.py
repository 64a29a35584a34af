"""The trends page: partners at each tier by year (chart, table, CSV) and upgrades, checked with the API."""

import csv
import datetime as dt
import io
import re
from collections import Counter

import pytest

from core.partial_dates import Precision
from partnerships.models import ChangeKind, EndStatus
from tests.factories import CountryFactory, LevelPeriodFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(world):
    """Besides Cambodia: Laos from June 2008 (month) to 2012, Peru from "2011" (year), upgraded in 2014."""
    laos = RelationshipFactory(party_a=world.china, party_b=CountryFactory(code="LA", name="Laos"))
    LevelPeriodFactory(
        relationship=laos,
        tier=world.cooperation,
        start_date=dt.date(2008, 6, 1),
        start_date_precision=Precision.MONTH,
        end_status=EndStatus.ENDED,
        end_date=dt.date(2012, 3, 1),
        end_date_precision=Precision.DAY,
    )
    peru = RelationshipFactory(party_a=world.china, party_b=CountryFactory(code="PE", name="Peru"))
    LevelPeriodFactory(
        relationship=peru,
        tier=world.cooperation,
        start_date=dt.date(2011, 1, 1),
        start_date_precision=Precision.YEAR,
        end_status=EndStatus.ENDED,
        end_date=dt.date(2014, 5, 1),
        end_date_precision=Precision.MONTH,
        change_kind=ChangeKind.ESTABLISHED,
    )
    LevelPeriodFactory(
        relationship=peru,
        tier=world.strategic,
        start_date=dt.date(2014, 5, 1),
        start_date_precision=Precision.MONTH,
        change_kind=ChangeKind.UPGRADED,
    )
    return world


def table_counts(page: str) -> dict[int, dict[str, int]]:
    """The data table beside the chart: year → tier slug → partners."""
    counts = {}
    for year, cells in re.findall(r'<tr data-year="(\d{4})">(.*?)</tr>', page, re.S):
        counts[int(year)] = {
            tier: int(n) for tier, n in re.findall(r'<td data-tier="([^"]+)">(\d+)</td>', cells)
        }
    return counts


def api_counts(client, year: int, today: dt.date) -> Counter:
    as_of = f"{year}-12-31" if year < today.year else today.isoformat()
    response = client.get("/api/v1/relationships/", {"as_of": as_of, "scheme": "cn", "page_size": 1000})
    assert response.status_code == 200
    return Counter(level["tier"] for pair in response.json()["results"] for level in pair["levels"])


def test_the_chart_s_data_table_equals_the_api_s_counts_each_year(client, partners):
    page = client.get("/trends/", {"scheme": "cn"}).content.decode()
    table = table_counts(page)
    today = dt.date.today()
    assert sorted(table) == list(range(2006, today.year + 1))
    for year, by_tier in table.items():
        assert {tier: n for tier, n in by_tier.items() if n} == api_counts(client, year, today), year
    # Spot checks: Laos counts from the end of June 2008; Peru's "2011" only from 2011-12-31.
    assert table[2008]["comprehensive-cooperative-partnership"] == 2
    assert table[2011]["comprehensive-cooperative-partnership"] == 2
    assert table[2012]["comprehensive-cooperative-partnership"] == 1
    assert table[2014] == {
        "comprehensive-strategic-cooperative-partnership": 2,
        "comprehensive-cooperative-partnership": 0,
    }


def test_the_chart_draws_the_table_s_figures(client, partners):
    page = client.get("/trends/", {"scheme": "cn"}).content.decode()
    drawn = {
        (int(year), tier): int(count)
        for year, tier, count in re.findall(
            r'<rect [^>]*data-year="(\d+)" data-tier="([^"]+)" data-count="(\d+)"', page
        )
    }
    table = {
        (year, tier): n for year, by_tier in table_counts(page).items() for tier, n in by_tier.items() if n
    }
    assert drawn == table
    assert '<svg id="trend-chart"' in page and 'aria-labelledby="trend-title trend-desc"' in page


def test_upgrades_per_year_and_the_csv_hold_the_same_figures(client, partners):
    page = client.get("/trends/", {"scheme": "cn"}).content.decode()
    upgraded = dict(re.findall(r'<tr data-year="(\d{4})">.*?<td data-upgraded>(\d+)</td>', page, re.S))
    assert {year for year, n in upgraded.items() if n != "0"} == {"2010", "2014"}
    response = client.get("/trends/", {"scheme": "cn", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = {int(row["year"]): row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    table = table_counts(page)
    assert {year: {tier: int(row[tier]) for tier in table[year]} for year, row in rows.items()} == table
    assert rows[2014]["upgraded"] == "1" and rows[2011]["established"] == "1"


def test_an_unknown_scheme_is_a_notice_and_the_default_is_shown(client, partners):
    response = client.get("/trends/", {"scheme": "klingon"})
    assert "We ignored the scheme" in response.content.decode()
    assert response.context["scheme"].slug == "cn"


def test_trends_page_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    # schemes of the form, the scheme, its tiers, the first start, the yearly counts, the changes; and the
    # data version
    with django_assert_max_num_queries(8):
        client.get("/trends/", {"scheme": "cn"})
    grow(12)
    with django_assert_max_num_queries(8):
        response = client.get("/trends/", {"scheme": "cn"})
    assert response.context["rows"][-1]["total"] == 13
