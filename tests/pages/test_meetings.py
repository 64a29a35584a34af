"""The meetings list with its filters and pages, and a meeting's own page."""

import datetime as dt

import pytest

from events.models import MeetingMode
from partnerships.status import Status
from tests.factories import CountryFactory, MeetingFactory, ParticipantFactory, meeting_between

pytestmark = pytest.mark.django_db


def titles(response):
    return [meeting.title for meeting in response.context["meetings"]]


def test_meetings_list_shows_published_meetings_newest_first(client, world):
    response = client.get("/meetings/")

    assert response.status_code == 200
    assert titles(response) == ["Xi Jinping meets Hun Manet in Beijing", "Foreign ministers' phone call"]
    assert "2 meetings." in response.content.decode()


VISIT, CALL, VIENTIANE = (
    "Xi Jinping meets Hun Manet in Beijing",
    "Foreign ministers' phone call",
    "Talks in Vientiane",
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, [VISIT, CALL, VIENTIANE]),
        ({"party": "KH"}, [VISIT, CALL]),
        ({"party": "lao"}, [VIENTIANE]),
        ({"person": "hun-manet"}, [VISIT]),
        ({"person": "someone-else"}, [VIENTIANE]),
        ({"mode": "call"}, [CALL]),
        ({"mode": "summit"}, []),
        ({"year": "2021"}, [CALL]),
        ({"year": "2020"}, []),
        ({"party": "CN", "mode": "visit", "year": "2023"}, [VISIT]),
        ({"party": "LA", "person": "hun-manet"}, []),
    ],
)
def test_meetings_filters_match_and_exclude(client, world, query, expected):
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    vientiane = meeting_between(world.china, laos, title=VIENTIANE, start_date=dt.date(2019, 1, 1))
    ParticipantFactory(meeting=vientiane, party=laos, person__slug="someone-else")
    meeting_between(
        world.china, laos, title="Draft talks", status=Status.DRAFT, start_date=dt.date(2020, 1, 1)
    )

    assert titles(client.get("/meetings/", query)) == expected


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"party": "QQ"}, "We ignored the party “QQ”: no party with that code has published meetings."),
        ({"person": "nobody"}, "We ignored the person “nobody”: nobody by that name has published meetings."),
        ({"mode": "duel"}, "We ignored the kind of meeting “duel”: that is not a kind of meeting we record."),
        ({"year": "twenty"}, "We ignored the year “twenty”: give a year as four digits."),
        ({"year": "20234"}, "We ignored the year “20234”: give a year up to 2100."),
    ],
)
def test_bad_filters_are_ignored_with_a_notice(client, world, query, notice):
    response = client.get("/meetings/", query)

    assert response.status_code == 200
    assert notice in response.content.decode()
    assert len(titles(response)) == 2


def test_meetings_are_paginated_and_filters_kept_across_pages(client, world):
    for number in range(25):
        meeting_between(
            world.china,
            world.cambodia,
            title=f"Round {number}",
            mode=MeetingMode.TALKS,
            start_date=dt.date(2015, 1, 1) + dt.timedelta(days=number),
        )

    first = client.get("/meetings/", {"party": "KH"})
    second = client.get("/meetings/", {"party": "KH", "page": "2"})

    assert len(titles(first)) == 20
    assert len(titles(second)) == 7
    assert 'href="?party=KH&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize(
    ("page", "notice"),
    [
        ("abc", "We ignored the page number “abc”: it is not a number."),
        ("9", "There is no page 9; this is page 1 of 1."),
    ],
)
def test_bad_page_numbers_show_the_nearest_page_with_a_notice(client, world, page, notice):
    response = client.get("/meetings/", {"page": page})

    assert response.status_code == 200
    assert notice in response.content.decode()
    assert len(titles(response)) == 2


def test_meeting_page_shows_parties_participants_with_offices_and_citations(client, world):
    response = client.get(f"/meetings/{world.visit.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Xi Jinping meets Hun Manet in Beijing" in page
    assert 'href="/people/xi-jinping/">Xi Jinping</a>, President' in page
    assert 'href="/people/hun-manet/">Hun Manet</a>, Prime Minister' in page
    assert 'href="https://news.example.org/cambodia-upgrade"' in page
    assert "“Xi met Hun Manet”" in page
    assert "Levels announced" in page and f"#level-{world.second.pk}" in page


def test_unpublished_meeting_is_404(client, world):
    assert client.get(f"/meetings/{world.draft.pk}/").status_code == 404
    assert client.get("/meetings/999999/").status_code == 404


def test_meetings_list_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    # the party asked for, party choices, person choices, count, meetings, their parties, participants = 7
    with django_assert_max_num_queries(8):  # and the data version (kept pages)
        client.get("/meetings/", {"party": "CN"})
    grow(12)
    MeetingFactory.create_batch(30)
    with django_assert_max_num_queries(8):  # and the data version (kept pages)
        response = client.get("/meetings/", {"party": "CN"})
    assert len(titles(response)) == 14


def test_meeting_page_query_count_does_not_grow_with_the_data(client, world, django_assert_max_num_queries):
    # meeting, parties, participants, their positions, citations, levels announced = 6
    with django_assert_max_num_queries(7):  # and the data version (kept pages)
        client.get(f"/meetings/{world.visit.pk}/")
    for _ in range(10):
        ParticipantFactory(meeting=world.visit, party=world.china)
    with django_assert_max_num_queries(7):  # and the data version (kept pages)
        response = client.get(f"/meetings/{world.visit.pk}/")
    assert len(response.context["meeting"].participants.all()) == 12
