"""A reader's journey in a real browser: a misspelt search, a country, a pair, its timeline and sources."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_reader_finds_a_misspelt_country_opens_a_pair_and_changes_the_as_of_date(
    world, open_page, screenshot
):
    page = open_page(DESKTOP)
    page.goto("/")
    screenshot(page, "home-desktop")

    page.get_by_label("Search for a country, an official, a meeting or a source").fill("Cambodai")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Cambodai"))
    screenshot(page, "search-desktop")

    page.get_by_role("link", name="Cambodia", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cambodia")
    screenshot(page, "party-desktop")

    page.locator(".holders").get_by_role("link", name="China").click()
    expect(page).to_have_url(re.compile(r"/relationships/CN-KH/$"))
    timeline = page.locator("svg.timeline")
    expect(timeline).to_be_visible()
    expect(timeline.locator(".certain rect")).to_have_count(2)
    expect(timeline.locator(".uncertain rect").first).to_be_attached()
    expect(timeline.locator(".meeting-marker")).to_have_count(2)
    assert timeline.bounding_box()["height"] > 80
    citation = page.locator("a.citation__link", has_text="China, Cambodia lift ties")
    expect(citation).to_be_visible()
    expect(citation).to_have_attribute("href", "https://news.example.org/cambodia-upgrade")
    screenshot(page, "pair-desktop")

    on_date = page.get_by_test_id("level-on-date")
    expect(on_date).to_contain_text("comprehensive strategic cooperative partnership")
    page.get_by_label("As of date").fill("2008-05-01")
    page.locator("form.as-of").get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"as_of=2008-05-01"))
    expect(page.get_by_role("heading", name="Level on 1 May 2008")).to_be_visible()
    expect(on_date).to_contain_text("comprehensive cooperative partnership")
    expect(on_date).not_to_contain_text("strategic")
    screenshot(page, "pair-as-of-desktop")


@pytest.mark.parametrize(
    "address", ["/", "/search/?q=Cambodai", "/parties/KH/", "/relationships/CN-KH/", "/meetings/"]
)
def test_pages_fit_a_phone_screen(world, open_page, screenshot, address):
    page = open_page(PHONE)
    page.goto(address)

    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{address} is {overflow}px wider than a phone screen"
    name = {"/": "home", "/search/?q=Cambodai": "search", "/parties/KH/": "party"}.get(address)
    name = name or address.strip("/").split("/")[0].replace("relationships", "pair")
    screenshot(page, f"{name}-phone")


def test_keyboard_users_can_skip_to_the_content_and_reach_the_search(world, open_page):
    page = open_page(DESKTOP)
    page.goto("/parties/KH/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.get_by_role("searchbox", name="Search Entente").fill("Kampuchea")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Cambodia", exact=True)).to_be_visible()
