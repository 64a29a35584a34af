"""Importing people, positions, multilateral events, sources, level periods and meetings: all or nothing.

Each row is checked by its model's own rules (through the row codecs of ``*/resources.py``); the
rules that compare records (one level at a time per pair and scheme, the change kind derived from the
previous level) are checked for the whole file at once, so a 100,000-row file costs a few dozen
queries, not several per row. Rows are matched to recorded records by natural key, never by database
id, so importing the same file twice changes nothing the second time. Any rejected row rolls the whole
import back.

A data package's own ids and ``updated_at`` are kept for the records it creates when the ids are
free, so that exporting what was imported into an empty database gives the same files.
"""

from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dataset.codecs.cells import cell, edtf_column
from dataset.codecs.events import EventRows
from dataset.codecs.levels import LevelPeriodRows, LevelRow, key_of_period
from dataset.codecs.meetings import MeetingRows
from dataset.codecs.people import PersonIndex, PersonRows, PositionRows
from dataset.codecs.reference import EventIndex, PartyIndex
from dataset.codecs.sources import SourceIndex, SourceRows
from dataset.importing.files import TABLES, DatasetError, fold_package
from dataset.importing.report import ImportReport
from dataset.importing.reviewed import Statuses, refusal
from events.models import Meeting, MultilateralEvent, Person, Position
from partnerships.models import LevelPeriod, Relationship
from partnerships.models.levels import overlap_message
from partnerships.models.timeline import Timeline
from sources.models import Source

_BATCH = 2000


class _RolledBack(Exception):
    """Raised inside the transaction to undo it (a rejected row, or a dry run)."""


@contextmanager
def _given_update_times(model):
    """Let ``bulk_create`` write the ``updated_at`` a record is given rather than the time now."""
    updated_at = model._meta.get_field("updated_at")
    updated_at.auto_now = False
    try:
        yield
    finally:
        updated_at.auto_now = True


class _Importer:
    """One import. The codecs share their indexes, so a table finds what an earlier one created."""

    def __init__(self, report: ImportReport, progress: Callable[[int], None], statuses: Statuses = None):
        self.report = report
        self.progress = progress
        self.statuses = statuses
        self.now = timezone.now()
        self.sources = SourceIndex()
        self.parties = PartyIndex()
        self.people = PersonIndex()
        self.events = EventIndex()
        self.level_rows = LevelPeriodRows(sources=self.sources, parties=self.parties)

    # Steps every table shares -------------------------------------------------------------------------

    def has_columns(self, table: str, rows: list[dict], codec) -> bool:
        present = set(rows[0]) if rows else set(codec.required)
        # A date column may come as its EDTF twin alone (start_edtf for start): the codecs read either.
        missing = [c for c in codec.required if c not in present and edtf_column(c) not in present]
        if missing:
            self.report.reject(table, None, "columns", f"The file lacks the column(s) {', '.join(missing)}.")
            return False
        read = {*codec.columns, *map(edtf_column, codec.columns), "id", "updated_at"}
        extra = sorted(present - read)
        if extra:
            self.report.ignored_columns[table] = extra
        return True

    def apply_rows(self, table: str, rows: list[dict], codec, model) -> list[tuple]:
        """Rows applied to their records (found or new): ``(number, record, before, parts)``."""
        applied, seen = [], {}
        for number, row in enumerate(rows, 1):
            self.progress(1)
            key = codec.key(row)
            if key is not None and key in seen:
                self.report.reject(table, number, "row", f"Repeats row {seen[key]}: the same record twice.")
                continue
            if key is not None:
                seen[key] = number
            record = codec.find(row) or model()
            before = codec.snapshot(record) if record.pk else None
            try:
                parts = codec.apply(row, record)
            except ValidationError as error:
                self.report.reject_error(table, number, error)
                continue
            record._import_row = row
            applied.append((number, record, before, parts))
        return applied

    def write(self, table: str, model, created: list, updated: list, fields: tuple[str, ...]) -> bool:
        """Create and update in bulk; a refusal by the database rejects the table (inside a savepoint)."""
        has_times = any(f.name == "updated_at" for f in model._meta.fields)
        names = [name.removesuffix("_id") for name in fields]
        try:
            with transaction.atomic():
                explicit_ids = self.keep_ids(model, created)
                if has_times:
                    for record in created:
                        record.updated_at = _given_time(record._import_row) or self.now
                    for record in updated:
                        record.updated_at = self.now
                    names.append("updated_at")
                    with _given_update_times(model):
                        model.objects.bulk_create(created, batch_size=_BATCH)
                else:
                    model.objects.bulk_create(created, batch_size=_BATCH)
                if explicit_ids:
                    with connection.cursor() as cursor:
                        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                            cursor.execute(sql)
                if updated:
                    model.objects.bulk_update(updated, names, batch_size=_BATCH)
        except DatabaseError as error:
            self.report.reject(table, None, "database", f"The database refused the rows: {error}".strip())
            return False
        return True

    @staticmethod
    def keep_ids(model, created: list) -> bool:
        """Give new records the ids their rows carry (a data package's), where no record has them yet."""
        wanted = {}
        for record in created:
            given = cell(record._import_row, "id")
            if given.isdigit():
                wanted.setdefault(int(given), record)
        taken = set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        for pk, record in wanted.items():
            if pk not in taken:
                record.pk = pk
        return len(wanted) > len(taken)

    def refused(self, table: str, number: int, codec, before: tuple | None, record) -> bool:
        """Whether the row writing ``record`` (created, or changed from ``before``) writes a status its
        importer may not write (``reviewed.refusal``): then it is reported."""
        recorded = before[codec.fields.index("status")] if before is not None else None
        message = refusal(table, recorded, record.status, self.statuses)
        if message is not None:
            self.report.reject(table, number, "status", message)
        return message is not None

    def count(self, table: str, created: int, updated: int, unchanged: int) -> None:
        rejected = len({p.row for p in self.report.problems if p.table == table and p.row})
        self.report.counts[table] = Counter(
            created=created, updated=updated, unchanged=unchanged, rejected=rejected
        )

    def plain_table(self, table: str, rows: list[dict], codec, model) -> list:
        """A table without parts (people, positions, events, sources): apply, compare, write."""
        codec.prepare(rows)
        created, updated, unchanged = [], [], 0
        for _, record, before, _ in self.apply_rows(table, rows, codec, model):
            if record.pk is None:
                created.append(record)
            elif before != codec.snapshot(record):
                updated.append(record)
            else:
                unchanged += 1
        written = self.write(table, model, created, updated, codec.fields)
        self.count(table, len(created), len(updated), unchanged)
        return created + updated if written else []

    # Tables -------------------------------------------------------------------------------------------

    def people_table(self, rows: list[dict]) -> None:
        codec = PersonRows(people=self.people)
        if self.has_columns("people", rows, codec):
            for person in self.plain_table("people", rows, codec, Person):
                self.people.add(person)

    def positions_table(self, rows: list[dict]) -> None:
        codec = PositionRows(people=self.people, parties=self.parties)
        if self.has_columns("positions", rows, codec) and self.plain_table(
            "positions", rows, codec, Position
        ):
            self.people = PersonIndex()  # offices changed: participants' offices are read from positions

    def events_table(self, rows: list[dict]) -> None:
        codec = EventRows(events=self.events, parties=self.parties)
        if self.has_columns("events", rows, codec):
            for event in self.plain_table("events", rows, codec, MultilateralEvent):
                self.events.add(event)

    def sources_table(self, rows: list[dict]) -> None:
        codec = SourceRows()
        codec.index = self.sources
        if self.has_columns("sources", rows, codec):
            for source in self.plain_table("sources", rows, codec, Source):
                self.sources.add(source)

    def level_periods_table(self, rows: list[dict]) -> None:
        codec = self.level_rows
        if not self.has_columns("level_periods", rows, codec):
            return
        codec.prepare(rows)
        valid = []
        for number, period, before, parts in self.apply_rows("level_periods", rows, codec, LevelPeriod):
            try:
                _clean_alone(period, parts)
            except ValidationError as error:
                self.report.reject_error("level_periods", number, _by_column(error, codec.field_columns))
                continue
            if period.pk is None:
                period.relationship = codec.relationship_for(parts.first, parts.second)
            valid.append((number, period, before, parts))
        valid = self.check_timelines(valid)
        created, updated, unchanged = [], [], 0
        for number, period, before, parts in valid:
            if period.pk is None:
                into = created
            elif before != codec.snapshot(period) or not parts.citations_unchanged(
                codec.citations.get(period.pk, set())
            ):
                into = updated
            else:
                unchanged += 1
                continue
            if not self.refused("level_periods", number, codec, before, period):
                into.append(period)
        new_pairs = {id(p.relationship): p.relationship for p in created if p.relationship.pk is None}
        # Saved first: bulk_create takes each period's pair id from its (now saved) pair.
        Relationship.objects.bulk_create(list(new_pairs.values()), batch_size=_BATCH)
        if self.write("level_periods", LevelPeriod, created, updated, codec.fields):
            written = {id(period) for period in created + updated}
            codec.write_citations(
                {period.pk: parts for _, period, _, parts in valid if id(period) in written}
            )
            for period in created:
                codec.periods[key_of_period(period)] = period
        self.count("level_periods", len(created), len(updated), unchanged)

    def check_timelines(self, valid: list) -> list:
        """The rules of a pair's timeline (``partnerships.models.timeline``) for the whole file at once.

        Each pair and scheme the file names is checked with its recorded periods, the file's periods in
        place of those they update: a published period overlapping one recorded, or one earlier in the
        file, is rejected; each missing change kind is derived.
        """
        by_number = {id(period): number for number, period, _, _ in valid}
        timelines: dict[tuple, dict[int, LevelPeriod]] = {}
        for period in [*self.level_rows.periods.values(), *(entry[1] for entry in valid)]:
            timeline = (period.relationship.party_a_id, period.relationship.party_b_id, period.scheme_id)
            timelines.setdefault(timeline, {})[id(period)] = period
        refused = set()
        for periods in timelines.values():
            in_order = sorted(periods.values(), key=lambda p: (p.start_date is not None, p.start_date or 0))
            for position, period in enumerate(in_order):
                if id(period) not in by_number:
                    continue
                # What the file's period meets: every recorded period, and the file's earlier ones.
                others = [p for p in in_order if id(p) not in by_number or in_order.index(p) < position]
                overlapping = [
                    p for p in Timeline(others + [period]).overlapping(period) if id(p) not in refused
                ]
                if overlapping:
                    refused.add(id(period))
                    self.report.reject(
                        "level_periods", by_number[id(period)], "start", overlap_message(overlapping)
                    )
            timeline = Timeline(p for p in periods.values() if id(p) not in refused)
            for period in periods.values():
                if id(period) in by_number and not period.change_kind:
                    period.change_kind = timeline.change_kind(period)
        return [entry for entry in valid if id(entry[1]) not in refused]

    def meetings_table(self, rows: list[dict]) -> None:
        codec = MeetingRows(
            sources=self.sources,
            parties=self.parties,
            people=self.people,
            levels=self.level_rows,
            events=self.events,
        )
        if not self.has_columns("meetings", rows, codec):
            return
        codec.prepare(rows)
        applied = self.apply_rows("meetings", rows, codec, Meeting)
        created, updated, unchanged = [], [], 0
        for number, meeting, before, parts in applied:
            if meeting.pk is None:
                into = created
            elif before != codec.snapshot(meeting) or not codec.unchanged(meeting, parts):
                into = updated
            else:
                unchanged += 1
                continue
            if not self.refused("meetings", number, codec, before, meeting):
                into.append(meeting)
        if self.write("meetings", Meeting, created, updated, codec.fields):
            written = {id(meeting) for meeting in created + updated}
            codec.write_parts(
                {meeting.pk: parts for _, meeting, _, parts in applied if id(meeting) in written}
            )
        self.count("meetings", len(created), len(updated), unchanged)


def _given_time(row: dict):
    text = cell(row, "updated_at")
    return parse_datetime(text) if text else None


def _by_column(error: ValidationError, field_columns: dict[str, str]) -> ValidationError:
    renamed: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        renamed.setdefault(field_columns.get(name, name), []).extend(messages)
    return ValidationError(renamed)


def _clean_alone(period: LevelPeriod, row: LevelRow) -> None:
    """``LevelPeriod.clean()``'s rules that need no other record.

    ``clean()`` reads other periods (overlaps, the previous level for a change kind) only for a
    period attached to a pair, so it runs detached here; ``check_timelines`` checks those rules for
    the whole file at once instead of once per row.
    """
    relationship = period.relationship if period.relationship_id else None
    period.relationship = None
    try:
        period.clean()
    finally:
        period.relationship = relationship
    if not row.change_kind_given:
        period.change_kind = ""  # clean() could not see the previous level; check_timelines derives it


def _check_references_row_by_row() -> None:
    """Check foreign keys as each row is written, keeping the model's own deferred rules for the end.

    PostgreSQL slows down more than linearly as deferred foreign-key checks queue up (a 100,000-row
    import spent most of its time on them); the rows are written in reference order anyway. The
    rules triggers defer on purpose (a published claim needs a quoted citation, written after it)
    stay deferred.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgdeferrable")
        deferred = [connection.ops.quote_name(name) for (name,) in cursor.fetchall()]
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if deferred:
            cursor.execute(f"SET CONSTRAINTS {', '.join(deferred)} DEFERRED")


def _check_deferred_rules(report: ImportReport) -> None:
    """Run the database's deferred checks now (a published claim needs a quoted citation), not at commit."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    except DatabaseError as error:
        report.reject("import", None, "database", f"The database refused the import: {error}".strip())


def import_tables(
    tables: dict[str, list[dict]],
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    statuses: Statuses = None,
) -> ImportReport:
    """Import ``tables`` (table name → rows) in one transaction; nothing is written if any row is rejected.

    ``tables`` are those of ``read_dataset``: the admin's tables, or a data package's (its link tables
    are folded into their records' rows). The report counts each table's created, updated, unchanged
    and rejected rows and lists every problem with its table, row number, column and message.
    ``dry_run`` checks and counts, then undoes everything. ``statuses``: the statuses the importer may
    write per claim table (``reviewed.statuses_for(user)``); a row creating or changing a level or a
    meeting in another is refused. None, the default: every status.
    """
    report = ImportReport(dry_run=dry_run)
    tables = fold_package(tables, report.reject)
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise DatasetError(
            f"Unknown table(s): {', '.join(sorted(unknown))}; the tables are {', '.join(TABLES)}."
        )
    try:
        with transaction.atomic():
            _check_references_row_by_row()
            importer = _Importer(report, progress or (lambda n: None), statuses)
            for table in TABLES:
                if table in tables:
                    getattr(importer, f"{table}_table")(tables[table])
            if report.ok:
                _check_deferred_rules(report)
            if dry_run or not report.ok:
                raise _RolledBack
    except _RolledBack:
        pass
    return report
