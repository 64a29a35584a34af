"""The network and the trends in a real browser: the chart's table on the page equals the API's counts."""

import datetime as dt
import json
import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def api(page, path: str) -> dict:
    return json.loads(page.request.get(path).text())


def test_the_trend_chart_s_table_in_the_browser_equals_the_api_s_counts(world, open_page, screenshot):
    page = open_page(DESKTOP)
    page.goto("/trends/?scheme=cn")
    chart = page.locator("svg#trend-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("title").first).to_contain_text("Partners at each tier by year")
    screenshot(page, "trends-desktop")
    today = dt.date.today()
    for row in page.locator("#trend-table tbody tr").all():
        year = int(row.get_attribute("data-year"))
        shown = {
            cell.get_attribute("data-tier"): int(cell.inner_text())
            for cell in row.locator("td[data-tier]").all()
            if cell.inner_text() != "0"
        }
        as_of = f"{year}-12-31" if year < today.year else today.isoformat()
        answer = api(page, f"/api/v1/relationships/?scheme=cn&as_of={as_of}&page_size=1000")
        assert shown == Counter(level["tier"] for pair in answer["results"] for level in pair["levels"]), year
    phone = open_page(PHONE)
    phone.goto("/trends/?scheme=cn")
    expect(phone.locator("svg#trend-chart")).to_be_visible()
    screenshot(phone, "trends-phone")


def test_the_network_drawn_links_each_line_to_its_pair(world, open_page, screenshot):
    page = open_page(DESKTOP)
    page.goto("/network/?scheme=cn&as_of=2012-01-01")
    lines = page.locator("svg#network line")
    answer = api(page, "/api/v1/network/?scheme=cn&as_of=2012-01-01")
    expect(lines).to_have_count(len(answer["edges"]))
    screenshot(page, "network-desktop")
    page.locator('svg#network circle[data-party="KH"]').click()
    expect(page).to_have_url(re.compile(r"/parties/KH/\?as_of=2012-01-01$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cambodia")
    phone = open_page(PHONE)
    phone.goto("/network/?scheme=cn&as_of=2012-01-01")
    expect(phone.locator("svg#network")).to_be_visible()
    screenshot(phone, "network-phone")
