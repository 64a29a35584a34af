"""Writing staged rows: ``INSERT … SELECT`` in file order, a data package's ids kept where they are free."""

from dataset.importing import history
from dataset.importing.staging import create_table_as, execute, fetch

# A data package's ``updated_at`` (ISO 8601) is kept for the records it creates; anything else means now.
_GIVEN_TIME = (
    "CASE WHEN s.given_updated_at ~ '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}' "
    "THEN s.given_updated_at::timestamptz END"
)


def count_of(stage: str, where: str = "true") -> int:
    return fetch(f"SELECT count(*) FROM {stage} s WHERE {where}")[0][0]


def reset_sequence(table: str) -> None:
    """Move the id sequence past the ids written explicitly."""
    fetch(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) "
        f"FROM {table}"
    )


def write_new(model, stage: str, where: str, values: dict[str, str], now) -> int:
    """Insert the staged rows ``where`` selects as new records of ``table``, in file order.

    ``values`` maps each column to its SQL expression over the staged row ``s``. A row whose package id
    (``s.pkg_id``) is free keeps it (the first row to name it), as the per-row path's ``keep_ids`` does.
    """
    table = model._meta.db_table
    columns = [*values, "created_at", "updated_at", "version"]
    expressions = [*values.values(), "%s", f"coalesce({_GIVEN_TIME}, %s)", "1"]
    free_id = (
        f"s.pkg_id ~ '^[0-9]{{1,9}}$' AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = s.pkg_id::int) "
        f"AND s.row = (SELECT min(s2.row) FROM {stage} s2 WHERE s2.pkg_id = s.pkg_id AND "
        f"({where.replace('s.', 's2.')}))"
    )
    create_table_as(f"{stage}_kept", f"SELECT s.row FROM {stage} s WHERE ({where}) AND {free_id}")
    kept = history.write(
        model,
        f"INSERT INTO {table} AS t (id, {', '.join(columns)}) "
        f"SELECT s.pkg_id::int, {', '.join(expressions)} FROM {stage} s "
        f"WHERE s.row IN (SELECT row FROM {stage}_kept) ORDER BY s.row",
        [now, now],
        "insert",
        "t",
    )
    if kept:
        reset_sequence(table)
    others = history.write(
        model,
        f"INSERT INTO {table} AS t ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM {stage} s "
        f"WHERE ({where}) AND NOT EXISTS (SELECT 1 FROM {stage}_kept k WHERE k.row = s.row) ORDER BY s.row",
        [now, now],
        "insert",
        "t",
    )
    execute(f"DROP TABLE {stage}_kept")
    return kept + others
