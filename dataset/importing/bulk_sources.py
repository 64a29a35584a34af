"""Sources, set-based: each row read by ``SourceRows`` (the per-row path's rules and messages), staged by
COPY, matched to recorded sources by URL (or title and publisher) in one join, written by
``INSERT … SELECT`` and ``UPDATE … FROM``.

A source row is checked alone (its URL, dates, kind, lengths): nothing in it depends on another record, so
reading it in Python as it streams past costs no query; what compares records (repeats, matches) is SQL.
"""

from django.core.exceptions import ValidationError

from dataset.codecs.cells import cell, edtf_column
from dataset.codecs.sources import SourceRows
from dataset.importing import history
from dataset.importing.report import ImportReport
from dataset.importing.staging import add_problems, copy_in, create_table, execute, fetch
from dataset.importing.streams import TableStream
from dataset.importing.writes import count_of, reset_sequence, write_new
from sources.models import Source

TABLE = "sources"
# Staged column → the field(s) it sets (``published`` sets two).
_FIELDS = {
    "url": ("url",),
    "title": ("title",),
    "publisher": ("publisher",),
    "author": ("author",),
    "language": ("language",),
    "kind": ("kind",),
    "published": ("published_on", "published_on_precision"),
    "accessed_on": ("accessed_on",),
    "archive_url": ("archive_url",),
    "text": ("text",),
}
_STAGED = {
    "row": "integer",
    "pkg_id": "text",
    "given_updated_at": "text",
    "ok": "boolean",
    "key_url": "text",
    "key_title": "text",
    "key_publisher": "text",
    "url": "text",
    "title": "text",
    "publisher": "text",
    "author": "text",
    "language": "text",
    "kind": "text",
    "published_on": "date",
    "published_on_precision": "text",
    "accessed_on": "date",
    "archive_url": "text",
    "text": "text",
    "match_id": "integer",
}
_VALUES = (
    "url",
    "title",
    "publisher",
    "author",
    "language",
    "kind",
    "published_on",
    "published_on_precision",
    "accessed_on",
    "archive_url",
    "text",
)


def stage(stream: TableStream, report: ImportReport, progress) -> list[str] | None:
    """Read and stage the sources' rows; the fields the file gives (None: it lacks a key column)."""
    codec = SourceRows()
    present = stream.columns()
    if not present:
        return None  # an empty file: nothing to import, as on the per-row path
    missing = [column for column in codec.required if column not in present]
    if missing:
        report.reject(TABLE, None, "columns", f"The file lacks the column(s) {', '.join(missing)}.")
        return None
    # A date may come as its EDTF twin too (published_edtf): the codec reads either (dataset.codecs.cells).
    known = {*codec.columns, *map(edtf_column, codec.columns)}
    extra = sorted(set(present) - known - {"id", "updated_at"})
    if extra:
        report.ignored_columns[TABLE] = extra
    read = [column for column in present if column in known]
    wanted = [*read, "id", "updated_at"]

    def staged():
        for number, values in enumerate(stream.records(wanted), 1):
            row = dict(zip(wanted, values, strict=True))
            for column in ("id", "updated_at"):
                if column not in present:
                    del row[column]
            source = Source()
            try:
                codec.apply(row, source)
                ok = True
            except ValidationError as error:
                report.reject_error(TABLE, number, error)
                ok = False
            url, title, publisher = codec.key(row)
            yield (
                number,
                cell(row, "id"),
                cell(row, "updated_at"),
                ok,
                url,
                title,
                publisher,
                *(getattr(source, name) for name in _VALUES),
                None,
            )

    create_table("stage_sources", _STAGED)
    copy_in("stage_sources", list(_STAGED), staged(), progress)
    execute("CREATE INDEX ON stage_sources (key_url, key_title, key_publisher)")
    execute("ANALYZE stage_sources")
    # An EDTF twin gives its date column's fields (published_edtf: published_on and its precision).
    plain = {column.removesuffix("_edtf") if column.endswith("_edtf") else column for column in read}
    return [field for column in codec.columns if column in plain for field in _FIELDS[column]]


def check() -> None:
    """Rows that repeat an earlier row's source."""
    add_problems(
        TABLE,
        0,
        "row",
        "SELECT row, 'Repeats row ' || first || ': the same record twice.' AS message FROM ("
        "  SELECT row, min(row) OVER (PARTITION BY key_url, key_title, key_publisher) AS first"
        "  FROM stage_sources) AS keyed WHERE row > first",
    )
    # What each row matches: by URL, or by title and publisher for a source without one.
    execute(
        "UPDATE stage_sources s SET match_id = found.id FROM ("
        f"{recorded_by_key('SELECT key_url, key_title, key_publisher FROM stage_sources')}) AS found "
        "WHERE found.key_url = s.key_url AND found.key_title = s.key_title "
        "AND found.key_publisher = s.key_publisher"
    )


def recorded_by_key(keys: str) -> str:
    """A query of the recorded source (``id``) each distinct key of ``keys`` names (its columns: key_url,
    key_title, key_publisher): by URL, or by title and publisher for a key without one.

    Two equality joins rather than one join on ``url = … OR (title = … AND publisher = …)``, which can only
    be a nested loop over every key and every recorded source.
    """
    return (
        f"WITH k AS (SELECT DISTINCT key_url, key_title, key_publisher FROM ({keys}) AS given) "
        "SELECT k.key_url, k.key_title, k.key_publisher, min(src.id) AS id FROM k "
        "JOIN sources_source src ON src.url = k.key_url WHERE k.key_url <> '' "
        "GROUP BY k.key_url, k.key_title, k.key_publisher "
        "UNION ALL SELECT k.key_url, k.key_title, k.key_publisher, min(src.id) FROM k "
        "JOIN sources_source src ON src.url = '' AND src.title = k.key_title "
        "AND src.publisher = k.key_publisher WHERE k.key_url = '' "
        "GROUP BY k.key_url, k.key_title, k.key_publisher"
    )


def write(fields: list[str], now) -> tuple[int, int, int]:
    """Create the new sources and update the changed ones: (created, updated, unchanged)."""
    total = count_of("stage_sources")
    new_columns = list(_VALUES)
    created = write_new(
        Source,
        "stage_sources",
        "s.match_id IS NULL",
        {column: f"s.{column}" for column in new_columns},
        now,
    )
    reset_sequence("sources_source")
    changed = " OR ".join(f"src.{field} IS DISTINCT FROM s.{field}" for field in fields) or "false"
    sets = ", ".join([*(f"{field} = s.{field}" for field in fields), "updated_at = %s"])
    updated = history.write(
        Source,
        f"UPDATE sources_source src SET {sets} FROM stage_sources s "
        f"WHERE s.match_id = src.id AND ({changed})",
        [now],
        "update",
        "src",
    )
    return created, updated, total - created - updated


def sources_by_package_id() -> dict[str, dict]:
    """The package's sources by their id in it (citations in link tables name them so)."""
    return {
        pkg_id: {"id": pkg_id, "url": url, "title": title, "publisher": publisher}
        for pkg_id, url, title, publisher in fetch(
            "SELECT pkg_id, url, title, publisher FROM stage_sources WHERE pkg_id <> ''"
        )
    }
