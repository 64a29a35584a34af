"""Every rule of a pair's timeline, refused by PostgreSQL and explained by clean()."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.partial_dates import Precision
from partnerships.models import ChangeKind, EndStatus, LevelPeriod
from partnerships.status import Status
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    RelationshipFactory,
    SchemeFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


def ended(period_kwargs, end):
    return {
        **period_kwargs,
        "end_status": EndStatus.ENDED,
        "end_date": end,
        "end_date_precision": Precision.DAY,
    }


def unsaved_period(**kwargs):
    return LevelPeriodFactory.build(relationship=RelationshipFactory(), tier=TierFactory(), **kwargs)


def test_overlapping_period_in_same_scheme_is_refused_by_database():
    first = LevelPeriodFactory(start_date=dt.date(2010, 1, 1))
    with pytest.raises(IntegrityError, match="level_period_no_overlap"), transaction.atomic():
        LevelPeriodFactory(relationship=first.relationship, tier=first.tier, start_date=dt.date(2015, 1, 1))


def test_overlapping_period_is_explained_by_clean():
    first = LevelPeriodFactory(start_date=dt.date(2010, 1, 1))
    second = LevelPeriodFactory.build(
        relationship=first.relationship, tier=first.tier, start_date=dt.date(2015, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "already holds a published level in this scheme" in error.value.message_dict["start_date"][0]


def test_draft_may_overlap_a_published_level_as_a_proposal():
    first = LevelPeriodFactory(start_date=dt.date(2010, 1, 1))
    proposal = LevelPeriodFactory.build(
        relationship=first.relationship, tier=first.tier, start_date=dt.date(2009, 1, 1), status=Status.DRAFT
    )
    proposal.full_clean()
    proposal.save()
    assert list(LevelPeriod.objects.conflicting()) == [proposal]


def test_period_starting_on_the_day_its_predecessor_ends_is_accepted():
    tier = TierFactory(rank=10)
    first = LevelPeriodFactory(
        **ended({"tier": tier, "start_date": dt.date(2010, 1, 1)}, dt.date(2015, 6, 1))
    )
    higher = TierFactory(scheme=tier.scheme, rank=20)
    second = LevelPeriodFactory.build(
        relationship=first.relationship, tier=higher, start_date=dt.date(2015, 6, 1)
    )
    second.full_clean()
    second.save()
    LevelPeriodCitationFactory(level_period=second)
    assert second.change_kind == ChangeKind.UPGRADED


def test_overlap_in_another_scheme_is_allowed():
    first = LevelPeriodFactory(start_date=dt.date(2010, 1, 1))
    other_scheme_tier = TierFactory(scheme=SchemeFactory())
    LevelPeriodFactory(
        relationship=first.relationship, tier=other_scheme_tier, start_date=dt.date(2012, 1, 1)
    )
    assert LevelPeriod.objects.filter(relationship=first.relationship).count() == 2


def test_retracted_period_does_not_block_a_corrected_one():
    first = LevelPeriodFactory(
        start_date=dt.date(2010, 1, 1), status=Status.RETRACTED, retraction_reason="wrong year"
    )
    LevelPeriodFactory(relationship=first.relationship, tier=first.tier, start_date=dt.date(2011, 1, 1))


def test_end_before_start_is_refused():
    with pytest.raises(IntegrityError, match="level_period_ends_after_start"), transaction.atomic():
        LevelPeriodFactory(**ended({"start_date": dt.date(2015, 1, 1)}, dt.date(2014, 1, 1)))
    period = unsaved_period(**ended({"start_date": dt.date(2015, 1, 1)}, dt.date(2014, 1, 1)))
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert error.value.message_dict["end_date"] == ["The end must come after the start."]


def test_tier_from_another_scheme_is_refused():
    period = LevelPeriodFactory()
    foreign_tier = TierFactory(scheme=SchemeFactory())
    with pytest.raises(IntegrityError, match="level_period_tier_in_scheme"), transaction.atomic():
        LevelPeriod.objects.filter(pk=period.pk).update(tier=foreign_tier)
    period.tier = foreign_tier
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert "belongs to the" in error.value.message_dict["tier"][0]


def test_year_precision_date_must_be_stored_as_first_of_january():
    with pytest.raises(IntegrityError, match="start_date_year_is_1_january"), transaction.atomic():
        LevelPeriodFactory(start_date=dt.date(2015, 3, 1), start_date_precision=Precision.YEAR)
    period = unsaved_period(start_date=dt.date(2015, 3, 1), start_date_precision=Precision.YEAR)
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert "1 January" in error.value.message_dict["start_date"][0]


def test_end_date_only_when_ended():
    with pytest.raises(IntegrityError, match="level_period_end_date_iff_ended"), transaction.atomic():
        LevelPeriodFactory(
            end_status=EndStatus.ONGOING, end_date=dt.date(2020, 1, 1), end_date_precision=Precision.DAY
        )


def test_unknown_start_is_stored_as_unbounded_and_still_excludes_overlaps():
    first = LevelPeriodFactory(
        start_date=None,
        start_date_precision=Precision.UNKNOWN,
        **{
            "end_status": EndStatus.ENDED,
            "end_date": dt.date(2005, 4, 5),
            "end_date_precision": Precision.DAY,
        },
    )
    assert first.__class__.objects.get(pk=first.pk).during.lower is None
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelPeriodFactory(relationship=first.relationship, tier=first.tier, start_date=dt.date(1999, 1, 1))


def test_change_kind_is_derived_from_ranks():
    high = TierFactory(rank=50)
    low = TierFactory(scheme=high.scheme, rank=30)
    same_rank = TierFactory(scheme=high.scheme, rank=30)
    first = LevelPeriodFactory(
        **ended({"tier": high, "start_date": dt.date(2000, 1, 1)}, dt.date(2005, 1, 1))
    )
    second = LevelPeriod(
        relationship=first.relationship, scheme=high.scheme, tier=low, start_date=dt.date(2005, 1, 1)
    )
    second.full_clean()
    assert second.change_kind == ChangeKind.DOWNGRADED
    second.end_status, second.end_date, second.end_date_precision = (
        EndStatus.ENDED,
        dt.date(2008, 1, 1),
        "day",
    )
    second.status = Status.PUBLISHED
    second.save()
    LevelPeriodCitationFactory(level_period=second)
    third = LevelPeriod(
        relationship=first.relationship, scheme=high.scheme, tier=same_rank, start_date=dt.date(2008, 1, 1)
    )
    third.full_clean()
    assert third.change_kind == ChangeKind.RENAMED
    alone = LevelPeriod(
        relationship=RelationshipFactory(), scheme=high.scheme, tier=high, start_date=dt.date(2008, 1, 1)
    )
    alone.full_clean()
    assert alone.change_kind == ChangeKind.ESTABLISHED


def test_readable_str_puts_the_declaring_party_first():
    partner = CountryFactory(name="Cambodia")
    china = CountryFactory(name="China")  # created second: stored as party_b of the pair
    tier = TierFactory(
        scheme=SchemeFactory(declaring_party=china), name="comprehensive strategic cooperative partnership"
    )
    period = LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=partner, party_b=china),
        tier=tier,
        start_date=dt.date(2010, 1, 1),
        start_date_precision=Precision.YEAR,
    )
    assert str(period) == "China – Cambodia: comprehensive strategic cooperative partnership (2010–)"
