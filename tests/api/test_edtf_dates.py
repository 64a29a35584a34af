"""Dates in EDTF (ISO 8601-2): every stored precision written and read back, and EDTF date parameters."""

import datetime as dt

import edtf
import pytest

from core.partial_dates import PartialDate, Precision, edtf_date
from partnerships.models import EndStatus
from partnerships.status import Status
from tests.api.conftest import publish
from tests.api.test_formats_and_caching import read_csv
from tests.factories import LevelPeriodCitationFactory, LevelPeriodFactory, MeetingFactory, SourceFactory

pytestmark = pytest.mark.django_db

STORED = [
    (dt.date(2015, 1, 1), Precision.YEAR, "2015"),
    (dt.date(2011, 6, 1), Precision.MONTH, "2011-06"),
    (dt.date(2015, 6, 1), Precision.DAY, "2015-06-01"),
]


@pytest.mark.parametrize("approximate", [False, True])
@pytest.mark.parametrize(("date", "precision", "text"), STORED)
def test_edtf_round_trips_every_stored_precision(date, precision, text, approximate):
    written = edtf_date(date, precision, approximate=approximate)
    assert written == text + ("~" if approximate else "")
    assert PartialDate.from_edtf(written) == (PartialDate(date, precision), approximate)


@pytest.mark.parametrize("approximate", [False, True])
@pytest.mark.parametrize(("date", "precision", "text"), STORED)
def test_reading_edtf_agrees_with_the_edtf_package(date, precision, text, approximate):
    written = text + ("~" if approximate else "")
    parsed = edtf.parse_edtf(written)
    inner = parsed.date if approximate else parsed
    lower = parsed.lower_strict()
    assert (dt.date(lower.tm_year, lower.tm_mon, lower.tm_mday), inner.precision) == (date, precision)
    assert isinstance(parsed, edtf.UncertainOrApproximate) == approximate
    assert PartialDate.from_edtf(written) == (PartialDate(date, precision), approximate)


def test_an_unknown_date_has_no_edtf():
    assert edtf_date(None, Precision.UNKNOWN) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2015?", "uncertain"),
        ("2015%", "uncertain"),
        ("2015/2016", "not one year, month or day"),
        ("201X", "not one year, month or day"),
        ("2015-21", "not one year, month or day"),
        ("2015-02-30", "not an EDTF date"),
        ("2015-13", "not an EDTF date"),
        ("0000", "database can store"),
        ("soon", "not an EDTF date"),
    ],
)
def test_edtf_that_cannot_be_stored_is_refused_saying_why(text, problem):
    with pytest.raises(ValueError, match=problem):
        PartialDate.from_edtf(text)


@pytest.mark.parametrize("approximate", [False, True])
@pytest.mark.parametrize(("date", "precision", "text"), STORED)
def test_the_api_and_its_csv_give_each_level_date_in_edtf(client, date, precision, text, approximate):
    level = LevelPeriodFactory(
        start_date=date,
        start_date_precision=precision,
        start_approximate=approximate,
        end_status=EndStatus.ENDED,
        end_date=dt.date(2024, 1, 1),
        end_date_precision=Precision.YEAR,
    )
    expected = text + ("~" if approximate else "")
    row = client.get(f"/api/v1/levels/{level.pk}/").json()
    assert (row["start_edtf"], row["end_edtf"]) == (expected, "2024")
    assert PartialDate.from_edtf(row["start_edtf"]) == (PartialDate(date, precision), approximate)
    [csv_row] = read_csv(client.get("/api/v1/levels/", {"format": "csv"}))
    assert (csv_row["start_edtf"], csv_row["end_edtf"]) == (expected, "2024")


def test_an_ongoing_level_has_no_end_in_edtf_and_an_undated_one_no_start(client):
    level = LevelPeriodFactory(start_date=None, start_date_precision=Precision.UNKNOWN)
    row = client.get(f"/api/v1/levels/{level.pk}/").json()
    assert (row["start_edtf"], row["end_edtf"]) == (None, None)


def cited(source):
    """Sources are public once they back a published claim: here one citing ``source`` alone (made by the
    factory as published, it would cite a source of its own, on a random day that may fall in a range)."""
    level = LevelPeriodFactory(status=Status.DRAFT)
    LevelPeriodCitationFactory(level_period=level, source=source)
    publish(level)
    return source


def test_meetings_and_sources_give_their_dates_in_edtf(client):
    meeting = MeetingFactory(start_date=dt.date(2019, 6, 1), start_date_precision=Precision.MONTH)
    source = cited(SourceFactory(published_on=dt.date(2012, 1, 1), published_on_precision=Precision.YEAR))
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").json()["start_edtf"] == "2019-06"
    assert client.get(f"/api/v1/sources/{source.pk}/").json()["published_edtf"] == "2012"


def _held(client, as_of) -> list[int]:
    response = client.get("/api/v1/levels/", {"as_of": as_of})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_year_or_month_as_of_means_its_last_day(client):
    # Began in "2015": certainly in force only from 2015-12-31.
    level = LevelPeriodFactory(start_date=dt.date(2015, 1, 1), start_date_precision=Precision.YEAR)
    assert _held(client, "2015") == _held(client, "2015-12-31") == [level.pk]
    assert _held(client, "2015-11") == _held(client, "2015-11-30") == []
    assert _held(client, "2015-12") == [level.pk]


@pytest.mark.parametrize("as_of", ["2015~", "2015?", "2015/2016", "201X", "soon"])
def test_an_as_of_that_names_no_definite_day_answers_400_naming_it(client, as_of):
    response = client.get("/api/v1/levels/", {"as_of": as_of})
    assert response.status_code == 400
    assert list(response.json()) == ["as_of"]


def test_meeting_range_years_mean_their_first_and_last_days(client):
    first = MeetingFactory(start_date=dt.date(2013, 1, 1))
    last = MeetingFactory(start_date=dt.date(2013, 12, 31))
    MeetingFactory(start_date=dt.date(2014, 1, 1))
    response = client.get("/api/v1/meetings/", {"start_from": "2013", "start_to": "2013"})
    assert sorted(row["id"] for row in response.json()["results"]) == sorted([first.pk, last.pk])


def test_source_range_months_mean_their_first_and_last_days(client):
    inside = cited(SourceFactory(published_on=dt.date(2019, 2, 28), published_on_precision=Precision.DAY))
    cited(SourceFactory(published_on=dt.date(2019, 3, 1), published_on_precision=Precision.DAY))
    response = client.get("/api/v1/sources/", {"published_from": "2019-02", "published_to": "2019-02"})
    assert [row["id"] for row in response.json()["results"]] == [inside.pk]


def test_the_schema_documents_edtf_fields_and_the_as_of_mapping(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    level = schema["components"]["schemas"]["LevelRow"]["properties"]
    assert "EDTF" in level["start_edtf"]["description"]
    [as_of] = [p for p in schema["paths"]["/api/v1/levels/"]["get"]["parameters"] if p["name"] == "as_of"]
    assert "2015-12-31" in as_of["description"]
