"""parties/, schemes/ and tiers/: reference data, searchable, addressed by code or slug."""

import pytest

from partnerships.models import PartyAlias
from tests.factories import OrganisationFactory, SchemeFactory, TierFactory

pytestmark = pytest.mark.django_db


def codes(response):
    return [party["code"] for party in response.json()["results"]]


def test_party_detail_is_the_same_by_alpha2_alpha3_and_any_case(client, cambodia):
    PartyAlias.objects.create(party=cambodia["cambodia"], name="Kampuchea")
    by_alpha2 = client.get("/api/v1/parties/KH/")
    assert by_alpha2.json() == {
        "code": "KH",
        "alpha3": "KHM",
        "numeric_code": None,
        "kind": "country",
        "name": "Cambodia",
        "official_name": "Republic of Cambodia",
        "wikidata_id": "",
        "aliases": ["Kampuchea"],
    }
    assert client.get("/api/v1/parties/KHM/").json() == by_alpha2.json()
    assert client.get("/api/v1/parties/khm/").json() == by_alpha2.json()


def test_organisation_is_addressed_by_its_code(client, db):
    OrganisationFactory(code="ASEAN", name="ASEAN")
    assert client.get("/api/v1/parties/ASEAN/").json()["kind"] == "organisation"


def test_unknown_party_code_is_not_found(client, cambodia):
    assert client.get("/api/v1/parties/XX/").status_code == 404


def test_parties_filter_by_kind(client, cambodia):
    OrganisationFactory(code="ASEAN", name="ASEAN")
    assert codes(client.get("/api/v1/parties/", {"kind": "organisation"})) == ["ASEAN"]
    assert codes(client.get("/api/v1/parties/", {"kind": "country"})) == ["KH", "CN"]


def test_parties_search_by_name_alias_and_code(client, cambodia):
    PartyAlias.objects.create(party=cambodia["cambodia"], name="Kampuchea")
    assert codes(client.get("/api/v1/parties/", {"q": "Cambod"})) == ["KH"]
    assert codes(client.get("/api/v1/parties/", {"q": "Kampuchea"})) == ["KH"]
    assert codes(client.get("/api/v1/parties/", {"q": "CHN"})) == ["CN"]
    assert codes(client.get("/api/v1/parties/", {"q": "Atlantis"})) == []


def test_unknown_kind_is_refused_naming_the_parameter(client, cambodia):
    response = client.get("/api/v1/parties/", {"kind": "planet"})
    assert response.status_code == 400
    assert list(response.json()) == ["kind"]


def test_schemes_list_their_tiers_highest_rank_first_with_original_terms(client, cambodia):
    scheme = client.get("/api/v1/schemes/cn/").json()
    assert scheme["declaring_party"] == "CN"
    assert [tier["rank"] for tier in scheme["tiers"]] == [60, 20]
    assert scheme["tiers"][1]["original_term"] == "全面合作伙伴关系"
    assert scheme["tiers"][1]["wording_variants"] == ["all-round cooperative partnership"]


def test_tiers_are_listed_scheme_by_scheme_by_rank_and_filter_by_scheme(client, cambodia):
    TierFactory(scheme=SchemeFactory(slug="vn"), slug="strategic-partnership", rank=20)
    every = client.get("/api/v1/tiers/").json()["results"]
    assert [(tier["scheme"], tier["rank"]) for tier in every] == [("cn", 60), ("cn", 20), ("vn", 20)]
    only_vn = client.get("/api/v1/tiers/", {"scheme": "vn"}).json()["results"]
    assert [tier["slug"] for tier in only_vn] == ["strategic-partnership"]


def test_unknown_scheme_is_refused_with_the_known_ones(client, cambodia):
    response = client.get("/api/v1/tiers/", {"scheme": "klingon"})
    assert response.status_code == 400
    assert "Known schemes: cn" in response.json()["scheme"][0]
