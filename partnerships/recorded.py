"""What the database held at a past moment ("as recorded"), so a published analysis can be reproduced.

The history tables (django-pghistory) hold a snapshot of every row after each change and before each
delete. The state at a moment is, per record, its latest snapshot up to that moment, unless that was
its deletion. The snapshots have the same columns as the live tables, so the as-of expressions of
``partnerships.models.levels`` apply to them unchanged.
"""

import datetime as dt

from django.contrib.postgres.fields import DateRangeField
from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL

from partnerships.models import LevelPeriod, LevelPeriodCitation
from partnerships.models.levels import _CERTAIN_SQL, _DURING_SQL, _POSSIBLE_SQL
from partnerships.status import Status


def _latest_snapshots(model, moment: dt.datetime):
    events = model.pgh_event_model.objects
    latest = events.filter(pgh_obj_id=OuterRef("pgh_obj_id"), pgh_created_at__lte=moment).order_by("-pgh_id")
    return events.filter(pgh_created_at__lte=moment, pgh_id=Subquery(latest.values("pgh_id")[:1])).exclude(
        pgh_label="delete"
    )


def levels_as_recorded(moment: dt.datetime):
    """Snapshots of the level periods as they stood at ``moment``.

    Rows carry the live model's fields (``pgh_obj_id`` is the period's id) and the same ``during``,
    ``certain_span`` and ``possible_span``, so ``.filter(certain_span__contains=date)`` answers an
    as-of question as it would have been answered then.
    """
    return _latest_snapshots(LevelPeriod, moment).annotate(
        during=RawSQL(_DURING_SQL, [], output_field=DateRangeField()),
        certain_span=RawSQL(_CERTAIN_SQL, [], output_field=DateRangeField()),
        possible_span=RawSQL(_POSSIBLE_SQL, [], output_field=DateRangeField()),
    )


def published_levels_as_recorded(moment: dt.datetime):
    return levels_as_recorded(moment).filter(status=Status.PUBLISHED)


def level_citations_as_recorded(moment: dt.datetime):
    """Snapshots of the level citations as they stood at ``moment`` (``level_period_id`` links them)."""
    return _latest_snapshots(LevelPeriodCitation, moment)
