"""Tables read as streams: a CSV file is read row by row, never whole, so memory stays flat in its size.

The same shapes as ``files.read_dataset`` (a data package folder or zip with ``datapackage.json``, or
CSV/JSON files named after their table); JSON files are small by nature (the admin's) and are read whole.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from dataset.codecs.cells import cell
from dataset.importing.files import UNREADABLE, DatasetError, table_name

Opener = Callable[[str], IO[str]]

csv.field_size_limit(2**31 - 1)  # a source's text can be a long article


@dataclass
class TableStream:
    """One table of the dataset: its name, its file, and its rows read on demand."""

    table: str
    name: str  # the file it comes from, as the dataset names it
    opener: Opener | None = None
    given: list[dict] | None = None  # rows already in memory (a JSON file, a descriptor's inline data)

    def columns(self) -> list[str]:
        if self.given is not None:
            return list(dict.fromkeys(key for row in self.given for key in row))
        with self.opener(self.name) as handle:
            return next(csv.reader(handle), [])

    def records(self, columns: list[str]) -> Iterator[list[str]]:
        """Each row's cells of ``columns`` as text (``cell``'s reading: stripped, "" if missing)."""
        if self.given is not None:
            for row in self.given:
                yield [cell(row, column) for column in columns]
            return
        with self.opener(self.name) as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            where = {name: index for index, name in enumerate(header)}
            positions = [where.get(column) for column in columns]
            for values in reader:
                width = len(values)
                yield [
                    values[index].strip() if index is not None and index < width else ""
                    for index in positions
                ]

    def dicts(self) -> list[dict]:
        """The whole table as dicts (the tables the per-row path imports)."""
        if self.given is not None:
            return self.given
        with self.opener(self.name) as handle:
            return list(csv.DictReader(handle))


def _resource_streams(descriptor: dict, base: PurePosixPath, opener: Opener, origin: str) -> dict:
    streams = {}
    for resource in descriptor.get("resources", []):
        table = table_name(str(resource.get("name", "")))
        if table is None:
            raise DatasetError(
                f"{origin}: the package's table “{resource.get('name')}” is not one this reads."
            )
        if "data" in resource:
            streams[table] = TableStream(table, str(resource.get("name")), given=list(resource["data"]))
            continue
        path = resource.get("path")
        if not isinstance(path, str):
            raise DatasetError(f"{origin}: table “{resource.get('name')}” has no single path.")
        streams[table] = _file_stream(table, str(base / path), opener)
    return streams


def _file_stream(table: str, name: str, opener: Opener) -> TableStream:
    if name.lower().endswith(".csv"):
        return TableStream(table, name, opener)
    if name.lower().endswith(".json"):
        with opener(name) as handle:
            rows = json.load(handle)
        if isinstance(rows, list) and all(isinstance(row, dict) for row in rows):
            return TableStream(table, name, given=rows)
        raise DatasetError(f"{name}: expected a list of rows (objects).")
    raise DatasetError(f"{name}: only .csv and .json files can be imported.")


def _package_streams(names: list[str], opener: Opener, origin: str) -> dict[str, TableStream]:
    descriptor_name = min(
        (name for name in names if PurePosixPath(name).name == "datapackage.json"), key=len, default=None
    )
    if descriptor_name is not None:
        with opener(descriptor_name) as handle:
            descriptor = json.load(handle)
        return _resource_streams(descriptor, PurePosixPath(descriptor_name).parent, opener, origin)
    streams = {}
    for name in sorted(names):
        table = table_name(name)
        if table and name.lower().endswith((".csv", ".json")):
            streams[table] = _file_stream(table, name, opener)
    if not streams:
        raise DatasetError(f"{origin}: no datapackage.json and no file named after a table.")
    return streams


def row_count(path: Path) -> int:
    """About how many rows the imported tables hold (their lines): the progress bar's total."""
    from dataset.importing.files import TABLES

    total = 0
    with open_streams(path) as streams:
        for table, stream in streams.items():
            if table not in TABLES:
                continue
            if stream.given is not None:
                total += len(stream.given)
                continue
            with stream.opener(stream.name) as handle:
                total += max(
                    sum(chunk.count("\n") for chunk in iter(lambda: handle.read(1 << 20), "")) - 1, 0
                )
    return total


def streamable(path: Path) -> bool:
    """Whether the set-based import reads ``path``: a folder, a zip, or a CSV file named after its table.

    The per-row path reads the rest: a CSV file not named after its table, and a JSON file (the admin's,
    small by nature), whose rows may each give different columns: a column a row lacks keeps what is
    recorded for that row only, which the per-row path does row by row.
    """
    path = Path(path)
    if path.is_dir() or zipfile.is_zipfile(path):
        return True
    return path.suffix.lower() == ".csv" and table_name(path.name) is not None


@contextmanager
def open_streams(path: Path) -> Iterator[dict[str, TableStream]]:
    """The tables of ``path`` as streams, open while the block runs."""
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"{path}: no such file or folder.")
    try:
        if path.is_dir():
            names = [p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()]

            def open_in_folder(name: str) -> IO[str]:
                return (path / name).open(encoding="utf-8-sig", newline="")

            yield _package_streams(names, open_in_folder, str(path))
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:

                def open_in_zip(name: str) -> IO[str]:
                    return io.TextIOWrapper(archive.open(name), encoding="utf-8-sig", newline="")

                yield _package_streams(archive.namelist(), open_in_zip, str(path))
        else:
            table = table_name(path.name)
            yield {
                table: _file_stream(table, path.name, lambda _: path.open(encoding="utf-8-sig", newline=""))
            }
    # A zip whose directory reads but whose files do not (cut short, damaged) fails as it is read.
    except UNREADABLE as error:
        raise DatasetError(f"{path}: {error}") from None
