"""What only a browser shows: chart labels inside the chart and clear of gridlines, aligned filters, wrapping
citation boxes, and the admin's index by task."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def boxes(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(
        "nodes => nodes.map(node => { const r = node.getBoundingClientRect();"
        " return {x: r.x, y: r.y, right: r.right, bottom: r.bottom}; })"
    )


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["right"] and b["x"] < a["right"] and a["y"] < b["bottom"] and b["y"] < a["bottom"]


def test_timeline_year_labels_are_inside_the_chart_and_row_titles_clear_of_gridlines(
    world, open_page, screenshot
):
    page = open_page(DESKTOP)
    page.goto("/relationships/CN-KH/")
    [chart] = boxes(page, "svg.timeline")
    years = boxes(page, "svg.timeline .timeline__year")
    assert years and years[0]["x"] >= chart["x"] and years[-1]["right"] <= chart["right"]
    titles = boxes(page, "svg.timeline .timeline__band-name")
    gridlines = boxes(page, "svg.timeline .timeline__grid")
    assert titles and gridlines
    assert not [(t, g) for t in titles for g in gridlines if overlaps(t, g)]
    # The month-precision call is a bar, not a letter-like bracket.
    spans = boxes(page, "svg.timeline .meeting-span")
    assert spans and all(span["right"] - span["x"] >= 10 for span in spans)
    screenshot(page, "pair-timeline-labels")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_bibtex_box_wraps_instead_of_running_past_its_edge(world, open_page, viewport):
    page = open_page(viewport)
    page.goto("/relationships/CN-KH/")
    bibtex = page.locator("#cite-bibtex")
    overflow = bibtex.evaluate("box => box.scrollWidth - box.clientWidth")
    assert overflow <= 1, overflow


def test_meeting_filters_line_up_on_one_row(world, open_page, screenshot):
    page = open_page(DESKTOP)
    page.goto("/meetings/")
    controls = boxes(page, "form.filters select, form.filters input, form.filters button")
    assert len(controls) >= 5
    bottoms = {round(control["bottom"]) for control in controls}
    tops = {round(control["y"]) for control in controls}
    assert max(bottoms) - min(bottoms) <= 1 and max(tops) - min(tops) <= 1, (tops, bottoms)
    screenshot(page, "meetings-filters")


def test_admin_index_starts_with_the_review_queue_and_ends_with_system(world, open_page, screenshot):
    User.objects.create_superuser("lead", password="a long enough password")
    page = open_page(DESKTOP)
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Review queue")).to_be_visible()
    expect(page.get_by_role("link", name="Levels awaiting review")).to_be_visible()

    headings = page.locator("#content-main caption").evaluate_all(
        "nodes => nodes.map(n => n.textContent.trim())"
    )
    assert headings[:4] == ["Review queue", "Levels", "Meetings", "Sources"]
    assert headings[-1] == "System"
    queue_box, *_ = boxes(page, "#review-queue")
    system_box = boxes(page, "#content-main .app-system")[0]
    assert queue_box["y"] < system_box["y"]
    screenshot(page, "admin-index")
