"""A source recorded without publisher or date is queued for curators and shown for what it lacks."""

import datetime as dt

import pytest
from django.urls import reverse

from core.partial_dates import Precision
from sources.models import Source
from tests.factories import LevelPeriodCitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(db):
    dated = {"published_on": dt.date(2020, 5, 1), "published_on_precision": Precision.DAY}
    return {
        "complete": SourceFactory(title="Complete", publisher="Xinhua", **dated),
        "unknown": SourceFactory(title="Publisher unknown", publisher="Unknown", **dated),
        "blank": SourceFactory(title="Publisher n/a", publisher=" n/a ", **dated),
        "undated": SourceFactory(
            title="Undated", publisher="Reuters", published_on=None, published_on_precision=Precision.UNKNOWN
        ),
    }


def test_incomplete_sources_are_those_without_publisher_or_date(sources):
    titles = set(Source.objects.incomplete().values_list("title", flat=True))
    assert titles == {"Publisher unknown", "Publisher n/a", "Undated"}
    assert sources["unknown"].missing_details == ["publisher"]
    assert sources["undated"].missing_details == ["publication date"]
    assert sources["complete"].missing_details == []


def test_curators_queue_lists_incomplete_sources_with_what_is_missing(admin_client, sources):
    response = admin_client.get(reverse("admin:sources_source_changelist"), {"record": "incomplete"})
    assert response.status_code == 200
    shown = {source.title for source in response.context["cl"].result_list}
    assert shown == {"Publisher unknown", "Publisher n/a", "Undated"}
    page = response.content.decode()
    assert "incomplete source" in page and "publication date" in page


def test_public_page_says_what_is_missing_instead_of_unknown(client, sources):
    LevelPeriodCitationFactory(source=sources["unknown"])
    page = client.get(f"/sources/{sources['unknown'].pk}/").content.decode()
    assert "does not say the source’s publisher" in page
    assert ">Unknown<" not in page and "not recorded" in page

    undated = client.get(f"/sources/{sources['undated'].pk}/").content.decode()
    assert "does not say the source’s publication date" in undated and "date not recorded" in undated


def test_a_complete_source_has_no_such_note(client, sources):
    page = client.get(f"/sources/{sources['complete'].pk}/").content.decode()
    assert "does not say" not in page and "not recorded" not in page
