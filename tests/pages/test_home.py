"""The home page: what Entente is, counts, latest changes and meetings, the ladders, a search box."""

import pytest

from sources.models import Source
from tests.factories import LevelPeriodFactory

pytestmark = pytest.mark.django_db


def test_home_explains_counts_and_offers_search(client, world):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Who is whose partner" in page
    counts = response.context["counts"]
    assert (counts["parties"], counts["pairs"], counts["levels"], counts["meetings"]) == (2, 1, 2, 2)
    assert counts["sources"] == Source.objects.count()
    assert 'role="search"' in page and 'name="q"' in page


def test_home_lists_latest_published_changes_newest_first(client, world):
    LevelPeriodFactory(status="draft")

    response = client.get("/")

    assert list(response.context["latest_changes"]) == [world.second, world.first]
    assert "/relationships/CN-KH/" in response.content.decode()


def test_home_lists_latest_published_meetings_only(client, world):
    response = client.get("/")

    assert list(response.context["latest_meetings"]) == [world.visit, world.call]
    assert world.draft.title not in response.content.decode()


def test_home_shows_each_ladder_highest_tier_first_with_current_holders(client, world):
    response = client.get("/")

    [ladder] = response.context["ladders"]
    ladder = ladder["tiers"]
    assert ladder == [world.strategic, world.cooperation]
    assert [tier.holders for tier in ladder] == [1, 0]
    assert f"/tiers/cn/{world.strategic.slug}/" in response.content.decode()


def test_home_query_count_does_not_grow_with_the_data(client, world, grow, django_assert_max_num_queries):
    # counts (5), latest changes, latest meetings + their parties + participants, ladder = 10
    with django_assert_max_num_queries(11):  # and the data version (kept pages)
        client.get("/")
    grow(12)
    with django_assert_max_num_queries(11):  # and the data version (kept pages)
        assert client.get("/").status_code == 200
