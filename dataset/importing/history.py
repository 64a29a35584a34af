"""History of set-based writes: one event per row written, set-based, under the import's pghistory context.

django-pghistory keeps history with row-level triggers; each one also upserts the context row, so a
100,000-row ``INSERT … SELECT`` spent most of its time in them. The set-based import writes the same
event rows itself, in the same statement as the write (a data-modifying CTE: ``WITH written AS (INSERT …
RETURNING *) INSERT INTO …event SELECT …``), with the context attached once per statement, and asks the
row triggers to stand aside (pgtrigger's ``pgtrigger.ignore`` setting, which they read). The publication
rule (a published level has a quoted citation) is a deferred row trigger; for the levels this import
writes it is checked once for the whole batch (``unquoted_published_levels``) instead.
"""

from collections.abc import Sequence

import pgtrigger
from django.db import models

from dataset.importing.staging import fetch, quote
from partnerships.models import LevelPeriod, LevelPeriodCitation, Relationship
from sources.models import Source

# The tables the set-based import writes, whose history triggers it stands in for.
WRITTEN = (Source, Relationship, LevelPeriod, LevelPeriodCitation)
_HISTORY_TRIGGERS = ("insert_insert", "update_update", "delete_delete")
_BATCH_RULES = ((LevelPeriod, "published_needs_quoted_citation"),)


def _pgids(pairs) -> list[str]:
    """What ``pgtrigger.ignore`` lists for a trigger: its table-qualified and its own name."""
    found = []
    triggers = {(model, trigger.name): trigger for model, trigger in pgtrigger.registered()}
    for model, name in pairs:
        pgid = triggers[(model, name)].get_pgid(model)
        found += [f"{model._meta.db_table}:{pgid}", pgid]
    return found


def stand_in(*, history: bool) -> None:
    """Set which triggers stand aside for the rest of the transaction: the batch-checked rules always,
    the history triggers while ``history`` (the set-based writes)."""
    names = _pgids(_BATCH_RULES)
    if history:
        names += _pgids((model, name) for model in WRITTEN for name in _HISTORY_TRIGGERS)
    fetch("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(names) + "}"])


def stand_down() -> None:
    """Every trigger runs again (the deferred rules queued by the set-based writes have run by then)."""
    fetch("SELECT set_config('pgtrigger.ignore', '{}', true)")


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
