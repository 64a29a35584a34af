"""Every page that takes a parameter says when it did not understand one, and does not pretend otherwise."""

import datetime as dt
import html
import re

import pytest
from django.utils.dateformat import format as date_format

pytestmark = pytest.mark.django_db

PAIR = "/relationships/CN-KH/"
TIER = "/tiers/cn/comprehensive-strategic-cooperative-partnership/"

# Each public page, each parameter it takes, and a value it cannot use; True where the value is typed into
# a form on the page (the error then stands beside that field).
MALFORMED = [
    ("/parties/CN/", "as_of", "2015-02-30", True),
    ("/parties/CN/", "as_of", "12/02/2026", True),
    (PAIR, "as_of", "2015-13-01", True),
    (PAIR, "as_of", "1066-10-14", True),
    (TIER, "as_of", "yesterday", True),
    (TIER, "since", "2015-02-30", True),
    ("/meetings/", "party", "XX", True),
    ("/meetings/", "person", "nobody-at-all", True),
    ("/meetings/", "mode", "duel", True),
    ("/meetings/", "year", "twenty", True),
    ("/meetings/", "year", "1492", True),
    ("/meetings/", "page", "two", False),
    ("/meetings/", "page", "99", False),
    ("/search/", "q", "x" * 201, False),
    ("/search/", "q", "x", False),
]


@pytest.mark.parametrize(("address", "parameter", "value", "in_form"), MALFORMED)
def test_every_malformed_parameter_is_a_visible_notice_never_an_error_page(
    client, world, address, parameter, value, in_form
):
    response = client.get(address, {parameter: value})

    assert response.status_code == 200
    page = response.content.decode()
    notices = page[page.index('<div class="notices"') :]
    notices = notices[: notices.index("</div>")]
    assert "<li>" in notices
    if in_form:
        assert html.escape(value) in notices, notices
        forms = [response.context.get(name) for name in ("as_of_form", "changes_form", "filter_form")]
        field = next(form[parameter] for form in forms if form is not None and parameter in form.fields)
        assert field.errors, f"no error beside the {parameter} field"
        assert f'id="{field.auto_id}_error"' in page and 'aria-invalid="true"' in page


def test_a_mistyped_date_is_shown_back_beside_its_field_and_the_heading_does_not_claim_it(client, world):
    response = client.get("/parties/CN/", {"as_of": "2015-02-30"})

    page = response.content.decode()
    today = date_format(dt.date.today(), "j F Y")
    assert 'value="2015-02-30"' in page
    assert "Not understood: give a date of the calendar as YYYY-MM-DD." in page
    heading = page[page.index('<h2 id="standings-heading">') :]
    heading = heading[: heading.index("</h2>")]
    assert today in heading and "the date you gave was not understood" in heading


def test_a_good_date_is_answered_without_notice(client, world):
    page = client.get("/parties/CN/", {"as_of": "2015-02-28"}).content.decode()
    assert "Partnerships on 28 February 2015</h2>" in page
    assert 'class="notices"' not in page and "aria-invalid" not in page


@pytest.mark.parametrize("address", ["/parties/CN/", PAIR, TIER])
def test_date_fields_read_iso_like_the_headings_not_the_browser_locale(client, world, address):
    page = client.get(address, {"as_of": "2015-02-28"}).content.decode()
    [field] = re.findall(r'<input[^>]*name="as_of"[^>]*>', page)
    assert 'type="text"' in field and 'placeholder="YYYY-MM-DD"' in field and 'value="2015-02-28"' in field
