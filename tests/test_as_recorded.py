"""As-recorded queries: the answer the database gave at a past moment, before and after an edit."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from partnerships.models import EndStatus
from partnerships.recorded import (
    level_citations_as_recorded,
    levels_as_recorded,
    published_levels_as_recorded,
)
from tests.factories import LevelPeriodFactory, TierFactory

pytestmark = pytest.mark.django_db


def test_as_recorded_answers_as_before_an_edit_and_after_it():
    period = LevelPeriodFactory(
        tier=TierFactory(name="strategic partnership"), start_date=dt.date(2014, 7, 1)
    )
    event_model = type(period).pgh_event_model
    before_edit = timezone.now() + dt.timedelta(minutes=1)
    event_model.objects.update(pgh_created_at=before_edit - dt.timedelta(seconds=30))
    period.tier = TierFactory(scheme=period.scheme, name="comprehensive strategic partnership")
    period.save()
    after_edit = before_edit + dt.timedelta(minutes=5)
    event_model.objects.filter(pgh_label="update").update(
        pgh_created_at=after_edit - dt.timedelta(seconds=30)
    )

    then = published_levels_as_recorded(before_edit).select_related("tier").get()
    now = published_levels_as_recorded(after_edit).select_related("tier").get()
    assert (then.pgh_obj_id, then.tier.name) == (period.pk, "strategic partnership")
    assert now.tier.name == "comprehensive strategic partnership"
    assert levels_as_recorded(before_edit - dt.timedelta(minutes=5)).count() == 0
    assert level_citations_as_recorded(after_edit).get().level_period_id == period.pk


def test_as_recorded_keeps_the_as_of_semantics_and_forgets_deleted_records():
    period = LevelPeriodFactory(
        start_date=dt.date(2015, 1, 1), start_date_precision="year", end_status=EndStatus.ONGOING
    )
    later = timezone.now() + dt.timedelta(minutes=1)
    recorded = levels_as_recorded(later)
    assert not recorded.filter(certain_span__contains=dt.date(2015, 6, 1)).exists()
    assert recorded.filter(certain_span__contains=dt.date(2015, 12, 31)).get().pgh_obj_id == period.pk
    period.citations.all().delete()
    period.delete()
    with connection.cursor():
        assert levels_as_recorded(later).count() == 0
