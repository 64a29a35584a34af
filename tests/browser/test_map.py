"""The world map in a real browser: colours on two dates, the year control, a click to the pair page."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from core.partial_dates import Precision
from partnerships.models import ChangeKind
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import (
    CountryFactory,
    CoverageCheckFactory,
    LevelPeriodFactory,
    OrganisationFactory,
    RelationshipFactory,
    TierFactory,
)

pytestmark = pytest.mark.browser

# Partners drawn for the screenshots: code, name, tier (of build_world's or new ones), start, precision.
PARTNERS = [
    ("RU", "Russia", "coordination", "2011-06-01", Precision.MONTH),
    ("PK", "Pakistan", "all-weather", "2015-04-20", Precision.DAY),
    ("VN", "Viet Nam", "strategic", "2008-05-30", Precision.DAY),
    ("DZ", "Algeria", "strategic", "2014-01-01", Precision.YEAR),
    ("BR", "Brazil", "comprehensive", "2012-06-21", Precision.DAY),
    ("FR", "France", "comprehensive", "2004-01-27", Precision.DAY),
    ("KE", "Kenya", "cooperation", "2017-05-15", Precision.DAY),
    ("AR", "Argentina", "comprehensive", "2014-07-18", Precision.DAY),
]


def fill_of(page, code: str) -> str:
    return page.locator(f'svg.world-map g[data-code="{code}"]').get_attribute("fill")


def legend_fill(page, tier_slug: str) -> str:
    return page.locator(f'.map-legend li[data-tier="{tier_slug}"]').get_attribute("data-fill")


@pytest.fixture
def partners(world):
    tiers = {
        "cooperation": world.cooperation,
        "strategic": TierFactory(
            scheme=world.scheme, slug="strategic-partnership", rank=30, name="strategic partnership"
        ),
        "comprehensive": TierFactory(
            scheme=world.scheme,
            slug="comprehensive-strategic-partnership",
            rank=50,
            name="comprehensive strategic partnership",
        ),
        "coordination": TierFactory(
            scheme=world.scheme,
            slug="comprehensive-strategic-partnership-of-coordination",
            rank=70,
            name="comprehensive strategic partnership of coordination",
        ),
        "all-weather": TierFactory(
            scheme=world.scheme,
            slug="all-weather-strategic-cooperative-partnership",
            rank=70,
            name="all-weather strategic cooperative partnership",
        ),
    }
    for code, name, tier, start, precision in PARTNERS:
        partner = CountryFactory(code=code, alpha3=f"{code}X", name=name)
        LevelPeriodFactory(
            relationship=RelationshipFactory(party_a=world.china, party_b=partner),
            tier=tiers[tier],
            start_date=dt.date.fromisoformat(start),
            start_date_precision=precision,
            change_kind=ChangeKind.UPGRADED,
        )
    asean = OrganisationFactory(code="ASEAN", name="ASEAN")
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=world.china, party_b=asean),
        tier=tiers["strategic"],
        start_date=dt.date(2003, 10, 8),
    )
    for code, name in [("BT", "Bhutan"), ("IN", "India")]:
        CoverageCheckFactory(
            scheme=world.scheme,
            party=CountryFactory(code=code, alpha3=f"{code}X", name=name),
            checked_on=dt.date(2010, 1, 1),
        )
    return tiers


def test_map_colours_known_pairs_steps_through_years_and_opens_a_pair(world, partners, open_page, screenshot):
    page = open_page(DESKTOP)
    page.goto("/map/?scheme=cn&as_of=2008-01-01")
    expect(page.get_by_role("heading", level=1)).to_have_text("China’s partners on 1 January 2008")
    assert fill_of(page, "KH") == legend_fill(page, world.cooperation.slug)
    assert fill_of(page, "FR") == legend_fill(page, partners["comprehensive"].slug)
    assert fill_of(page, "VN") == "#d4d4d4"  # not yet a partner, and never checked

    # A year on, by the step link: Viet Nam became a strategic partner on 30 May 2008.
    page.get_by_role("link", name="2009 →").click()
    expect(page).to_have_url(re.compile(r"as_of=2009-01-01"))
    assert fill_of(page, "VN") == legend_fill(page, partners["strategic"].slug)
    assert fill_of(page, "KH") == legend_fill(page, world.cooperation.slug)

    # The slider: 2015. Cambodia was upgraded in 2010; Algeria's "2014" start is certain by the year's end.
    page.get_by_role("slider", name="Year").fill("2015")
    page.get_by_role("button", name="Show the year").click()
    expect(page).to_have_url(re.compile(r"year=2015"))
    assert fill_of(page, "KH") == legend_fill(page, world.strategic.slug)
    assert fill_of(page, "DZ") == legend_fill(page, partners["strategic"].slug)
    assert fill_of(page, "IN") == "#ffffff"  # checked, none recorded
    expect(page.locator(".map-organisations")).to_contain_text("ASEAN: strategic partnership")
    expect(page.locator(".map-changes")).to_contain_text("2014: upgraded to strategic partnership — Algeria")
    shot = screenshot(page, "map-desktop")
    assert shot.exists()

    page.locator('svg.world-map g[data-code="KH"]').click()
    expect(page).to_have_url(re.compile(r"/relationships/CN-KH/$"))


def test_map_on_a_phone_and_a_year_precision_start_hatched(world, partners, open_page, screenshot):
    page = open_page(PHONE)
    page.goto("/map/?scheme=cn&as_of=2014-06-30")
    # Algeria's level began in "2014": on 30 June it only possibly held.
    assert fill_of(page, "DZ").startswith("url(#hatch-")
    map_box = page.locator("svg.world-map").bounding_box()
    assert map_box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "map-phone")


def test_party_page_map_steps_with_the_page(world, partners, open_page, screenshot):
    page = open_page(DESKTOP)
    page.goto("/parties/CN/?as_of=2009-06-30")
    assert fill_of(page, "VN") == legend_fill(page, partners["strategic"].slug)
    page.get_by_role("link", name="← 2008").click()
    expect(page).to_have_url(re.compile(r"/parties/CN/\?as_of=2008-06-30"))
    expect(page.get_by_role("heading", name="Partnerships on 30 June 2008")).to_be_visible()
    assert fill_of(page, "VN") == legend_fill(page, partners["strategic"].slug)
    page.get_by_role("link", name="← 2007").click()
    assert fill_of(page, "VN") == "#d4d4d4"
    screenshot(page, "party-map-desktop")
