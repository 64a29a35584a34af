"""Importing a dataset: people, sources, level periods and meetings, all or nothing, in bulk.

The tables are those of the admin's import and export (the row codecs in ``*/resources.py``), read
from a data package (a folder or zip holding ``datapackage.json`` and CSV or JSON files) or from single
CSV or JSON files. Each row is checked by its model's own rules; the rules that compare records
(one level at a time per pair and scheme, the change kind derived from the previous level) are checked
for the whole file at once, so a 100,000-row file costs a few dozen queries, not several per row.

A row is matched to a recorded record by its natural key, never by database id, so importing the
same file twice changes nothing the second time. Any rejected row rolls the whole import back.
"""

import csv
import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from events.models import Meeting, Person
from events.resources import MeetingRows, PersonIndex, PersonRows
from partnerships.models import ChangeKind, EndStatus, LevelPeriod, LevelPeriodCitation, Relationship
from partnerships.resources import LevelPeriodRows, LevelRow, PartyIndex, key_of_period
from partnerships.status import Status
from sources.models import Source
from sources.resources import CITATION_FIELDS, SourceIndex, SourceRows, sync_related

# In the order they are imported: a table may refer to the ones before it.
TABLES = ("people", "sources", "level_periods", "meetings")
_TABLE_NAMES = {
    **{name: name for name in TABLES},
    "persons": "people",
    "levels": "level_periods",
    "level-periods": "level_periods",
    "levelperiods": "level_periods",
}
_BATCH = 2000


class DatasetError(Exception):
    """The files cannot be read as a dataset at all (no row got as far as being checked)."""


@dataclass(frozen=True)
class Problem:
    table: str
    row: int | None  # counted from the first data row, as the admin's import preview does
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.table} row {self.row}" if self.row else self.table
        return f"{where}, {self.column}: {self.message}"


@dataclass
class ImportReport:
    counts: dict[str, Counter] = field(default_factory=lambda: {table: Counter() for table in TABLES})
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({(problem.table, problem.row) for problem in self.problems})

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows(self) -> int:
        return sum(sum(counts.values()) for counts in self.counts.values())

    def reject(self, table: str, row: int | None, error: ValidationError | str, column: str = "row") -> None:
        if isinstance(error, str):
            self.problems.append(Problem(table, row, column, error))
            return
        for name, messages in error.message_dict.items():
            for message in messages:
                self.problems.append(Problem(table, row, "row" if name == "__all__" else name, message))


class _RolledBack(Exception):
    """Raised inside the transaction to undo it (a rejected row, or a dry run)."""


# Reading -----------------------------------------------------------------------------------------------


def _table_name(name: str) -> str | None:
    return _TABLE_NAMES.get(PurePosixPath(name).stem.lower().replace(" ", "_"))


def _read_csv(text: str) -> list[dict]:
    csv.field_size_limit(2**31 - 1)  # a source's text can be a long article
    return list(csv.DictReader(io.StringIO(text)))


def _read_json(text: str, name: str) -> dict[str, list[dict]]:
    data = json.loads(text)
    if isinstance(data, dict) and not isinstance(data.get("resources"), list):
        tables = {}
        for key, rows in data.items():
            table = _table_name(key)
            if table is None or not isinstance(rows, list):
                raise DatasetError(f"{name}: “{key}” is not a table ({', '.join(TABLES)}).")
            tables[table] = rows
        return tables
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise DatasetError(f"{name}: expected a list of rows (objects), or an object of tables.")
    table = _table_name(name) or _table_by_columns(data[0].keys() if data else (), name)
    return {table: data}


def _table_by_columns(columns: Iterable[str], name: str) -> str:
    columns = set(columns)
    for rows_class in (SourceRows, LevelPeriodRows, MeetingRows, PersonRows):
        if set(rows_class.columns) <= columns:
            return rows_class.table
    raise DatasetError(
        f"{name}: cannot tell which table this is; name the file after it ({', '.join(TABLES)}.csv)."
    )


def _read_file(name: str, text: str) -> dict[str, list[dict]]:
    if name.lower().endswith(".json"):
        return _read_json(text, name)
    if name.lower().endswith(".csv"):
        rows = _read_csv(text)
        table = _table_name(name) or _table_by_columns(rows[0].keys() if rows else (), name)
        return {table: rows}
    raise DatasetError(f"{name}: only .csv and .json files can be imported.")


def _read_package(names: list[str], read: Callable[[str], str], origin: str) -> dict[str, list[dict]]:
    """A data package (``datapackage.json`` naming its resources), or the CSV/JSON files named after tables."""
    package = next((name for name in names if PurePosixPath(name).name == "datapackage.json"), None)
    tables: dict[str, list[dict]] = {}
    if package is not None:
        base = PurePosixPath(package).parent
        descriptor = json.loads(read(package))
        for resource in descriptor.get("resources", []):
            table = _table_name(resource.get("name", "")) or _table_name(str(resource.get("path", "")))
            if table is None:
                continue  # other tables of the package (parties, tiers) are reference data, loaded elsewhere
            path = resource.get("path")
            if "data" in resource and not path:
                tables[table] = list(resource["data"])
                continue
            if not isinstance(path, str):
                raise DatasetError(f"{origin}: resource “{resource.get('name')}” has no single path.")
            found = _read_file(path, read(str(base / path) if str(base) != "." else path))
            tables[table] = next(iter(found.values()))
        return tables
    for name in sorted(names):
        table = _table_name(name)
        if table and name.lower().endswith((".csv", ".json")):
            tables.update(_read_file(name, read(name)))
    if not tables:
        raise DatasetError(
            f"{origin}: no datapackage.json and no file named after a table ({', '.join(TABLES)})."
        )
    return tables


def read_dataset(path: Path) -> dict[str, list[dict]]:
    """The tables in ``path``: a data package folder or zip, or one CSV or JSON file. Rows are dicts."""
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"{path}: no such file or folder.")
    try:
        if path.is_dir():
            names = [str(p.relative_to(path).as_posix()) for p in path.rglob("*") if p.is_file()]
            return _read_package(names, lambda name: (path / name).read_text(encoding="utf-8-sig"), str(path))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                return _read_package(
                    archive.namelist(), lambda name: archive.read(name).decode("utf-8-sig"), str(path)
                )
        return _read_file(path.name, path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError, csv.Error, KeyError, OSError) as error:
        raise DatasetError(f"{path}: {error}") from None


# Importing ---------------------------------------------------------------------------------------------


class _Importer:
    """One import: the codecs share their indexes, so a table finds what an earlier one created."""

    def __init__(self, report: ImportReport, progress):
        self.report = report
        self.progress = progress
        self.sources = SourceIndex()
        parties = PartyIndex()
        self.people = PersonIndex()
        self.source_rows = SourceRows()
        self.source_rows.index = self.sources
        self.person_rows = PersonRows(people=self.people)
        self.level_rows = LevelPeriodRows(sources=self.sources, parties=parties)
        self.meeting_rows = MeetingRows(
            sources=self.sources, parties=parties, people=self.people, levels=self.level_rows
        )

    def check_columns(self, table: str, rows: list[dict], columns: tuple[str, ...]) -> bool:
        present = set().union(*(row.keys() for row in rows[:1]))
        missing = [column for column in columns if column not in present]
        if missing:
            # A missing column would empty that field of every matched record: refuse rather than guess.
            self.report.reject(table, None, f"The file lacks the column(s) {', '.join(missing)}.", "columns")
            return False
        extra = sorted(present - set(columns))
        if extra:
            self.report.ignored_columns[table] = extra
        return True

    def apply_rows(self, table: str, rows: list[dict], codec, new: Callable):
        """Apply each row to its record (found or new): ``(number, record, before, extra)`` for valid rows."""
        applied, seen = [], {}
        for number, row in enumerate(rows, 1):
            self.progress(1)
            key = codec.key(row)
            if key is not None and key in seen:
                self.report.reject(table, number, f"Repeats row {seen[key]} (the same record).")
                continue
            if key is not None:
                seen[key] = number
            record = codec.find(row) or new()
            before = codec.snapshot(record) if record.pk else None
            try:
                extra = codec.apply(row, record)
            except ValidationError as error:
                self.report.reject(table, number, error)
                continue
            applied.append((number, record, before, extra))
        return applied

    def write(self, table: str, model, created: list, updated: list, fields: tuple[str, ...]) -> bool:
        """Create and update in bulk; a database refusal rejects the table (inside a savepoint)."""
        try:
            with transaction.atomic():
                model.objects.bulk_create(created, batch_size=_BATCH)
                if updated:
                    names = [name.removesuffix("_id") for name in fields]
                    if any(f.name == "updated_at" for f in model._meta.fields):
                        now = timezone.now()
                        for record in updated:
                            record.updated_at = now
                        names.append("updated_at")
                    model.objects.bulk_update(updated, names, batch_size=_BATCH)
        except DatabaseError as error:
            self.report.reject(table, None, f"The database refused the rows: {error}".strip(), "database")
            return False
        return True

    def count(self, table: str, created: int, updated: int, unchanged: int) -> None:
        counts = self.report.counts[table]
        counts.update(created=created, updated=updated, unchanged=unchanged)
        counts["rejected"] = len({p.row for p in self.report.problems if p.table == table and p.row})

    # Tables -------------------------------------------------------------------------------------------

    def people_table(self, rows: list[dict]) -> None:
        codec = self.person_rows
        if not self.check_columns("people", rows, codec.columns):
            return
        created, updated, unchanged = self._plain("people", rows, codec, Person)
        if self.write("people", Person, created, updated, codec.fields):
            for person in created + updated:
                self.people.add(person)
        self.count("people", len(created), len(updated), unchanged)

    def sources_table(self, rows: list[dict]) -> None:
        codec = self.source_rows
        if not self.check_columns("sources", rows, codec.columns):
            return
        codec.prepare(rows)
        created, updated, unchanged = self._plain("sources", rows, codec, Source)
        if self.write("sources", Source, created, updated, codec.fields):
            for source in created:
                self.sources.add(source)
        self.count("sources", len(created), len(updated), unchanged)

    def _plain(self, table, rows, codec, model):
        created, updated, unchanged = [], [], 0
        for _, record, before, _ in self.apply_rows(table, rows, codec, model):
            if record.pk is None:
                created.append(record)
            elif before != codec.snapshot(record):
                updated.append(record)
            else:
                unchanged += 1
        return created, updated, unchanged

    def level_periods_table(self, rows: list[dict]) -> None:
        codec = self.level_rows
        if not self.check_columns("level_periods", rows, codec.columns):
            return
        codec.prepare(rows)
        applied = self.apply_rows("level_periods", rows, codec, LevelPeriod)
        valid = []
        for number, period, before, extra in applied:
            try:
                _clean_alone(period, extra)
            except ValidationError as error:
                self.report.reject("level_periods", number, _by_column(error, codec.field_columns))
                continue
            if period.pk is None:
                period.relationship = codec.relationship_for(extra.first, extra.second)
            valid.append((number, period, before, extra))
        valid = self._check_timelines(valid)
        created, updated, wanted, unchanged = [], [], {}, 0
        for _, period, before, extra in valid:
            if period.pk is None:
                created.append(period)
            elif before != codec.snapshot(period) or set(extra.citations) != codec.citations.get(
                period.pk, set()
            ):
                updated.append(period)
            else:
                unchanged += 1
        new_pairs = [
            relationship
            for relationship in {id(p.relationship): p.relationship for p in created}.values()
            if relationship.pk is None
        ]
        # Saved first: bulk_create then takes each period's pair id from its (now saved) pair.
        Relationship.objects.bulk_create(new_pairs, batch_size=_BATCH)
        if self.write("level_periods", LevelPeriod, created, updated, codec.fields):
            for _, period, _, extra in valid:
                if period in created or period in updated:
                    wanted[period.pk] = set(extra.citations)
                    codec.periods[key_of_period(period)] = period
            sync_related(LevelPeriodCitation, "level_period", CITATION_FIELDS, wanted, codec.citations)
            for pk, citations in wanted.items():
                codec.citations[pk] = citations
        self.count("level_periods", len(created), len(updated), unchanged)

    def _check_timelines(self, valid: list) -> list:
        """One level at a time per pair and scheme, and each missing change kind derived, for the whole file.

        The same rules as ``LevelPeriod.clean()`` and the exclusion constraint, over the recorded periods
        of the pairs the file names with the file's periods in place of the ones they update.
        """
        codec = self.level_rows
        by_number = {id(period): number for number, period, _, _ in valid}
        timelines: dict[tuple, dict[int, LevelPeriod]] = {}
        for period in codec.periods.values():
            timelines.setdefault(_timeline(period), {})[id(period)] = period
        for _, period, _, _ in valid:
            timelines.setdefault(_timeline(period), {})[id(period)] = period
        refused = set()
        for periods in timelines.values():
            live = sorted(
                (p for p in periods.values() if p.status != Status.RETRACTED),
                key=lambda p: (p.start_date is not None, p.start_date or 0),
            )
            reach, holder = None, None  # the latest end seen so far (None: open-ended) and its period
            for period in live:
                if holder is not None and (
                    reach is None or period.start_date is None or period.start_date < reach
                ):
                    later = period if id(period) in by_number else holder
                    other = holder if later is period else period
                    if id(later) in by_number:
                        refused.add(id(later))
                        self.report.reject(
                            "level_periods",
                            by_number[id(later)],
                            "This pair already holds a level in this scheme at that time: "
                            f"{other}. End that period first, or correct these dates.",
                            "start",
                        )
                end = period.end_date if period.end_status == EndStatus.ENDED else None
                if holder is None or reach is not None and (end is None or end > reach):
                    reach, holder = end, period
            for period in live:
                if id(period) in by_number and not period.change_kind:
                    period.change_kind = _derived_change_kind(period, live)
        return [entry for entry in valid if id(entry[1]) not in refused]

    def meetings_table(self, rows: list[dict]) -> None:
        codec = self.meeting_rows
        if not self.check_columns("meetings", rows, codec.columns):
            return
        codec.prepare(rows)
        created, updated, parts, unchanged = [], [], {}, 0
        applied = self.apply_rows("meetings", rows, codec, Meeting)
        for _, meeting, before, extra in applied:
            if meeting.pk is None:
                created.append(meeting)
            elif before != codec.snapshot(meeting) or not codec.unchanged(meeting, extra):
                updated.append(meeting)
            else:
                unchanged += 1
        if self.write("meetings", Meeting, created, updated, codec.fields):
            for _, meeting, _, extra in applied:
                if meeting.pk is not None and (meeting in created or meeting in updated):
                    parts[meeting.pk] = extra
                    codec.meetings[codec.key_of(meeting)] = meeting
            codec.write_parts(parts)
        self.count("meetings", len(created), len(updated), unchanged)


def _by_column(error: ValidationError, field_columns: dict[str, str]) -> ValidationError:
    renamed: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        renamed.setdefault(field_columns.get(name, name), []).extend(messages)
    return ValidationError(renamed)


def _clean_alone(period: LevelPeriod, row: LevelRow) -> None:
    """``LevelPeriod.clean()``'s rules that need no other record.

    ``clean()`` reads other periods (overlaps, the previous level for a change kind) only for a
    period attached to a pair, so it runs detached here; ``_check_timelines`` checks those rules for
    the whole file at once instead of once per row.
    """
    relationship = period.relationship if period.relationship_id else None
    period.relationship = None
    try:
        period.clean()
    finally:
        period.relationship = relationship
    if not row.change_kind_given and period.pk is None:
        period.change_kind = ""  # clean() could not see the previous level; _check_timelines derives it


def _timeline(period: LevelPeriod) -> tuple:
    return (period.relationship.party_a_id, period.relationship.party_b_id, period.scheme_id)


def _derived_change_kind(period: LevelPeriod, timeline: list[LevelPeriod]) -> str:
    """As ``LevelPeriod.derived_change_kind``: against the level that ended last on or before this start."""
    if period.start_date is None:
        return ChangeKind.ESTABLISHED
    earlier = [
        other
        for other in timeline
        if other is not period and other.end_date is not None and other.end_date <= period.start_date
    ]
    if not earlier:
        return ChangeKind.ESTABLISHED
    previous = max(earlier, key=lambda other: other.end_date)
    if period.tier.rank > previous.tier.rank:
        return ChangeKind.UPGRADED
    if period.tier.rank < previous.tier.rank:
        return ChangeKind.DOWNGRADED
    return ChangeKind.REAFFIRMED if period.tier_id == previous.tier_id else ChangeKind.RENAMED


def import_tables(
    tables: dict[str, list[dict]], *, dry_run: bool = False, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Import ``tables`` (table name → rows) in one transaction; nothing is written if any row is rejected.

    Returns the report either way: counts per table (created, updated, unchanged, rejected) and the
    problems, each with its table, row number, column and message. ``dry_run`` checks and counts only.
    """
    report = ImportReport(dry_run=dry_run)
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise DatasetError(
            f"Unknown table(s): {', '.join(sorted(unknown))}; the tables are {', '.join(TABLES)}."
        )
    try:
        with transaction.atomic():
            importer = _Importer(report, progress or (lambda n: None))
            for table in TABLES:
                if table in tables:
                    getattr(importer, f"{table}_table")(tables[table])
            if dry_run or not report.ok:
                raise _RolledBack
    except _RolledBack:
        pass
    return report
