"""Original-language terms are drawn in a font that has their letters, not as boxes."""

import pytest

from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.browser

TERM = "全面战略合作伙伴关系"


def fonts_drawing(page, selector: str) -> dict[str, int]:
    """The fonts Chromium drew the element's text with, and how many glyphs each drew."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def test_a_chinese_tier_term_is_drawn_in_a_cjk_font_from_the_page_stack(world, open_page, screenshot):
    world.strategic.original_term, world.strategic.original_language = TERM, "zh"
    world.strategic.save()
    page = open_page(DESKTOP)
    page.goto(f"/tiers/cn/{world.strategic.slug}/")
    term = page.locator("p.original-term")
    assert term.inner_text() == TERM

    stack = term.evaluate("element => getComputedStyle(element).fontFamily")
    assert stack.startswith('"Noto Sans CJK SC"'), stack
    drawn = fonts_drawing(page, "p.original-term")
    assert drawn == {"Noto Sans CJK SC": len(TERM)}, drawn
    assert page.evaluate(f"document.fonts.check('16px \"Noto Sans CJK SC\"', '{TERM}')")
    screenshot(page, "tier-original-term")
