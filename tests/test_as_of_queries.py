"""The as-of semantics of partial dates (see partnerships/models/levels.py)."""

import datetime as dt

import pytest

from core.partial_dates import Precision
from partnerships.models import EndStatus, LevelPeriod
from tests.factories import CountryFactory, LevelPeriodFactory, RelationshipFactory, TierFactory

pytestmark = pytest.mark.django_db


def day(text):
    return dt.date.fromisoformat(text)


@pytest.fixture
def russia_timeline():
    """1996 (year) → 2011-06 (month) → 2019-06-05 (day), as in the starter dataset."""
    china, russia = CountryFactory(name="China"), CountryFactory(name="Russia")
    relationship = RelationshipFactory(party_a=china, party_b=russia)
    coordination = TierFactory(rank=60)
    comprehensive = TierFactory(scheme=coordination.scheme, rank=70)
    first = LevelPeriodFactory(
        relationship=relationship,
        tier=coordination,
        start_date=day("1996-01-01"),
        start_date_precision=Precision.YEAR,
        end_status=EndStatus.ENDED,
        end_date=day("2011-06-01"),
        end_date_precision=Precision.MONTH,
    )
    second = LevelPeriodFactory(
        relationship=relationship,
        tier=comprehensive,
        start_date=day("2011-06-01"),
        start_date_precision=Precision.MONTH,
        end_status=EndStatus.ENDED,
        end_date=day("2019-06-05"),
        end_date_precision=Precision.DAY,
    )
    third = LevelPeriodFactory(
        relationship=relationship,
        tier=comprehensive,
        start_date=day("2019-06-05"),
        start_date_precision=Precision.DAY,
    )
    return china, russia, coordination.scheme, first, second, third


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("1996-06-30", None),  # started "1996": not certain before the year is out
        ("1996-12-30", None),
        ("1996-12-31", "first"),  # the last day "1996" can mean
        ("2011-05-31", "first"),  # the last day before "2011-06" begins
        ("2011-06-01", None),  # June 2011: the change happened some day this month
        ("2011-06-30", "second"),  # the last day "2011-06" can mean
        ("2019-06-04", "second"),
        ("2019-06-05", "third"),  # day precision: in force from the day itself
        ("2030-01-01", "third"),  # ongoing
    ],
)
def test_level_in_force_on_date_respects_precision(russia_timeline, on, expected):
    china, russia, scheme, *periods = russia_timeline
    names = dict(zip(["first", "second", "third"], periods, strict=True))
    found = LevelPeriod.objects.level_of(china, russia, scheme, day(on))
    assert found == (names[expected] if expected else None)


def test_level_of_accepts_the_pair_in_either_order(russia_timeline):
    china, russia, scheme, *_, third = russia_timeline
    assert LevelPeriod.objects.level_of(russia, china, scheme, day("2020-01-01")) == third


def test_possibly_in_force_marks_uncertain_transitions(russia_timeline):
    china, russia, scheme, first, second, _ = russia_timeline
    during_june = LevelPeriod.objects.between(china, russia).possibly_in_force_on(day("2011-06-15"))
    assert {(period.pk, period.is_certain) for period in during_june} == {
        (first.pk, False),
        (second.pk, False),
    }
    in_2000 = LevelPeriod.objects.between(china, russia).possibly_in_force_on(day("2000-01-01"))
    assert [(period.pk, period.is_certain) for period in in_2000] == [(first.pk, True)]


def test_unknown_start_is_never_certain_but_possible():
    period = LevelPeriodFactory(
        start_date=None,
        start_date_precision=Precision.UNKNOWN,
        end_status=EndStatus.ENDED,
        end_date=day("2005-04-05"),
        end_date_precision=Precision.DAY,
    )
    assert not LevelPeriod.objects.in_force_on(day("2004-01-01")).filter(pk=period.pk).exists()
    assert LevelPeriod.objects.possibly_in_force_on(day("2004-01-01")).filter(pk=period.pk).exists()
    assert not LevelPeriod.objects.possibly_in_force_on(day("2005-04-05")).filter(pk=period.pk).exists()


def test_end_with_unknown_date_is_certain_only_at_its_start():
    period = LevelPeriodFactory(
        start_date=day("2001-03-01"), start_date_precision=Precision.DAY, end_status=EndStatus.UNKNOWN
    )
    assert LevelPeriod.objects.in_force_on(day("2001-03-01")).filter(pk=period.pk).exists()
    assert not LevelPeriod.objects.in_force_on(day("2001-03-02")).filter(pk=period.pk).exists()
    assert LevelPeriod.objects.possibly_in_force_on(day("2020-01-01")).filter(pk=period.pk).exists()


def test_all_partnerships_of_a_party_on_a_date(russia_timeline):
    china, russia, *_ = russia_timeline
    other = LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=china),
        start_date=day("2015-01-01"),
        start_date_precision="year",
    )
    on_2016 = LevelPeriod.objects.involving(china).in_force_on(day("2016-01-01"))
    assert set(on_2016) == {russia_timeline[4], other}
    assert set(LevelPeriod.objects.involving(china).in_force_on(day("2015-06-01"))) == {russia_timeline[4]}


def test_changes_between_two_dates_include_partial_starts(russia_timeline):
    *_, first, second, third = russia_timeline
    assert set(LevelPeriod.objects.started_between(day("2011-06-15"), day("2019-06-04"))) == {second}
    assert set(LevelPeriod.objects.started_between(day("1996-07-01"), day("1996-07-31"))) == {first}
    assert set(LevelPeriod.objects.started_between(day("2019-06-05"), day("2019-06-05"))) == {third}
