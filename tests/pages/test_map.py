"""The world map as of a date: colours by tier, hatching for uncertain levels, checks, steps, changes."""

import datetime as dt
import re

import pytest

from core.partial_dates import Precision
from partnerships.models import ChangeKind, CoverageCheck
from partnerships.status import Status
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    OrganisationFactory,
    RelationshipFactory,
    SchemeFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def country_mark(html: str, code: str) -> dict:
    """The attributes of the map's group for ``code``."""
    match = re.search(
        rf'<g class="([^"]*)" data-code="{code}" data-state="(\w+)"(?: data-tier="([^"]*)")? fill="([^"]*)"',
        html,
    )
    assert match, f"no mark for {code}"
    classes, state, tier, fill = match.groups()
    return {"classes": classes, "state": state, "tier": tier, "fill": fill}


def legend_fill(html: str, tier_slug: str) -> str:
    return re.search(rf'<li data-tier="{tier_slug}" data-fill="([^"]+)"', html).group(1)


def check(scheme, party, on, **kwargs) -> CoverageCheck:
    made = CoverageCheck.objects.create(
        scheme=scheme, party=party, checked_on=on, checked_by="Entente curators", **kwargs
    )
    made.citations.create(source=SourceFactory(title="List of partners"), quote="China's partners are …")
    return made


def test_map_colours_a_country_by_its_tier_on_the_day(client, world):
    later = client.get("/map/", {"scheme": "cn", "as_of": "2015-01-01"}).content.decode()
    earlier = client.get("/map/", {"scheme": "cn", "as_of": "2008-01-01"}).content.decode()

    assert country_mark(later, "KH")["fill"] == legend_fill(later, world.strategic.slug)
    assert country_mark(earlier, "KH")["fill"] == legend_fill(earlier, world.cooperation.slug)
    assert country_mark(later, "KH")["fill"] != country_mark(earlier, "KH")["fill"]
    assert country_mark(later, "CN")["state"] == "declaring"


def test_scheme_may_be_named_by_the_declaring_party(client, world):
    response = client.get("/map/", {"scheme": "china", "as_of": "2015-01-01"})

    assert response.context["scheme"] == world.scheme
    assert country_mark(response.content.decode(), "KH")["tier"] == world.strategic.slug


def test_an_unknown_scheme_is_a_notice_not_an_error(client, world):
    response = client.get("/map/", {"scheme": "atlantis"})

    assert response.status_code == 200
    assert "We know no scheme “atlantis”" in response.content.decode()
    assert response.context["scheme"] == world.scheme


def test_a_level_only_possibly_in_force_is_hatched(client, world):
    # The first level began in "2006": on 1 March 2006 it may not have held yet.
    html = client.get("/map/", {"scheme": "cn", "as_of": "2006-03-01"}).content.decode()

    mark = country_mark(html, "KH")
    assert mark["state"] == "possible"
    assert mark["fill"].startswith("url(#hatch-")
    assert f'<pattern id="{mark["fill"][5:-1]}"' in html


def test_checked_and_never_checked_are_drawn_apart(client, world):
    vietnam = CountryFactory(code="VN", alpha3="VNM", name="Viet Nam")
    CountryFactory(code="LA", alpha3="LAO", name="Laos")
    checked = check(world.scheme, vietnam, dt.date(2012, 1, 1), status=Status.PUBLISHED)

    html = client.get("/map/", {"scheme": "cn", "as_of": "2013-01-01"}).content.decode()
    before = client.get("/map/", {"scheme": "cn", "as_of": "2011-01-01"}).content.decode()

    assert country_mark(html, "VN")["state"] == "checked"
    assert country_mark(html, "LA")["state"] == "unchecked"
    assert country_mark(html, "VN")["fill"] != country_mark(html, "LA")["fill"]
    assert "None recorded as of 1 January 2012, checked by Entente curators" in html
    assert f"/sources/{checked.citations.get().source_id}/" in html
    # A check says nothing of the days before it.
    assert country_mark(before, "VN")["state"] == "unchecked"


def test_unpublished_checks_are_not_drawn(client, world):
    vietnam = CountryFactory(code="VN", alpha3="VNM", name="Viet Nam")
    check(world.scheme, vietnam, dt.date(2012, 1, 1))

    html = client.get("/map/", {"scheme": "cn", "as_of": "2013-01-01"}).content.decode()

    assert country_mark(html, "VN")["state"] == "unchecked"


def test_each_partner_links_to_its_pair_page_and_others_do_not(client, world):
    CountryFactory(code="LA", alpha3="LAO", name="Laos")
    html = client.get("/map/", {"scheme": "cn", "as_of": "2015-01-01"}).content.decode()

    assert '<a href="/relationships/CN-KH/" class="country-link"' in html
    assert 'class="country-link" aria-label="Laos' not in html


def test_legend_lists_the_ladder_highest_first(client, world):
    html = client.get("/map/", {"scheme": "cn"}).content.decode()

    tiers = re.findall(r'<li data-tier="([^"]+)"', html)
    assert tiers == [world.strategic.slug, world.cooperation.slug]


def test_organisations_are_listed_beside_the_map(client, world):
    asean = OrganisationFactory(code="ASEAN", name="ASEAN")
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=world.china, party_b=asean), tier=world.strategic
    )

    response = client.get("/map/", {"scheme": "cn", "as_of": "2015-01-01"})

    [organisation] = response.context["map"].organisations
    assert organisation.name == "ASEAN"
    assert organisation.tier == world.strategic


def test_time_control_steps_a_year_and_the_slider_sets_the_year(client, world):
    response = client.get("/map/", {"scheme": "cn", "as_of": "2011-06-30"})
    steps = response.context["steps"]

    assert steps["previous"] == "/map/?scheme=cn&as_of=2010-06-30"
    assert steps["next"] == "/map/?scheme=cn&as_of=2012-06-30"
    assert steps["first_year"] == 2006
    # Before the first start, the slider begins at the day shown and there is no step further back.
    early = client.get("/map/", {"scheme": "cn", "as_of": "1999-01-01"}).context["steps"]
    assert (early["first_year"], early["previous"]) == (1999, "")
    slid = client.get("/map/", {"scheme": "cn", "year": "2008"})
    assert slid.context["map"].as_of == dt.date(2008, 12, 31)
    assert country_mark(slid.content.decode(), "KH")["tier"] == world.cooperation.slug


def test_changes_between_the_two_dates_are_listed_by_year(client, world):
    algeria = CountryFactory(code="DZ", alpha3="DZA", name="Algeria")
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=world.china, party_b=algeria),
        tier=world.strategic,
        start_date=dt.date(2014, 1, 1),
        start_date_precision=Precision.YEAR,
        change_kind=ChangeKind.UPGRADED,
    )

    html = client.get(
        "/map/", {"scheme": "cn", "as_of": "2015-01-01", "since": "2009-01-01"}
    ).content.decode()

    assert re.search(
        r"<strong>2010</strong>: upgraded to comprehensive strategic cooperative partnership — "
        r'<a href="/relationships/CN-KH/">Cambodia</a>',
        html,
    )
    assert "<strong>2014</strong>: upgraded to comprehensive strategic cooperative partnership — " in html
    assert "<strong>2006</strong>" not in html


def test_party_page_shows_the_map_of_its_ladder(client, world):
    china = client.get("/parties/CN/", {"as_of": "2015-01-01"}).content.decode()
    cambodia = client.get("/parties/KH/", {"as_of": "2008-01-01"}).content.decode()

    assert country_mark(china, "KH")["tier"] == world.strategic.slug
    # Cambodia declares no ladder: China's is shown, Cambodia outlined in it, as of the page's day.
    assert country_mark(cambodia, "KH")["tier"] == world.cooperation.slug
    assert "country--highlight" in country_mark(cambodia, "KH")["classes"]
    assert "/parties/KH/?as_of=2007-01-01#world-map" in cambodia


@pytest.mark.parametrize("partners", [3, 12])
def test_map_page_query_count_does_not_grow_with_countries(
    client, world, django_assert_num_queries, partners
):
    source = SourceFactory()
    for _ in range(partners):
        period = LevelPeriodFactory(
            relationship=RelationshipFactory(party_a=world.china, party_b=CountryFactory()),
            tier=world.strategic,
            start_date=dt.date(2012, 1, 1),
            change_kind=ChangeKind.UPGRADED,
        )
        LevelPeriodCitationFactory(level_period=period, source=source)
        check(world.scheme, CountryFactory(), dt.date(2011, 1, 1), status=Status.PUBLISHED)
    SchemeFactory(slug="vn", declaring_party=CountryFactory(code="VN", alpha3="VNM"))

    # The data version (kept answers), declared schemes, the scheme asked for, partners with a pair page,
    # tiers, levels on the day, checks standing then, their citations, country names, the changes since,
    # the first start: 11.
    with django_assert_num_queries(11):
        response = client.get("/map/", {"scheme": "cn", "as_of": "2015-01-01"})

    assert len(response.context["map"].table) == 1 + 2 * partners
