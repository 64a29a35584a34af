"""The set-based import: sources and level periods COPYed into staging tables, checked and written in SQL.

The same rules, messages and counts as the per-row path (``tables.import_tables``), in one transaction:
one rejected row anywhere and nothing is written. Sources and level periods (the tables that grow to
hundreds of thousands of rows) are streamed from their files, never read whole. People, positions and
meetings go through the per-row path's importer inside the same transaction, reading what the set-based
tables wrote.
"""

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone

from dataset.importing import bulk_sources, history
from dataset.importing.bulk_levels import LevelImport
from dataset.importing.files import LINK_TABLES, REFERENCE_TABLES, TABLES, DatasetError, fold_package
from dataset.importing.report import ImportReport, Problem
from dataset.importing.reviewed import Statuses
from dataset.importing.staging import create_problems, create_table, problems, tune
from dataset.importing.streams import open_streams
from dataset.importing.tables import (
    _check_deferred_rules,
    _check_references_row_by_row,
    _Importer,
    _RolledBack,
)

# The order problems are listed in: the order the tables are read.
_ORDER = ("people", "positions", "sources", "level_citations", "level_periods", *LINK_TABLES, "meetings")
_MEETING_LINKS = ("meeting_parties", "participants", "meeting_citations", "announcements")


def import_path(
    path: Path,
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    statuses: Statuses = None,
) -> ImportReport:
    """Import the dataset at ``path`` set-based; nothing is written if any row is rejected.

    The report is the per-row path's: counts of created, updated, unchanged and rejected rows per table,
    and every problem with its table, row (counted from the first data row), column and message.
    ``statuses``: the statuses the importer may write per claim table (``reviewed.statuses_for(user)``);
    a row creating or changing a level or a meeting in another is refused. None, the default: every
    status.
    """
    report = ImportReport(dry_run=dry_run)
    progress = progress or (lambda n: None)
    with open_streams(path) as streams:
        unknown = set(streams) - set(TABLES) - set(LINK_TABLES) - set(REFERENCE_TABLES)
        if unknown:
            raise DatasetError(
                f"Unknown table(s): {', '.join(sorted(unknown))}; the tables are {', '.join(TABLES)}."
            )
        try:
            with transaction.atomic():
                _check_references_row_by_row()
                _Run(report, streams, progress, statuses).run()
                if report.ok:
                    _check_deferred_rules(report)
                history.stand_down()
                if dry_run or not report.ok:
                    raise _RolledBack
        except _RolledBack:
            pass
    return report


class _Run:
    def __init__(self, report: ImportReport, streams: dict, progress, statuses: Statuses):
        self.report, self.streams, self.progress = report, streams, progress
        self.statuses = statuses
        self.now = timezone.now()
        self.per_row = _Importer(report, progress, statuses)

    def run(self) -> None:
        tune()
        create_problems()
        for table in ("people", "positions", "events"):
            if table in self.streams:
                getattr(self.per_row, f"{table}_table")(self.streams[table].dicts())
        # The set-based writes keep their own history, and check the publication rule for their batch.
        history.stand_in(history=True)
        self.sources()
        levels = self.levels()
        history.stand_in(history=False)
        self.meetings(levels)
        self.gather_problems()

    def sources(self) -> None:
        stream = self.streams.get("sources")
        if stream is None:
            create_table(
                "stage_sources",
                {
                    "pkg_id": "text",
                    "key_url": "text",
                    "key_title": "text",
                    "key_publisher": "text",
                    "url": "text",
                    "title": "text",
                    "publisher": "text",
                },
            )
            return
        fields = bulk_sources.stage(stream, self.report, self.progress)
        if fields is None:
            return
        bulk_sources.check()
        counts = self.written("sources", lambda: bulk_sources.write(fields, self.now))
        self.count("sources", counts)

    def levels(self) -> LevelImport | None:
        stream = self.streams.get("level_periods")
        if stream is None:
            return None
        levels = LevelImport(self.report, self.per_row.parties, self.statuses)
        if not levels.stage(stream, self.streams.get("level_citations"), self.progress):
            return None
        levels.check()
        # A refused file writes nothing: its levels are counted, not written and rolled back (a million
        # rows with one bad one would spend a minute and a half writing them), unless the meetings
        # after them are to be checked against them.
        count_only = "meetings" not in self.streams and levels.refused_any()
        counts = self.written("level_periods", lambda: levels.write(self.now, count_only=count_only))
        self.count("level_periods", counts)
        return levels

    def meetings(self, levels: LevelImport | None) -> None:
        stream = self.streams.get("meetings")
        if stream is None:
            return
        tables = {"meetings": stream.dicts()}
        for link in _MEETING_LINKS:
            if link in self.streams:
                tables[link] = self.streams[link].dicts()
        # Link rows name sources and levels by the package's ids: fold them in by those ids.
        tables["sources"] = list(bulk_sources.sources_by_package_id().values())
        tables["level_periods"] = list(levels.levels_by_package_id().values()) if levels else []
        folded = fold_package(tables, self.report.reject)
        self.per_row.meetings_table(folded["meetings"])

    def written(self, table: str, write) -> tuple[int, int, int]:
        """Write a table inside a savepoint; a refusal by the database rejects the table."""
        try:
            with transaction.atomic():
                return write()
        except DatabaseError as error:
            self.report.reject(table, None, "database", f"The database refused the rows: {error}".strip())
            return (0, 0, 0)

    def count(self, table: str, counts: tuple[int, int, int]) -> None:
        created, updated, unchanged = counts
        self.report.counts[table] = Counter(created=created, updated=updated, unchanged=unchanged)

    def gather_problems(self) -> None:
        """The SQL checks' problems beside those found in Python, all in file order; rejected rows counted."""
        found = [
            Problem(table, row, column, message)
            for table, row, column, message in problems()
            if not (column == "start" and message == "overlap")  # named in Python, with the periods
        ]
        ordered = sorted(
            [*self.report.problems, *found],
            key=lambda problem: (
                _ORDER.index(problem.table) if problem.table in _ORDER else len(_ORDER),
                problem.row or 0,
            ),
        )
        self.report.problems[:] = ordered
        for table, counts in self.report.counts.items():
            counts["rejected"] = len({p.row for p in ordered if p.table == table and p.row})
