"""A source's page (the published claims it backs) and a person's page (positions and meetings)."""

import pytest

from partnerships.status import Status
from tests.factories import (
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    MeetingCitationFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def test_source_page_lists_the_published_claims_it_backs_with_quotes(client, world):
    LevelPeriodCitationFactory(source=world.source, level_period=LevelPeriodFactory(status=Status.DRAFT))
    MeetingCitationFactory(source=world.source, meeting=world.draft)

    response = client.get(f"/sources/{world.source.pk}/")

    assert response.status_code == 200
    assert list(response.context["levels"]) == [world.second]
    assert list(response.context["meetings"]) == [world.visit]
    page = response.content.decode()
    assert "“the two sides agreed to lift their relations”" in page
    assert "Secret draft summit" not in page
    assert 'href="https://web.archive.org/web/2010/https://news.example.org/cambodia-upgrade"' in page


def test_unknown_source_is_404(client, world):
    assert client.get("/sources/999999/").status_code == 404


def test_person_page_lists_positions_and_published_meetings(client, world):
    response = client.get("/people/xi-jinping/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'President, <a href="/parties/CN/">China</a>' in page
    assert list(response.context["meetings"]) == [world.visit]
    assert "Also written: Xi Jin-ping" in page


def test_unknown_person_is_404(client, world):
    assert client.get("/people/nobody-at-all/").status_code == 404


def test_source_page_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    # source, levels, their citations of it, meetings, their citations of it = 5
    with django_assert_max_num_queries(6):  # and the data version (kept pages)
        client.get(f"/sources/{world.source.pk}/")
    grow(12)
    with django_assert_max_num_queries(6):  # and the data version (kept pages)
        response = client.get(f"/sources/{world.source.pk}/")
    assert len(response.context["levels"]) == 13


def test_person_page_query_count_does_not_grow_with_the_data(
    client, world, grow, django_assert_max_num_queries
):
    # person, positions, meetings, their parties, their participants = 5
    with django_assert_max_num_queries(6):  # and the data version (kept pages)
        client.get("/people/xi-jinping/")
    grow(12)
    MeetingFactory.create_batch(5)
    with django_assert_max_num_queries(6):  # and the data version (kept pages)
        response = client.get("/people/xi-jinping/")
    assert len(response.context["meetings"]) == 13


def test_a_source_cited_only_by_a_draft_coverage_check_is_not_public(client):
    from partnerships.models import CoverageCheckCitation
    from tests.factories import CoverageCheckFactory, SourceFactory

    check = CoverageCheckFactory(status=Status.DRAFT)
    source = SourceFactory(title="Working notes on a party not yet checked")
    CoverageCheckCitation.objects.create(coverage_check=check, source=source, quote="none found")

    assert client.get(f"/sources/{source.pk}/").status_code == 404
    check.status = Status.PUBLISHED
    check.save()
    assert client.get(f"/sources/{source.pk}/").status_code == 200
