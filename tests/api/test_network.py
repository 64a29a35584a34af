"""The network as of a date: its edges are the as-of relationships list's levels (JSON, GEXF, GraphML)."""

import datetime as dt
import io

import networkx as nx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.partial_dates import Precision
from partnerships.models import EndStatus
from tests.factories import (
    CountryFactory,
    LevelPeriodFactory,
    RelationshipFactory,
    SchemeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladders(cambodia):
    """Cambodia's timeline on China's ladder, plus Viet Nam holding levels on China's and on its own."""
    china, scheme = cambodia["china"], cambodia["scheme"]
    _, strategic = cambodia["tiers"]
    vietnam = CountryFactory(code="VN", alpha3="VNM", name="Viet Nam")
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    own = SchemeFactory(slug="vn", declaring_party=vietnam)
    vn_top = TierFactory(scheme=own, slug="comprehensive-strategic-partnership", rank=50)
    china_vietnam = RelationshipFactory(party_a=china, party_b=vietnam)
    LevelPeriodFactory(
        relationship=china_vietnam,
        tier=strategic,
        start_date=dt.date(2008, 1, 1),
        start_date_precision=Precision.YEAR,
    )
    LevelPeriodFactory(
        relationship=china_vietnam,
        tier=vn_top,
        start_date=dt.date(2013, 5, 1),
    )
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=vietnam, party_b=laos),
        tier=vn_top,
        start_date=dt.date(2000, 6, 1),
        start_date_precision=Precision.MONTH,
        end_status=EndStatus.ENDED,
        end_date=dt.date(2016, 1, 1),
        end_date_precision=Precision.DAY,
    )
    return scheme


def relationship_levels(client, **params) -> set[tuple]:
    response = client.get("/api/v1/relationships/", {"page_size": 1000, **params})
    assert response.status_code == 200, response.content
    return {
        (pair["key"], level["id"], level["scheme"], level["tier"], level["tier_rank"], level["certain"])
        for pair in response.json()["results"]
        for level in pair["levels"]
    }


def network_edges(client, **params) -> set[tuple]:
    response = client.get("/api/v1/network/", params)
    assert response.status_code == 200, response.content
    return {
        (
            edge["relationship"],
            edge["level_id"],
            edge["scheme"],
            edge["tier"],
            edge["weight"],
            edge["certain"],
        )
        for edge in response.json()["edges"]
    }


@pytest.mark.parametrize(
    "params",
    [
        {"as_of": "2009-06-30"},
        {"as_of": "2015-01-01"},
        {"as_of": "2020"},
        {"as_of": "2000-07-01", "include_uncertain": "true"},
        {"as_of": "2015-01-01", "scheme": "vn"},
        {"as_of": "2015-01-01", "tier": "cn:comprehensive-strategic-cooperative-partnership"},
        {"as_of": "2015-01-01", "min_rank": 55},
        {"as_of": "2015-01-01", "party": "LA"},
        {},
    ],
)
def test_the_network_s_edges_are_the_as_of_relationships_list(client, ladders, params):
    edges = network_edges(client, **params)
    assert edges == relationship_levels(client, **params)


def test_the_network_on_a_date_has_the_expected_nodes_and_weights(client, ladders):
    data = client.get("/api/v1/network/", {"as_of": "2015-01-01"}).json()
    assert data["as_of"] == "2015-01-01"
    assert [(node["id"], node["degree"]) for node in data["nodes"]] == [
        ("CN", 3),
        ("KH", 1),
        ("LA", 1),
        ("VN", 3),
    ]
    assert sorted((edge["relationship"], edge["scheme"], edge["weight"]) for edge in data["edges"]) == [
        ("CN-KH", "cn", 60),
        ("CN-VN", "cn", 60),
        ("CN-VN", "vn", 50),
        ("VN-LA", "vn", 50),
    ]


def test_a_year_as_of_is_answered_as_its_last_day(client, ladders):
    assert client.get("/api/v1/network/", {"as_of": "2008"}).json()["as_of"] == "2008-12-31"


@pytest.mark.parametrize("format_", ["gexf", "graphml"])
def test_the_network_as_a_graph_file_holds_the_same_edges(client, ladders, format_):
    response = client.get("/api/v1/network/", {"as_of": "2015-01-01", "format": format_})
    assert response.status_code == 200
    assert response["Content-Type"] == f"application/{format_}+xml"
    assert response["Content-Disposition"] == f'attachment; filename="entente-network-2015-01-01.{format_}"'
    read = nx.read_gexf if format_ == "gexf" else nx.read_graphml
    graph = read(io.BytesIO(response.content))
    edges = {
        tuple(sorted((a, b))) + (attrs["scheme"], int(attrs["weight"]))
        for a, b, attrs in graph.edges(data=True)
    }
    assert edges == {
        ("CN", "KH", "cn", 60),
        ("CN", "VN", "cn", 60),
        ("CN", "VN", "vn", 50),
        ("LA", "VN", "vn", 50),
    }


def test_a_bad_parameter_in_a_graph_format_answers_400_naming_it(client, ladders):
    response = client.get("/api/v1/network/", {"as_of": "2015?", "format": "graphml"})
    assert response.status_code == 400
    assert b'<error parameter="as_of">' in response.content
    assert client.get("/api/v1/network/", {"changed_since": "2020-01-01"}).status_code == 400


@pytest.mark.parametrize("format_", ["json", "gexf", "graphml"])
def test_the_network_s_description_answers_in_every_format(client, ladders, format_):
    response = client.options(f"/api/v1/network/?format={format_}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(f"application/{format_}")
    assert b"Network" in response.content


def count_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/network/", params).status_code == 200
    return len(queries)


def test_the_network_costs_the_same_queries_for_1_and_100_edges(client):
    scheme = SchemeFactory(slug="cn")
    tier = TierFactory(scheme=scheme, slug="strategic-partnership")
    LevelPeriodFactory(tier=tier)
    params = {
        "as_of": "2015-01-01",
        "scheme": "cn",
        "tier": "strategic-partnership",
        "include_uncertain": "true",
    }
    with_one = count_queries(client, **params)
    for _ in range(99):
        LevelPeriodFactory(tier=tier)
    # The data version (kept answers), the scheme, the tier, the levels with their parties.
    assert with_one == count_queries(client, **params) == 4


def test_the_schema_documents_the_network_s_formats_and_its_as_of(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/network/"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {
        "application/json",
        "application/gexf+xml",
        "application/graphml+xml",
    }
    json = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert json == {"$ref": "#/components/schemas/Network"}
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert "2015-12-31" in parameters["as_of"]["description"]
    assert "gexf" in parameters["format"]["description"]
