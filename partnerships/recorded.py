"""What the database held at a past moment ("as recorded"), so a published analysis can be reproduced.

The history tables (django-pghistory) hold a snapshot of every row after each change and before each
delete. The state at a moment is, per record, its latest snapshot up to that moment, unless that was
its deletion. The snapshots have the same columns as the live tables, so the as-of expressions of
``partnerships.models.levels`` apply to them unchanged.
"""

import datetime as dt
from contextlib import contextmanager

from django.contrib.postgres.fields import DateRangeField
from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.expressions import RawSQL

from partnerships.models import LevelPeriod, LevelPeriodCitation
from partnerships.models.timeline import CERTAIN_SQL, DURING_SQL, POSSIBLE_SQL
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
        during=RawSQL(DURING_SQL, [], output_field=DateRangeField()),
        certain_span=RawSQL(CERTAIN_SQL, [], output_field=DateRangeField()),
        possible_span=RawSQL(POSSIBLE_SQL, [], output_field=DateRangeField()),
    )


def published_levels_as_recorded(moment: dt.datetime):
    return levels_as_recorded(moment).filter(status=Status.PUBLISHED)


def level_citations_as_recorded(moment: dt.datetime):
    """Snapshots of the level citations as they stood at ``moment`` (``level_period_id`` links them)."""
    return _latest_snapshots(LevelPeriodCitation, moment)


@contextmanager
def level_tables_as_recorded(moment: dt.datetime):
    """Within this block, on this connection, the level periods and their citations read as they stood at
    ``moment``: every query, filter and serializer written for the live tables answers as it would have then.

    Session-local temporary tables of the same names hold the recorded snapshots. PostgreSQL looks in the
    session's temporary schema before the others, and the tables vanish when the transaction ends.
    Parties, tiers and meetings are read as they are now.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
        for model in (LevelPeriod, LevelPeriodCitation):
            table = connection.ops.quote_name(model._meta.db_table)
            fields = [f for f in model._meta.concrete_fields if not f.generated and f.name != "updated_at"]
            # Snapshots leave out updated_at (it changes on every save); the snapshot's time stands in.
            snapshots = _latest_snapshots(model, moment).values(
                *[f.attname for f in fields],
                **({"updated": F("pgh_created_at")} if _has_updated_at(model) else {}),
            )
            select_sql, params = snapshots.query.sql_with_params()
            columns = [f.column for f in fields] + (["updated_at"] if _has_updated_at(model) else [])
            column_list = ", ".join(connection.ops.quote_name(column) for column in columns)
            cursor.execute(
                f"CREATE TEMPORARY TABLE {table} (LIKE {connection.ops.quote_name(schema)}.{table} "
                "INCLUDING DEFAULTS INCLUDING GENERATED) ON COMMIT DROP"
            )
            cursor.execute(f"INSERT INTO pg_temp.{table} ({column_list}) {select_sql}", params)
        yield
        # Dropped now rather than at commit: inside an outer transaction the block ends at a savepoint.
        # (If the block fails, rolling back removes them anyway.)
        for model in (LevelPeriodCitation, LevelPeriod):
            cursor.execute(f"DROP TABLE pg_temp.{connection.ops.quote_name(model._meta.db_table)}")


def _has_updated_at(model) -> bool:
    return any(f.name == "updated_at" for f in model._meta.concrete_fields)
