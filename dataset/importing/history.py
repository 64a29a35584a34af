"""History of set-based writes: one event per row written, set-based, under the import's pghistory context.

django-pghistory keeps history with row-level triggers; each one also upserts the context row, so a
100,000-row ``INSERT … SELECT`` spent most of its time in them. The set-based import writes the same
event rows itself, in the same statement as the write (a data-modifying CTE: ``WITH written AS (INSERT …
RETURNING *) INSERT INTO …event SELECT …``), with the context attached once per statement, and the row
triggers of the tables it writes stand aside meanwhile: their ``WHEN`` clause reads a transaction-local
setting (``core.history.STATEMENT_HISTORY``), so they are not even called. The publication rule (a
published level has a quoted citation) is a deferred row trigger; for the levels this import writes it is
checked once for the whole batch (``unquoted_published_levels``) instead, and the trigger is not queued
(``partnerships.status.BATCH_CHECKED``).
"""

from collections.abc import Sequence

from django.db import models

from core.history import STATEMENT_HISTORY
from dataset.importing.staging import fetch, quote
from partnerships.models import LevelPeriod, LevelPeriodCitation, Relationship
from partnerships.status import BATCH_CHECKED
from sources.models import Source

# The tables the set-based import writes, whose history triggers it stands in for
# (``tracked(written_in_bulk=True)``).
WRITTEN = (Source, Relationship, LevelPeriod, LevelPeriodCitation)


def stand_in(*, history: bool) -> None:
    """Set which triggers stand aside for the rest of the transaction: the level's publication rule
    always (checked for the batch), the history triggers of ``WRITTEN`` while ``history`` (the
    set-based writes)."""
    fetch(
        "SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
        [BATCH_CHECKED, LevelPeriod._meta.db_table, STATEMENT_HISTORY, "on" if history else "off"],
    )


def stand_down() -> None:
    """Every trigger runs again for the rest of the transaction."""
    fetch("SELECT set_config(%s, '', true), set_config(%s, 'off', true)", [BATCH_CHECKED, STATEMENT_HISTORY])


def write(model: type[models.Model], dml: str, params: Sequence, label: str, alias: str) -> int:
    """Run ``dml`` (an INSERT, UPDATE or DELETE on ``model``'s table as ``alias``) and keep an event of
    kind ``label`` for every row it writes; the number of rows written."""
    event = model.pgh_event_model
    columns = ", ".join(
        quote(field.column) for field in event._meta.concrete_fields if not field.column.startswith("pgh_")
    )
    return fetch(
        f"WITH written AS ({dml} RETURNING {alias}.*), "
        f"history AS (INSERT INTO {event._meta.db_table} "
        f"({columns}, pgh_context_id, pgh_created_at, pgh_label, pgh_obj_id) "
        f"SELECT {columns}, (SELECT _pgh_attach_context()), NOW(), %s, id FROM written) "
        "SELECT count(*) FROM written",
        [*params, label],
    )[0][0]


def unquoted_published_levels(rows_written: str) -> list[int]:
    """Published levels among those the import wrote (``rows_written``: a query of their ids) with no
    quoted citation: the publication rule, for the whole batch at once."""
    return [
        pk
        for (pk,) in fetch(
            f"SELECT p.id FROM partnerships_levelperiod p WHERE p.id IN ({rows_written}) "
            "AND p.status = 'published' AND NOT EXISTS (SELECT 1 FROM partnerships_levelperiodcitation c "
            "WHERE c.level_period_id = p.id AND btrim(c.quote) <> '')"
        )
    ]
