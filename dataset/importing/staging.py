"""Session-local staging tables for the set-based import: COPY in, decode distinct cells, collect problems.

Everything here lives in ``TEMP`` tables dropped at commit (``ON COMMIT DROP``), so an import leaves
nothing behind and two imports never see each other's rows. Cells are read by the row codecs' own
functions, once per *distinct* value (a file of 100,000 rows holds a few hundred different dates, tiers
and citation cells), so the messages are the per-row path's word for word.
"""

from collections.abc import Callable, Iterable, Sequence

from django.db import connection

_FETCH = 5000


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def execute(sql: str, params: Sequence | dict | None = None) -> int:
    """Run one statement through Django's cursor (so pghistory's context reaches the triggers it fires)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch(sql: str, params: Sequence | dict | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def tune() -> None:
    """Settings for the rest of the transaction: sorts and hashes over a few hundred thousand staged rows
    in memory rather than on disk, and the staging tables analysed on a small sample (their joins need row
    counts and distinct values, not fine histograms; a full sample of a wide table cost half a second)."""
    fetch("SELECT set_config('work_mem', '64MB', true), set_config('default_statistics_target', '10', true)")


def create_table(name: str, columns: dict[str, str]) -> None:
    """A temporary table dropped at the end of the transaction."""
    execute(f"DROP TABLE IF EXISTS {name}")
    body = ", ".join(f"{quote(column)} {kind}" for column, kind in columns.items())
    execute(f"CREATE TEMP TABLE {name} ({body}) ON COMMIT DROP")


def create_table_as(name: str, select: str, params: Sequence | dict | None = None) -> None:
    """A temporary table of what ``select`` finds, dropped at the end of the transaction."""
    execute(f"DROP TABLE IF EXISTS {name}")
    execute(f"CREATE TEMP TABLE {name} ON COMMIT DROP AS {select}", params)


def copy_in(name: str, columns: Sequence[str], records: Iterable[Sequence], progress=None) -> int:
    """Stream ``records`` into table ``name`` with COPY; the number of rows written."""
    count = 0
    names = ", ".join(quote(column) for column in columns)
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
        for record in records:
            copy.write_row(record)
            count += 1
            if progress is not None and count % 1000 == 0:
                progress(1000)
    if progress is not None:
        progress(count % 1000)
    return count


def decode_all(
    select: str,
    tables: dict[str, dict[str, str]],
    read: Callable[[tuple], tuple[str, Iterable[Sequence]]],
) -> None:
    """Create ``tables`` (name → columns) from the values one ``select`` finds, each read by ``read``.

    ``select`` runs in a server-side cursor and is fetched a few thousand values at a time; ``read``
    turns one fetched tuple into the name of its table and zero or more rows of it (the value itself
    first, so it joins back, then what it reads as, and the problem if it reads as none).
    """
    for name, columns in tables.items():
        create_table(name, columns)
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor(name="decoded_values") as values:
        values.execute(select)
        while batch := values.fetchmany(_FETCH):
            found: dict[str, list] = {name: [] for name in tables}
            for value in batch:
                name, rows = read(value)
                found[name].extend(rows)
            for name, rows in found.items():
                if rows:
                    copy_in(name, list(tables[name]), rows)
    for name in tables:
        execute(f"ANALYZE {name}")


def create_problems() -> None:
    create_table(
        "import_problems",
        {"tbl": "text", "row": "integer", "ord": "integer", "col": "text", "message": "text"},
    )


def add_problems(table: str, ord_: int, column: str, select: str, params: Sequence | dict = ()) -> int:
    """Problems found by ``select`` (its columns: row, message), in check order ``ord_``."""
    return execute(
        f"INSERT INTO import_problems (tbl, row, ord, col, message) "
        f"SELECT %s, found.row, %s, %s, found.message FROM ({select}) AS found",
        [table, ord_, column, *params],
    )


def problems() -> list[tuple]:
    """Every problem found, in file order: table, row, column, message."""
    return fetch(
        "SELECT tbl, row, col, message FROM import_problems ORDER BY tbl, row NULLS FIRST, ord, message"
    )
