"""No query per row: every list costs the same number of queries for 1 item as for 100.

Each builder makes rows with everything a row shows (aliases, citations, parties, participants,
positions), so that a missing select_related or prefetch would add queries with the rows.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import PartyAlias
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    MeetingCitationFactory,
    ParticipantFactory,
    PersonFactory,
    PositionFactory,
    SchemeFactory,
    TierFactory,
    meeting_between,
)

pytestmark = pytest.mark.django_db


def parties(n):
    for _ in range(n):
        PartyAlias.objects.create(party=CountryFactory(), name="Another name")


def schemes(n):
    for _ in range(n):
        TierFactory(scheme=SchemeFactory())


def levels(n):
    for _ in range(n):
        LevelPeriodCitationFactory(level_period=LevelPeriodFactory())


def meetings(n):
    for _ in range(n):
        meeting = meeting_between(CountryFactory(), CountryFactory())
        ParticipantFactory(meeting=meeting, party=meeting.meeting_parties.first().party)
        MeetingCitationFactory(meeting=meeting)


def people(n):
    for _ in range(n):
        PositionFactory(person=PersonFactory())


def changes(n):
    levels(n // 2)
    meetings(n - n // 2)


# Every anonymous answer first reads the data version, the key of kept answers (core/kept_answers.py).
DATA_VERSION = 1

# endpoint, builder, expected queries (anonymous caller) in JSON and in CSV, besides the data version.
# Lean JSON (core.api.lean): the page's ids, then one query for all the page's documents. Every list here
# fits on its first page (page_size=1000): it is counted by that page's rows, no COUNT query
# (core.api.pagination.FirstPageCountingPaginator; test_a_list_longer_than_its_page_is_counted below).
LISTS = [
    # parties, aliases
    ("/api/v1/parties/", parties, 2, 2),
    # schemes with declaring party, tiers
    ("/api/v1/schemes/", schemes, 2, 2),
    # tiers with scheme
    ("/api/v1/tiers/", schemes, 1, 1),
    # pairs, documents | pairs with parties, shown levels with scheme and tier, citations
    ("/api/v1/relationships/", levels, 2, 3),
    # levels, documents | levels with pair, parties, scheme, tier and source ids (cursor: no count)
    ("/api/v1/levels/", levels, 2, 1),
    # meetings, documents | meetings with place and event, their parties, their participants
    ("/api/v1/meetings/", meetings, 2, 3),
    # people, positions with party
    ("/api/v1/people/", people, 2, 2),
    # sources with the ids of the claims they back
    ("/api/v1/sources/", levels, 1, 1),
    # levels with pair, meetings
    ("/api/v1/changes/", changes, 2, 2),
]


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 1000, **params})
    assert response.status_code == 200, response.content
    return len(queries), response


@pytest.mark.parametrize(("url", "build", "in_json", "in_csv"), LISTS, ids=[url for url, *_ in LISTS])
@pytest.mark.parametrize("format_", ["json", "csv"])
def test_list_query_count_is_the_same_for_1_and_100_items(client, url, build, in_json, in_csv, format_):
    expected = in_json if format_ == "json" else in_csv
    build(1)
    with_one, response = count_queries(client, url, format=format_)
    build(99)
    with_hundred, response = count_queries(client, url, format=format_)
    if format_ == "json":
        assert len(response.json()["results"]) >= 100
    assert (with_one, with_hundred) == (expected + DATA_VERSION, expected + DATA_VERSION)


@pytest.mark.parametrize("size", [1, 2, 3])
def test_a_list_longer_than_its_page_is_counted(client, size):
    parties(3)
    everyone = client.get("/api/v1/parties/").json()["count"]
    queries, response = count_queries(client, "/api/v1/parties/", page_size=size)
    answer = response.json()
    assert answer["count"] == everyone
    assert len(answer["results"]) == size
    assert (answer["next"] is not None) == (size < everyone)
    # The COUNT query only when the page is full and a row more was found.
    assert queries == DATA_VERSION + 2 + (size < everyone)
    last = client.get("/api/v1/parties/", {"page_size": size, "page": "last"}).json()
    assert last["count"] == everyone and last["next"] is None


def test_relationships_as_of_and_filters_cost_no_query_per_row(client):
    levels(1)
    scheme = SchemeFactory(slug="cn")
    TierFactory(scheme=scheme, slug="strategic-partnership")
    params = {"as_of": "2015-01-01", "include_uncertain": "true", "min_rank": 0}
    with_one, _ = count_queries(client, "/api/v1/relationships/", **params)
    levels(99)
    with_hundred, _ = count_queries(client, "/api/v1/relationships/", **params)
    # pairs, documents (one page: no COUNT)
    assert with_one == with_hundred == 2 + DATA_VERSION


def test_pair_detail_costs_the_same_with_many_levels_and_meetings(client, cambodia):
    def record_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/relationships/CN-KH/").status_code == 200
        return len(queries)

    before = record_queries()
    for _ in range(20):
        meeting = meeting_between(cambodia["china"], cambodia["cambodia"])
        LevelPeriodCitationFactory(
            level_period=LevelPeriodFactory(
                relationship=cambodia["relationship"],
                tier=TierFactory(),
                start_date=cambodia["levels"][0].start_date,
            )
        )
        meeting.announced_levels.add(cambodia["levels"][1])
    assert record_queries() == before
