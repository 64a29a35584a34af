"""Sources: normalised unique URLs and partial dates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.partial_dates import PartialDate, Precision
from sources.models import Source
from sources.normalise import normalise_url
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("HTTPS://WWW.Xinhua.net:443/a/b?utm_source=tw&id=3#para", "https://www.xinhua.net/a/b?id=3"),
        ("http://example.org", "http://example.org/"),
        ("  ", ""),
    ],
)
def test_urls_are_normalised(raw, normal):
    assert normalise_url(raw) == normal


def test_same_url_twice_is_refused_by_database_and_clean():
    SourceFactory(url="https://example.org/a")
    with pytest.raises(IntegrityError, match="source_url_unique_when_present"), transaction.atomic():
        SourceFactory(url="https://EXAMPLE.org/a#b")
    duplicate = SourceFactory.build(url="https://example.org/a?utm_campaign=x")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already recorded" in error.value.message_dict["url"][0]


def test_sources_without_url_may_share_the_empty_url():
    SourceFactory(url="")
    SourceFactory(url="")
    assert Source.objects.filter(url="").count() == 2


@pytest.mark.parametrize(
    ("text", "date", "precision", "latest"),
    [
        ("2015", dt.date(2015, 1, 1), Precision.YEAR, dt.date(2015, 12, 31)),
        ("2024-02", dt.date(2024, 2, 1), Precision.MONTH, dt.date(2024, 2, 29)),
        ("2019-06-05", dt.date(2019, 6, 5), Precision.DAY, dt.date(2019, 6, 5)),
    ],
)
def test_partial_dates_parse_with_their_precision(text, date, precision, latest):
    parsed = PartialDate.parse(text)
    assert (parsed.date, parsed.precision, parsed.latest, str(parsed)) == (date, precision, latest, text)


@pytest.mark.parametrize("text", ["2023-02-30", "15/06/2020", "2020-1", ""])
def test_bad_partial_dates_are_refused_with_a_reason(text):
    with pytest.raises(ValueError, match="not a"):
        PartialDate.parse(text)


def test_month_precision_publication_date_must_be_first_of_month():
    with pytest.raises(IntegrityError, match="published_on_month_is_first_day"), transaction.atomic():
        SourceFactory(published_on=dt.date(2020, 5, 17), published_on_precision=Precision.MONTH)
