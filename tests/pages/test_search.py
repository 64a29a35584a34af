"""Search: parties by name, alias, code and demonym (misspelt too); people, meetings and sources by text."""

import pytest

from partnerships.status import Status
from tests.factories import CountryFactory, MeetingFactory, PersonFactory, SourceFactory, meeting_between

pytestmark = pytest.mark.django_db


def names(response, section):
    return [str(getattr(row, "name", None) or row.title) for row in response.context[section]]


@pytest.mark.parametrize("q", ["Cambodia", "Cambodai", "cambodia", "Kampuchea", "Cambodian", "KH", "khm"])
def test_search_finds_a_party_by_name_misspelling_alias_demonym_or_code(client, world, q):
    CountryFactory(name="Colombia", code="CO", alpha3="COL")

    response = client.get("/search/", {"q": q})

    assert response.status_code == 200
    assert names(response, "parties")[0] == "Cambodia"


def test_search_says_which_alias_matched(client, world):
    page = client.get("/search/", {"q": "Kampuchea"}).content.decode()

    assert "matched “Kampuchea”" in page


def test_search_ranks_the_closest_name_first(client, world):
    CountryFactory(name="Cameroon", code="CM", alpha3="CMR")

    response = client.get("/search/", {"q": "Cambodai"})

    assert names(response, "parties") == ["Cambodia"]


def test_search_finds_people_by_name_misspelling_and_other_spelling(client, world):
    PersonFactory(name="Wang Yi", slug="wang-yi")

    assert names(client.get("/search/", {"q": "Xi Jinpin"}), "people") == ["Xi Jinping"]
    assert names(client.get("/search/", {"q": "Jin-ping"}), "people") == ["Xi Jinping"]


def test_search_finds_published_meetings_by_full_text_ranked(client, world):
    meeting_between(world.china, world.cambodia, title="Canal talks", summary="The canal, the canal again.")
    MeetingFactory(title="Canal of secrets", status=Status.DRAFT)

    response = client.get("/search/", {"q": "canals"})

    assert names(response, "meetings") == ["Canal talks", "Xi Jinping meets Hun Manet in Beijing"]


def test_search_finds_meetings_with_a_misspelt_title_word(client, world):
    response = client.get("/search/", {"q": "Bejing"})

    assert names(response, "meetings") == ["Xi Jinping meets Hun Manet in Beijing"]


def test_search_finds_sources_by_title_publisher_and_text(client, world):
    SourceFactory(title="Unrelated report", publisher="Reuters", text="Nothing about partnerships here.")
    SourceFactory(title="Annual review", publisher="Lowy Institute", text="Cambodia and China deepen ties.")

    assert names(client.get("/search/", {"q": "lift ties"}), "sources")[0] == (
        "China, Cambodia lift ties to comprehensive strategic partnership"
    )
    assert names(client.get("/search/", {"q": "Lowy"}), "sources") == ["Annual review"]
    assert "Annual review" in names(client.get("/search/", {"q": "deepen"}), "sources")


def test_empty_search_shows_the_form_only(client, world):
    response = client.get("/search/")

    assert response.status_code == 200
    assert "parties" not in response.context


@pytest.mark.parametrize(
    ("q", "notice"),
    [("x", "Type at least two letters to search."), ("x" * 201, "keep it under 200 characters")],
)
def test_unusable_searches_are_explained(client, world, q, notice):
    response = client.get("/search/", {"q": q})

    assert response.status_code == 200
    assert notice in response.content.decode()


def test_search_query_count_does_not_grow_with_the_data(client, world, grow, django_assert_max_num_queries):
    # parties named (pair suggestions), parties, people, meetings + their parties + participants, sources = 7,
    # and the meeting and source candidates, each in its block (savepoint here, planner setting, candidates,
    # which of them are public — no query when there are none —, release) = 2 × 5
    with django_assert_max_num_queries(18):  # and the data version (kept pages)
        client.get("/search/", {"q": "talks"})
    grow(12)
    with django_assert_max_num_queries(18):  # and the data version (kept pages)
        response = client.get("/search/", {"q": "talks"})
    assert len(response.context["meetings"]) == 12


def test_search_ranks_a_bounded_set_of_matches_and_says_when_there_were_more(
    client, world, monkeypatch, settings
):
    from core import search

    settings.RESPONSE_CACHE_SECONDS = 0
    monkeypatch.setattr(search, "CANDIDATES", 3)
    for number in range(5):
        SourceFactory(title=f"Rubber exports report {number}")
    draft_only = MeetingFactory(title="Rubber exports talks", status=Status.DRAFT)

    response = client.get("/search/", {"q": "rubber exports"})

    assert len(response.context["sources"]) == 3
    assert response.context["more_sources"] is True
    assert "More than 3 sources match" in response.content.decode()
    assert draft_only not in list(response.context["meetings"])
    assert response.context["more_meetings"] is False

    monkeypatch.setattr(search, "CANDIDATES", 10)
    response = client.get("/search/", {"q": "rubber exports"})
    assert len(response.context["sources"]) == 5 and response.context["more_sources"] is False
    assert "More than" not in response.content.decode()


def test_word_matches_take_the_ranked_places_before_near_spellings(client, world, monkeypatch, settings):
    from core import search

    settings.RESPONSE_CACHE_SECONDS = 0
    monkeypatch.setattr(search, "CANDIDATES", 2)
    # Written first, so that a scan in table order would meet the near spellings first.
    misspelt = [MeetingFactory(title=f"Talks in Ulanbatar, round {number}") for number in range(3)]
    spelt = [MeetingFactory(title=f"Talks in Ulaanbaatar, day {number}") for number in range(2)]

    response = client.get("/search/", {"q": "Ulaanbaatar"})

    shown = list(response.context["meetings"])
    assert set(spelt) <= set(shown) and not set(misspelt) & set(shown)
    assert response.context["more_meetings"] is True

    monkeypatch.setattr(search, "CANDIDATES", 20)
    shown = list(client.get("/search/", {"q": "Ulaanbaatar"}).context["meetings"])
    assert set(misspelt) <= set(shown)
    assert shown.index(spelt[0]) < shown.index(misspelt[0])


def test_search_for_a_party_and_tier_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    # the 15 above, the named party's aliases, tiers, schemes, the pairs at that tier (+ the data version)
    q = {"q": "China comprehensive strategic cooperative partnership"}
    with django_assert_max_num_queries(20):
        client.get("/search/", q)
    grow(12)
    with django_assert_max_num_queries(20):
        response = client.get("/search/", q)
    assert len(response.context["pairs"]) >= 1
