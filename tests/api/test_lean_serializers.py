"""Nested objects built directly for speed must say exactly what their declared fields say."""

import datetime as dt

import pytest
from rest_framework import serializers

from core.partial_dates import Precision
from partnerships.models import LevelPeriod
from sources.api.serializers import CitationSerializer, SourceBriefSerializer
from tests.factories import LevelPeriodCitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def by_declared_fields(serializer_class, instance):
    """What DRF's generic path makes of ``instance``, field by field."""
    return dict(serializers.Serializer.to_representation(serializer_class(), instance))


@pytest.mark.parametrize(
    ("published_on", "precision"),
    [
        (dt.date(2023, 4, 15), Precision.DAY),
        (dt.date(2011, 6, 1), Precision.MONTH),
        (None, Precision.UNKNOWN),
    ],
)
def test_a_source_built_directly_equals_its_declared_fields(published_on, precision):
    source = SourceFactory(published_on=published_on, published_on_precision=precision)
    assert SourceBriefSerializer(source).data == by_declared_fields(SourceBriefSerializer, source)


def test_a_citation_built_directly_equals_its_declared_fields():
    citation = LevelPeriodCitationFactory(quote="elevate ties", locator="para. 2")
    direct = CitationSerializer(citation).data
    assert direct == by_declared_fields(CitationSerializer, citation)
    assert list(direct) == list(CitationSerializer().fields)


def test_a_level_read_without_the_api_prefetch_still_lists_its_citations():
    citation = LevelPeriodCitationFactory()
    level = LevelPeriod.objects.get(pk=citation.level_period_id)
    expected = sorted(level.citations.values_list("pk", flat=True))
    assert citation.pk in expected
    assert [cited.pk for cited in level.cited()] == expected
    prefetched = LevelPeriod.objects.for_api().get(pk=level.pk)
    assert [cited.pk for cited in prefetched.cited()] == expected
