"""Level periods, set-based: COPY into a staging table, resolve by joins, check in SQL, write in bulk.

The cells are read by the row codecs' own functions once per distinct value (``staging.decode``): a
party's code, a scheme and tier, a partial date, a flag, a choice, a citations cell. Everything that
compares rows or records is SQL over the whole file: matching recorded levels by pair, scheme, tier and
start; repeats; the quote rule; overlaps of published levels (``Timeline``'s rule, the file's periods in
place of those they update); the change kind derived from the level before. Then pairs, levels and
citations are written by ``INSERT … SELECT`` / ``UPDATE … FROM`` / ``DELETE … USING``. Each row-level
history trigger fires within those statements, under the import's one pghistory context.

``LevelImport`` runs the steps in order; each lives in a module of its own:

- ``bulk_level_staging``: the file and its citation links COPYed in, each distinct cell read (``dec_*``);
- ``bulk_level_resolve``: rows joined to their readings and recorded levels (``lv``, ``lvv``, ``lv_cites``);
- ``bulk_level_checks``: each row's own checks (cells, ``clean()``'s rules, citations, wording);
- ``bulk_level_timelines``: overlaps over each pair's timeline, and the change kinds to derive;
- ``bulk_level_writes``: what the file changes (``lv_changed``), the counts, and the writes;
- ``bulk_level_rows``: what they share (the table rows are reported under, ``lvv``'s values, which rows
  passed).
"""

from dataset.codecs.reference import PartyIndex, TierIndex
from dataset.importing.bulk_level_checks import check_rows, check_statuses
from dataset.importing.bulk_level_resolve import resolve, stage_citations
from dataset.importing.bulk_level_staging import columns_given, copy_rows, decode_cells
from dataset.importing.bulk_level_timelines import check_timelines
from dataset.importing.bulk_level_writes import changes_nothing, count_rows, mark_changes, write_rows
from dataset.importing.report import ImportReport
from dataset.importing.reviewed import Statuses
from dataset.importing.staging import fetch
from dataset.importing.streams import TableStream
from dataset.importing.writes import count_of


class LevelImport:
    """One file of level periods, staged and checked; ``write`` applies it."""

    def __init__(self, report: ImportReport, parties: PartyIndex, statuses: Statuses = None):
        self.report = report
        self.parties = parties
        self.statuses = statuses  # what the importer may write (``reviewed``); None: every status
        self.tiers = TierIndex()
        self.given: set[str] = set()
        self.linked = False  # citations come from the package's level_citations table
        self.settled = False  # every row names a recorded level and changes nothing (``check``)

    # Staging --------------------------------------------------------------------------------------

    def stage(self, stream: TableStream, links: TableStream | None, progress) -> bool:
        """Stage the file and its citation links, read its cells and resolve its rows; False: nothing to
        import (an empty file, or one lacking a column it needs: reported)."""
        given = columns_given(stream, self.report, linked=links is not None)
        if given is None:
            return False
        self.given, self.linked = given, links is not None
        copy_rows(stream, links, progress)
        decode_cells(self.parties, self.tiers)
        resolve(self.given)
        stage_citations(self.given, linked=self.linked)
        return True

    # Checking -------------------------------------------------------------------------------------

    def check(self) -> None:
        """Every row's problems, in the order the per-row path finds them."""
        check_rows(self.given)
        if changes_nothing(self.report, self.given):
            # The timelines are then the recorded ones, which the exclusion constraint keeps apart, and
            # every change kind is given: nothing to check or derive over them, nothing to write.
            self.settled = True
            return
        check_timelines(self.report)
        check_statuses(self.given, self.statuses)

    # Writing --------------------------------------------------------------------------------------

    def refused_any(self) -> bool:
        """Whether a row of the file (or of a table before it) was refused: the import writes nothing."""
        return not self.report.ok or fetch("SELECT EXISTS (SELECT 1 FROM import_problems)")[0][0]

    def write(self, now, *, count_only: bool = False) -> tuple[int, int, int]:
        """Write the rows that passed: (created, updated, unchanged). ``count_only``: count them, write
        nothing (the import is refused anyway and nothing after it reads what would be written)."""
        if self.settled:
            return (0, 0, count_of("lv"))
        mark_changes(self.given)
        counts = count_rows()
        if count_only:
            return counts
        write_rows(self.report, self.given, now)
        return counts

    def levels_by_package_id(self) -> dict[str, dict]:
        """The package's levels by their id in it (its announcements name them so)."""
        return {
            pkg_id: {"id": pkg_id, "party_a": a, "party_b": b, "scheme": scheme, "tier": tier, "start": start}
            for pkg_id, a, b, scheme, tier, start in fetch(
                # The start as the row gives it, plain or in EDTF (an announcement names the level by it).
                "SELECT pkg_id, party_a, party_b, scheme, tier,"
                " CASE WHEN start <> '' THEN start ELSE regexp_replace(start_edtf, '~$', '') END"
                " FROM stage_levels WHERE pkg_id <> ''"
            )
        }
