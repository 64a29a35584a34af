"""Reading a dataset: a data package (folder or zip with ``datapackage.json``) or single CSV/JSON files.

Two shapes of table are read. The admin's (``*/resources.py``) has one row per record with its
citations, parties and participants in the row. The data package written by ``export_dataset`` keeps
those in link tables keyed by the package's ids (``level_citations``, ``meeting_parties``,
``participants``, ``meeting_citations``, ``announcements``); ``fold_package`` moves them into their
records' rows, naming sources and levels by natural key, so one importer reads both.
"""

import csv
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from dataset.codecs.cells import cell, partial_date_cell
from dataset.codecs.events import EventRows
from dataset.codecs.levels import LevelPeriodRows
from dataset.codecs.meetings import MeetingRows
from dataset.codecs.people import PersonRows, PositionRows
from dataset.codecs.sources import SEQUENCE, SourceRows

# The tables imported, in order: a table may refer to the ones before it.
TABLES = ("people", "positions", "events", "sources", "level_periods", "meetings")
# The data package's link tables, folded into the rows of the records they belong to.
LINK_TABLES = ("level_citations", "meeting_parties", "participants", "meeting_citations", "announcements")
# Reference data in a package (loaded by the reference loaders, matched by code or slug, never imported).
REFERENCE_TABLES = ("parties", "schemes", "tiers")
_NAMES = {
    **{name: name for name in (*TABLES, *LINK_TABLES, *REFERENCE_TABLES)},
    "persons": "people",
    "multilateral_events": "events",
    "levels": "level_periods",
    "level-periods": "level_periods",
    "levelperiods": "level_periods",
}
ROW_CLASSES = (PersonRows, PositionRows, EventRows, SourceRows, LevelPeriodRows, MeetingRows)


# What reading a file can raise when the file, not the code, is at fault: bad JSON, text that is not UTF-8,
# a broken CSV, a zip whose directory reads but whose files do not (cut short, damaged).
UNREADABLE = (
    json.JSONDecodeError,
    UnicodeDecodeError,
    csv.Error,
    KeyError,
    OSError,
    zipfile.BadZipFile,
    zlib.error,
)


class DatasetError(Exception):
    """The files cannot be read as a dataset (no row got as far as being checked)."""


def table_name(name: str) -> str | None:
    return _NAMES.get(PurePosixPath(name).stem.lower().replace(" ", "_"))


def _table_by_columns(columns: Iterable[str], name: str) -> str:
    columns = set(columns)
    for rows_class in ROW_CLASSES:
        if set(rows_class.required) <= columns and len(set(rows_class.columns) & columns) > len(
            rows_class.required
        ):
            return rows_class.table
    raise DatasetError(
        f"{name}: cannot tell which table this is; name the file after it ({', '.join(TABLES)})."
    )


def _read_csv(text: str) -> list[dict]:
    csv.field_size_limit(2**31 - 1)  # a source's text can be a long article
    return list(csv.DictReader(io.StringIO(text)))


def _read_json(text: str, name: str) -> dict[str, list[dict]]:
    data = json.loads(text)
    if isinstance(data, dict):
        tables = {}
        for key, rows in data.items():
            table = table_name(key)
            if table is None or not isinstance(rows, list):
                raise DatasetError(f"{name}: “{key}” is not a table ({', '.join(TABLES)}).")
            tables[table] = rows
        return tables
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise DatasetError(f"{name}: expected a list of rows (objects), or an object of tables.")
    return {table_name(name) or _table_by_columns(data[0].keys() if data else (), name): data}


def _read_file(name: str, text: str) -> dict[str, list[dict]]:
    if name.lower().endswith(".json"):
        return _read_json(text, name)
    rows = _read_rows(name, text)
    return {table_name(name) or _table_by_columns(rows[0].keys() if rows else (), name): rows}


def _read_rows(name: str, text: str) -> list[dict]:
    """The rows of one table's file."""
    if name.lower().endswith(".csv"):
        return _read_csv(text)
    if name.lower().endswith(".json"):
        rows = json.loads(text)
        if isinstance(rows, list) and all(isinstance(row, dict) for row in rows):
            return rows
        raise DatasetError(f"{name}: expected a list of rows (objects).")
    raise DatasetError(f"{name}: only .csv and .json files can be imported.")


def _read_package(names: list[str], read: Callable[[str], str], origin: str) -> dict[str, list[dict]]:
    """The resources ``datapackage.json`` lists, or else every CSV/JSON file named after a table."""
    descriptor_name = min(
        (name for name in names if PurePosixPath(name).name == "datapackage.json"), key=len, default=None
    )
    tables: dict[str, list[dict]] = {}
    if descriptor_name is not None:
        base = PurePosixPath(descriptor_name).parent
        for resource in json.loads(read(descriptor_name)).get("resources", []):
            table = table_name(str(resource.get("name", "")))
            if table is None:
                raise DatasetError(
                    f"{origin}: the package's table “{resource.get('name')}” is not one this reads."
                )
            if "data" in resource:
                tables[table] = list(resource["data"])
                continue
            path = resource.get("path")
            if not isinstance(path, str):
                raise DatasetError(f"{origin}: table “{resource.get('name')}” has no single path.")
            tables[table] = _read_rows(path, read(str(base / path)))
        return tables
    for name in sorted(names):
        if table_name(name) and name.lower().endswith((".csv", ".json")):
            tables.update(_read_file(name, read(name)))
    if not tables:
        raise DatasetError(
            f"{origin}: no datapackage.json and no file named after a table ({', '.join(TABLES)})."
        )
    return tables


def read_dataset(path: Path) -> dict[str, list[dict]]:
    """The tables in ``path`` (table name → rows as dicts): a package folder or zip, or one CSV/JSON file."""
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"{path}: no such file or folder.")
    try:
        if path.is_dir():
            names = [p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()]
            return _read_package(names, lambda name: (path / name).read_text(encoding="utf-8-sig"), str(path))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                return _read_package(names, lambda name: archive.read(name).decode("utf-8-sig"), str(path))
        return _read_file(path.name, path.read_text(encoding="utf-8-sig"))
    # A zip whose directory reads but whose files do not (cut short, damaged) fails as it is read.
    except UNREADABLE as error:
        raise DatasetError(f"{path}: {error}") from None


def fold_package(
    tables: dict[str, list[dict]], reject: Callable[[str, int, str, str], None]
) -> dict[str, list]:
    """Move the link tables' rows into their records' rows; drop the reference tables.

    Link rows keep their place in the file (``SEQUENCE``), so the import creates them in that order.
    A link row naming an id its table lacks is reported through ``reject(table, row, column, message)``.
    """
    tables = {name: rows for name, rows in tables.items() if name not in REFERENCE_TABLES}
    sources = _by_id(tables.get("sources", []))
    levels = _by_id(tables.get("level_periods", []))
    meetings = _by_id(tables.get("meetings", []))

    def link(table: str, owners: dict, owner_column: str, column: str, make: Callable[[dict], dict]):
        if table not in tables:
            return
        for owner in owners.values():
            owner[column] = []  # the link table is the whole list: an owner it does not name has none
        for number, row in enumerate(tables.pop(table), 1):
            owner = owners.get(cell(row, owner_column))
            try:
                if owner is None:
                    raise _Unknown(owner_column, f"No row of its table has the id {cell(row, owner_column)}.")
                owner[column].append({**make(row), SEQUENCE: number})
            except _Unknown as unknown:
                reject(table, number, unknown.column, unknown.message)

    def citation(row: dict) -> dict:
        source = sources.get(cell(row, "source_id"))
        if source is None:
            raise _Unknown("source_id", f"The sources table has no id {cell(row, 'source_id')}.")
        if cell(source, "url"):
            named = {"url": cell(source, "url")}
        else:
            named = {"title": cell(source, "title"), "publisher": cell(source, "publisher")}
        return {**named, "quote": cell(row, "quote"), "locator": cell(row, "locator")}

    def announced(row: dict) -> dict:
        level = levels.get(cell(row, "level_id"))
        if level is None:
            raise _Unknown("level_id", f"The levels table has no id {cell(row, 'level_id')}.")
        pair = f"{cell(level, 'party_a')}-{cell(level, 'party_b')}"
        return {"level": f"{pair}/{cell(level, 'scheme')}/{cell(level, 'tier')}/{_start_of(level)}"}

    link("level_citations", levels, "level_id", "citations", citation)
    link("meeting_citations", meetings, "meeting_id", "citations", citation)
    link(
        "meeting_parties",
        meetings,
        "meeting_id",
        "parties",
        lambda row: {"party": cell(row, "party"), "role": cell(row, "role")},
    )
    link(
        "participants",
        meetings,
        "meeting_id",
        "participants",
        lambda row: {
            "person": cell(row, "person"),
            "party": cell(row, "party"),
            "office": cell(row, "office"),
        },
    )
    link("announcements", meetings, "meeting_id", "announced_levels", announced)
    return tables


class _Unknown(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def _start_of(level: dict) -> str:
    """The level row's start as a level reference writes it, read from ``start`` or ``start_edtf``."""
    try:
        start = partial_date_cell(level, "start")
    except ValueError:
        return cell(level, "start") or "?"  # the level's own row reports the date it cannot read
    return str(start) if start else "?"


def _by_id(rows: list[dict]) -> dict[str, dict]:
    return {cell(row, "id"): row for row in rows if cell(row, "id")}
