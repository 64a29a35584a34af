"""The pages with the real starter dataset: China's many partnerships at desktop and phone widths."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize(("viewport", "size"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_china_and_its_russia_pair_with_the_starter_dataset(demo, open_page, screenshot, viewport, size):
    page = open_page(viewport)

    page.goto("/parties/CN/")
    expect(page.get_by_role("heading", level=1)).to_have_text("China")
    expect(page.locator("svg.changes .change-mark").first).to_be_attached()
    screenshot(page, f"demo-party-CN-{size}")

    page.goto("/relationships/CN-RU/")
    expect(page.locator("svg.timeline .certain").first).to_be_attached()
    screenshot(page, f"demo-pair-CN-RU-{size}")

    page.goto("/tiers/")
    screenshot(page, f"demo-tiers-{size}")
