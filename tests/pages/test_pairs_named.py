"""Meetings lead to the pairs they involve and say whether they announced a level; search offers pairs."""

import pytest

from events.models import MeetingMode
from tests.factories import CountryFactory, LevelPeriodFactory, PartyAliasFactory, RelationshipFactory
from tests.pages.data import meeting_between

pytestmark = pytest.mark.django_db


def test_meeting_page_links_its_pair_and_says_it_announced_a_change(client, world):
    page = client.get(f"/meetings/{world.visit.pk}/").content.decode()
    pair = page[page.index('id="pairs-heading"') :]
    pair = pair[: pair.index("</section>")]
    assert 'href="/relationships/CN-KH/">China – Cambodia</a>' in pair
    assert "announced a change of level" in pair and world.strategic.name in pair


def test_meeting_page_says_when_no_change_was_announced(client, world):
    page = client.get(f"/meetings/{world.call.pk}/").content.decode()
    assert "no change of level is recorded as announced at this meeting" in page
    assert "announced a change of level" not in page


def test_a_meeting_of_three_links_each_of_its_pairs(client, world):
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    summit = meeting_between(world.china, world.cambodia, title="Mekong summit", mode=MeetingMode.SUMMIT)
    summit.meeting_parties.create(party=laos, role="participant")
    page = client.get(f"/meetings/{summit.pk}/").content.decode()
    for address in ("/relationships/CN-KH/", "/relationships/CN-LA/", "/relationships/KH-LA/"):
        assert f'href="{address}"' in page
        assert client.get(address).status_code == 200


def suggestions(client, q):
    return [
        (pair["first"].name, pair["second"].name, pair["url"])
        for pair in client.get("/search/", {"q": q}).context["pairs"]
    ]


@pytest.mark.parametrize("q", ["China Cambodia", "cambodia and china", "Kampuchea – China"])
def test_search_naming_two_parties_offers_their_pair(client, world, q):
    [(first, second, url)] = suggestions(client, q)
    assert {first, second} == {"China", "Cambodia"} and url == "/relationships/CN-KH/"
    page = client.get("/search/", {"q": q}).content.decode()
    assert 'href="/relationships/CN-KH/"' in page


def test_search_naming_a_party_and_a_tier_offers_its_pairs_at_that_tier(client, world):
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    pair = RelationshipFactory(party_a=world.china, party_b=laos)
    LevelPeriodFactory(relationship=pair, tier=world.strategic)
    assert suggestions(client, "China comprehensive strategic cooperative partnership") == [
        ("China", "Cambodia", "/relationships/CN-KH/"),
        ("China", "Laos", "/relationships/CN-LA/"),
    ]
    assert suggestions(client, "cambodia comprehensive strategic cooperative partnership") == [
        ("Cambodia", "China", "/relationships/CN-KH/")
    ]


@pytest.mark.parametrize("q", ["China", "talks", "China Laos", "Nigeria Niger", "strategic partnership"])
def test_search_offers_no_pair_it_cannot_answer(client, world, q):
    CountryFactory(code="LA", alpha3="LAO", name="Laos")  # named, but no published pair with China
    CountryFactory(code="NE", alpha3="NER", name="Niger")
    PartyAliasFactory(party=world.cambodia, name="Ni")  # too short to be a name inside words
    assert suggestions(client, q) == []
