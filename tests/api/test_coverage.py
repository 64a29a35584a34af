"""coverage/: the partners a scheme was checked for and found none, with who checked and the source."""

import datetime as dt

import pytest

from partnerships.status import Status
from tests.factories import CountryFactory, CoverageCheckFactory, SchemeFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checks():
    china = CountryFactory(code="CN", alpha3="CHN", name="China")
    scheme = SchemeFactory(slug="cn", declaring_party=china)
    other = SchemeFactory(slug="vn", declaring_party=CountryFactory(code="VN", alpha3="VNM", name="Viet Nam"))
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    source = SourceFactory(title="China's partners, 2019", publisher="MFA", url="https://mfa.example.org/p")
    first = CoverageCheckFactory(scheme=scheme, party=laos, checked_on=dt.date(2012, 1, 1))
    first.citations.update(source=source, quote="The list of partners", locator="p. 2")
    latest = CoverageCheckFactory(scheme=scheme, party=laos, checked_on=dt.date(2019, 6, 1))
    CoverageCheckFactory(scheme=other, party=laos, checked_on=dt.date(2019, 6, 1))
    CoverageCheckFactory(scheme=scheme, checked_on=dt.date(2019, 6, 1), status=Status.DRAFT)
    return {"scheme": scheme, "first": first, "latest": latest, "laos": laos, "source": source}


def test_a_check_reads_none_recorded_as_of_a_day_by_whom_and_from_what(client, checks):
    response = client.get(f"/api/v1/coverage/{checks['first'].pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": checks["first"].pk,
        "scheme": "cn",
        "party": {"code": "LA", "name": "Laos", "kind": "country"},
        "checked_on": "2012-01-01",
        "checked_by": "Entente curators",
        "notes": "",
        "citations": [
            {
                "source": response.json()["citations"][0]["source"],
                "quote": "The list of partners",
                "locator": "p. 2",
            }
        ],
    }
    assert response.json()["citations"][0]["source"]["id"] == checks["source"].pk


def test_drafts_are_not_public(client, checks):
    response = client.get("/api/v1/coverage/")

    assert response.json()["count"] == 3


def test_filters_by_scheme_party_and_as_of(client, checks):
    def ids(**params):
        return [row["id"] for row in client.get("/api/v1/coverage/", params).json()["results"]]

    assert ids(scheme="cn", party="LA") == [checks["latest"].pk, checks["first"].pk]
    assert ids(scheme="cn", as_of="2015-01-01") == [checks["first"].pk]
    assert ids(scheme="cn", as_of="2011-01-01") == []
    assert ids(party="VN") == []


def test_bad_parameters_answer_400_naming_them(client, checks):
    assert "scheme" in client.get("/api/v1/coverage/", {"scheme": "atlantis"}).json()
    assert "as_of" in client.get("/api/v1/coverage/", {"as_of": "2015-13-01"}).json()
    assert "party" in client.get("/api/v1/coverage/", {"party": "CN,LA"}).json()


def test_list_query_count_does_not_grow(client, checks, django_assert_max_num_queries):
    for _ in range(10):
        CoverageCheckFactory(scheme=checks["scheme"])
    # data version, count, page, citations with sources
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/coverage/")
    assert response.json()["count"] == 13


def test_the_schema_documents_the_endpoint(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    parameters = {p["name"] for p in schema["paths"]["/api/v1/coverage/"]["get"]["parameters"]}
    assert {"scheme", "party", "as_of"} <= parameters


def test_the_list_answers_in_csv_one_row_per_check(client, checks):
    response = client.get("/api/v1/coverage/", {"scheme": "cn", "as_of": "2015-01-01", "format": "csv"})

    lines = response.content.decode().splitlines()
    assert lines[0] == "id,scheme,party,party_name,checked_on,checked_by,notes,source_ids"
    first, source = checks["first"].pk, checks["source"].pk
    assert lines[1:] == [f"{first},cn,LA,Laos,2012-01-01,Entente curators,,{source}"]
