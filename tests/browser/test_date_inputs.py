"""Date inputs read as the headings do (ISO), whatever the browser's locale; a mistyped one is shown back."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.browser


@pytest.fixture
def us_page(browser, live_server):
    """A page in a browser set to US English, whose native date inputs read 12/02/2026."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_as_of_box_shows_the_date_as_iso_in_a_us_browser(world, us_page, screenshot):
    page = us_page
    page.goto("/parties/CN/?as_of=2015-02-28")
    box = page.get_by_label("As of date")
    expect(box).to_have_value("2015-02-28")
    expect(box).to_have_attribute("placeholder", "YYYY-MM-DD")
    # What the reader sees in the box is what the heading and the address say, not 02/28/2015.
    assert box.evaluate("box => box.type") == "text"
    expect(page.get_by_role("heading", name="Partnerships on 28 February 2015")).to_be_visible()

    box.fill("2015-02-30")
    page.locator("form.as-of").get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"as_of=2015-02-30"))
    expect(box).to_have_value("2015-02-30")
    error = page.locator("#id_as_of_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("YYYY-MM-DD")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("heading", level=2).first).to_contain_text("not understood")
    screenshot(page, "party-mistyped-date")
