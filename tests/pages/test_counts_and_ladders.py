"""One count of a tier's holders everywhere (certain, "+ n uncertain"); ladders read as ladders."""

import datetime as dt

import pytest

from core.partial_dates import Precision
from partnerships.models import EndStatus
from tests.factories import (
    CountryFactory,
    LevelPeriodFactory,
    OrganisationFactory,
    RelationshipFactory,
    SchemeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db

STRATEGIC = "/tiers/cn/comprehensive-strategic-cooperative-partnership/"


def possibly_in_force_today() -> dict:
    """Dates of a level that may, but need not, hold today: begun this year (year precision), or on 31
    December (when that start is certain) ended this year."""
    today = dt.date.today()
    this_year = dt.date(today.year, 1, 1)
    if (today.month, today.day) != (12, 31):
        return {"start_date": this_year, "start_date_precision": Precision.YEAR}
    return {
        "start_date": dt.date(2000, 1, 1),
        "end_status": EndStatus.ENDED,
        "end_date": this_year,
        "end_date_precision": Precision.YEAR,
    }


@pytest.fixture
def laos_maybe(world):
    """China and Laos: a strategic level that may or may not be in force today."""
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    return LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=world.china, party_b=laos),
        tier=world.strategic,
        **possibly_in_force_today(),
    )


def test_party_page_tier_pages_and_api_count_holders_alike(client, world, laos_maybe):
    party_page = client.get("/parties/CN/").content.decode()
    tiers_page = client.get("/tiers/").content.decode()
    tier_page = client.get(STRATEGIC).content.decode()
    [api] = [
        tier
        for tier in client.get("/api/v1/tiers/").json()["results"]
        if tier["slug"] == world.strategic.slug
    ]

    assert "(1 + 1 uncertain)" in party_page
    assert "1 + 1 uncertain pairs" in tiers_page
    assert "(1 + 1 uncertain)" in tier_page
    assert (api["holders"], api["uncertain_holders"]) == (1, 1)


def test_tier_page_lists_the_uncertain_holder_marked_as_such(client, world, laos_maybe):
    response = client.get(STRATEGIC)
    assert [(period.partner.name, period.is_certain) for period in response.context["holders"]] == [
        ("Cambodia", True),
        ("Laos", False),
    ]
    assert ">possibly<" in response.content.decode()


def test_party_page_counts_only_that_partys_pairs(client, world, laos_maybe):
    page = client.get("/parties/KH/").content.decode()
    assert "(1)" in page and "uncertain" not in page


def test_tier_page_says_its_place_on_the_ladder_not_its_rank_number(client, world):
    top = client.get(STRATEGIC).content.decode()
    second = client.get("/tiers/cn/comprehensive-cooperative-partnership/").content.decode()
    assert "1st of 2 on the ladder" in top and "2nd of 2 on the ladder" in second
    assert "rank 60" not in top.lower().replace("rank 60 in this scheme", "")


def test_equal_ranks_share_a_place(client, world):
    TierFactory(scheme=world.scheme, slug="equal", name="equal partnership", rank=20)
    page = client.get("/tiers/cn/equal/").content.decode()
    assert "2nd of 3 on the ladder" in page


def test_tier_page_lists_pairs_by_partner_name_declaring_party_first(client, world):
    # Zambia declares; Cambodia is older, so the stored pair is Cambodia – Zambia.
    zambia = CountryFactory(code="ZM", alpha3="ZMB", name="Zambia")
    tier = TierFactory(scheme=SchemeFactory(slug="zm", declaring_party=zambia), slug="friends", rank=10)
    for partner in (world.cambodia, world.china, CountryFactory(name="Andorra")):
        LevelPeriodFactory(relationship=RelationshipFactory(party_a=partner, party_b=zambia), tier=tier)

    response = client.get("/tiers/zm/friends/")

    names = [f"{period.first.name} – {period.partner.name}" for period in response.context["holders"]]
    assert names == ["Zambia – Andorra", "Zambia – Cambodia", "Zambia – China"]
    assert "Zambia – Cambodia" in response.content.decode()


def test_a_ladder_with_no_pairs_says_so_instead_of_zeros(client, world):
    europe = OrganisationFactory(code="EU", name="European Union")
    eu = SchemeFactory(slug="eu", name="EU partnerships", declaring_party=europe)
    for rank in (10, 20, 30):
        TierFactory(scheme=eu, rank=rank)

    page = client.get("/tiers/").content.decode()
    eu_ladder = page[page.index('id="scheme-eu"') :]
    eu_ladder = eu_ladder[: eu_ladder.index("</section>")]
    assert "No pairs recorded yet" in eu_ladder and 'href="/map/?scheme=eu"' in eu_ladder
    assert "0 pairs" not in eu_ladder
    china_ladder = page[page.index('id="scheme-cn"') :]
    assert "1 pair" in china_ladder[: china_ladder.index("</section>")]
