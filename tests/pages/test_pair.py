"""A pair's page: the level over the years as SVG, every level with its citations, their meetings."""

import datetime as dt
import re

import pytest

from events.models import PAIR_RECORD_MEETINGS
from partnerships.status import Status
from tests.factories import CountryFactory, LevelPeriodFactory, RelationshipFactory, meeting_between

pytestmark = pytest.mark.django_db


def test_pair_page_draws_one_band_per_scheme_with_meetings_marked(client, world):
    response = client.get("/relationships/CN-KH/")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<g class="timeline__band"') == 1
    assert 'data-scheme="China: partnership diplomacy"' in page
    assert "<title>2023-09-15: Xi Jinping meets Hun Manet in Beijing</title>" in page
    # A meeting known only to the month is a bar over the month, not a point.
    assert '<rect class="meeting-span"' in page
    assert world.draft.title not in page


def test_year_precision_start_is_drawn_as_an_uncertain_stretch_not_as_1_january(client, world):
    response = client.get("/relationships/CN-KH/")

    page = response.content.decode()
    uncertain = re.search(r'<g class="uncertain">\s*<title>comprehensive cooperative partnership: 2006', page)
    certain = re.search(r'<g class="certain">\s*<title>comprehensive cooperative partnership: 2006', page)
    assert uncertain and certain and uncertain.start() < certain.start()
    assert "the change happened somewhere in the hatched stretch" in page


def test_pair_page_lists_every_level_with_its_citations(client, world):
    response = client.get("/relationships/CN-KH/")

    page = response.content.decode()
    assert response.context["periods"] == [world.first, world.second]
    assert 'From <strong>2006</strong> <span class="muted">(known to the year)</span>' in page
    assert 'href="https://news.example.org/cambodia-upgrade"' in page
    assert 'href="https://web.archive.org/web/2010/https://news.example.org/cambodia-upgrade"' in page
    assert "“the two sides agreed to lift their relations”" in page
    assert "Xinhua" in page and "2010-12-14" in page


def test_pair_page_lists_published_meetings_between_the_two(client, world):
    response = client.get("/relationships/CN-KH/")

    assert response.context["meetings"] == [world.visit, world.call]


def test_pair_page_hides_unpublished_levels(client, world):
    LevelPeriodFactory(
        relationship=world.relationship,
        tier=world.cooperation,
        status=Status.DRAFT,
        start_date=None,
        start_date_precision="unknown",
        end_status="ended",
        end_date=world.first.start_date,
    )

    response = client.get("/relationships/CN-KH/")

    assert response.context["periods"] == [world.first, world.second]


def test_as_of_date_shows_the_level_on_that_day(client, world):
    response = client.get("/relationships/CN-KH/", {"as_of": "2009-01-01"})

    assert [period.tier for period in response.context["levels_on_date"]] == [world.cooperation]
    assert "Level on 1 January 2009" in response.content.decode()


def test_bad_as_of_date_on_pair_page_is_a_notice(client, world):
    response = client.get("/relationships/CN-KH/", {"as_of": "yesterday"})

    assert response.status_code == 200
    assert "We ignored the as of date “yesterday”" in response.content.decode()


@pytest.mark.parametrize("address", ["KH-CN", "cn-kh", "CHN-KHM", "KHM-CN"])
def test_other_spellings_of_the_pair_redirect_to_the_canonical_address(client, world, address):
    response = client.get(f"/relationships/{address}/")

    assert response.status_code == 301
    assert response["Location"] == "/relationships/CN-KH/"


def test_redirect_keeps_the_as_of_date(client, world):
    response = client.get("/relationships/KH-CN/", {"as_of": "2008-05-01"})

    assert response["Location"] == "/relationships/CN-KH/?as_of=2008-05-01"


def test_pair_page_links_to_the_api(client, world):
    page = client.get("/relationships/CN-KH/").content.decode()

    assert 'href="/api/v1/relationships/CN-KH/"' in page


@pytest.mark.parametrize("address", ["CN-QQ", "CN-CN"])
def test_unknown_or_self_pairs_are_404(client, world, address):
    assert client.get(f"/relationships/{address}/").status_code == 404


def test_pair_with_nothing_published_is_404(client, world):
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=world.china, party_b=laos), status=Status.IN_REVIEW
    )
    meeting_between(world.china, laos, status=Status.DRAFT)

    assert client.get("/relationships/CN-LA/").status_code == 404


def test_pair_with_meetings_but_no_levels_has_a_page(client, world):
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    meeting = meeting_between(world.china, laos, title="Talks in Vientiane")

    response = client.get("/relationships/CN-LA/")

    assert response.status_code == 200
    assert response.context["meetings"] == [meeting]
    assert "No published levels for this pair yet." in response.content.decode()


def test_pair_page_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    # two parties, periods, their citations, meetings + parties + participants, levels on the date = 8
    with django_assert_max_num_queries(10):  # and the data version (kept pages), and the timeline's marks
        client.get("/relationships/CN-KH/")
    grow(12)
    with django_assert_max_num_queries(10):  # and the data version (kept pages), and the timeline's marks
        response = client.get("/relationships/CN-KH/")
    assert len(response.context["meetings"]) == 14


def test_pair_page_lists_the_latest_meetings_marks_all_and_links_to_the_rest(client, world):
    for day in range(PAIR_RECORD_MEETINGS):
        meeting_between(world.china, world.cambodia, start_date=dt.date(2024, 1, 1) + dt.timedelta(days=day))

    response = client.get("/relationships/CN-KH/")

    assert len(response.context["meetings"]) == PAIR_RECORD_MEETINGS
    assert response.context["meetings"][0].start_date == dt.date(2024, 1, PAIR_RECORD_MEETINGS)
    page = response.content.decode()
    total = PAIR_RECORD_MEETINGS + 2
    assert f"The latest {PAIR_RECORD_MEETINGS} of {total} meetings" in page
    assert f"{total} meetings marked." in page
    assert "/api/v1/meetings/?party=CN,KH" in page
