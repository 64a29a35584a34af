"""Level periods, set-based: COPY into a staging table, resolve by joins, check in SQL, write in bulk.

The cells are read by the row codecs' own functions once per distinct value (``staging.decode``): a
party's code, a scheme and tier, a partial date, a flag, a choice, a citations cell. Everything that
compares rows or records is SQL over the whole file: matching recorded levels by pair, scheme, tier and
start; repeats; the quote rule; overlaps of published levels (``Timeline``'s rule, the file's periods in
place of those they update); the change kind derived from the level before. Then pairs, levels and
citations are written by ``INSERT … SELECT`` / ``UPDATE … FROM`` / ``DELETE … USING``. Each row-level
history trigger fires within those statements, under the import's one pghistory context.
"""

from dataset.codecs.cells import approximate_cell, choice_cell, edtf_column, partial_date_cell
from dataset.codecs.levels import LevelPeriodRows
from dataset.codecs.reference import PartyIndex, TierIndex
from dataset.codecs.sources import parse_citations
from dataset.importing.bulk_level_checks import check_rows
from dataset.importing.bulk_level_rows import KEPT_UNLESS_GIVEN, SAME_START, TABLE
from dataset.importing.bulk_level_timelines import check_timelines
from dataset.importing.bulk_level_writes import changes_nothing, count_rows, mark_changes, write_rows
from dataset.importing.bulk_sources import recorded_by_key
from dataset.importing.report import ImportReport
from dataset.importing.staging import (
    add_problems,
    copy_in,
    create_table,
    create_table_as,
    decode_all,
    execute,
    fetch,
    quote,
)
from dataset.importing.streams import TableStream
from dataset.importing.writes import count_of
from partnerships.models import (
    ChangeKind,
    EndStatus,
)
from partnerships.status import Status

# The codec's columns and, for each date, its EDTF twin (start_edtf): the one list of what a row may give.
CELLS = (
    *LevelPeriodRows.columns,
    *(edtf_column(column) for column in ("start", "end")),
)
# Two rows naming the same source (by URL, or title and publisher).
_SAME_KEY = (
    "{a}.key_url = {b}.key_url AND {a}.key_title = {b}.key_title AND {a}.key_publisher = {b}.key_publisher"
)
# A citation as a citations cell reads (``dec_citations``) and as a row's citation holds it (``lv_cites``):
# its source's key, quote and locator, and the problem reading it.
_CITATION_COLUMNS = {
    "key_url": "text",
    "key_title": "text",
    "key_publisher": "text",
    "quote": "text",
    "locator": "text",
    "message": "text",
}
# A row of the package's level_citations table, as staged (``stage_level_links``) after its number.
_LINK_COLUMNS = ("level_id", "source_id", "quote", "locator")


class LevelImport:
    """One file of level periods, staged and checked; ``write`` applies it."""

    def __init__(self, report: ImportReport, parties: PartyIndex):
        self.report = report
        self.parties = parties
        self.tiers = TierIndex()
        self.given: set[str] = set()
        self.linked = False  # citations come from the package's level_citations table
        self.settled = False  # every row names a recorded level and changes nothing (``check``)

    # Staging --------------------------------------------------------------------------------------

    def stage(self, stream: TableStream, links: TableStream | None, progress) -> bool:
        codec = LevelPeriodRows
        present = stream.columns()
        if not present:
            return False  # an empty file: nothing to import, as on the per-row path
        # A date column may come as its EDTF twin alone (start_edtf for start): the codecs read either.
        missing = [c for c in codec.required if c not in present and edtf_column(c) not in present]
        if missing:
            self.report.reject(TABLE, None, "columns", f"The file lacks the column(s) {', '.join(missing)}.")
            return False
        extra = sorted(
            set(present) - {*codec.columns, *map(edtf_column, codec.columns)} - {"id", "updated_at"}
        )
        if extra:
            self.report.ignored_columns[TABLE] = extra
        self.given = {column for column in present if column in CELLS}
        # A date's EDTF twin gives the date and whether it is approximate (dataset.codecs.cells).
        for column in ("start", "end"):
            if edtf_column(column) in self.given:
                self.given |= {column, f"{column}_approximate"}
        self.linked = links is not None
        if self.linked:
            self.given.add("citations")
        columns = {"row": "integer", "pkg_id": "text", "given_updated_at": "text"}
        columns.update({column: "text" for column in CELLS})
        create_table("stage_levels", columns)
        wanted = ["id", "updated_at", *CELLS]
        copy_in(
            "stage_levels",
            list(columns),
            ((number, *values) for number, values in enumerate(stream.records(wanted), 1)),
            progress,
        )
        execute("ANALYZE stage_levels")
        create_table("stage_level_links", {"row": "integer", **dict.fromkeys(_LINK_COLUMNS, "text")})
        if links is not None:
            copy_in(
                "stage_level_links",
                ["row", *_LINK_COLUMNS],
                ((number, *values) for number, values in enumerate(links.records(list(_LINK_COLUMNS)), 1)),
            )
        self.decode_cells()
        self.resolve()
        return True

    def decode_cells(self) -> None:
        """``dec_*``: each distinct cell value the file gives, read by the codecs' own functions.

        All of them are found by one scan of the staged rows (``GROUPING SETS``: one hash table per kind
        of cell), not one scan per kind.
        """
        parties = self.parties

        def party(value):
            try:
                yield (value[0], parties.get(value[0]).pk, None)
            except ValueError as error:
                yield (value[0], None, str(error))

        tables = {"dec_party": {"text": "text", "party_id": "integer", "message": "text"}}

        def tier(value):
            scheme, name = value
            try:
                found = self.tiers.get(scheme, name)
                yield (scheme, name, found.pk, found.scheme_id, found.rank, None)
            except ValueError as error:
                yield (scheme, name, None, None, None, str(error))

        tables["dec_tier"] = {
            "scheme": "text",
            "tier": "text",
            "tier_id": "integer",
            "scheme_id": "integer",
            "rank": "integer",
            "message": "text",
        }

        # Each distinct (date, its EDTF twin) and (approximate flag, EDTF twin): read by the codecs' own
        # functions, so a disagreement between the two is refused in their words.
        def date(value):
            column, text, edtf = value
            try:
                parsed = partial_date_cell({column: text, edtf_column(column): edtf}, column)
                yield (
                    column,
                    text,
                    edtf,
                    parsed.date if parsed else None,
                    parsed.precision if parsed else "unknown",
                    None,
                )
            except ValueError as error:
                yield (column, text, edtf, None, None, str(error))

        tables["dec_date"] = {
            "col": "text",
            "text": "text",
            "edtf": "text",
            "date": "date",
            "precision": "text",
            "message": "text",
        }

        def flag(value):
            column, text, edtf = value
            flag_column = f"{column}_approximate"
            try:
                row = {flag_column: text, edtf_column(column): edtf}
                yield (column, text, edtf, approximate_cell(row, column, flag_column), None)
            except ValueError as error:
                yield (column, text, edtf, None, str(error))

        tables["dec_bool"] = {
            "col": "text",
            "text": "text",
            "edtf": "text",
            "value": "boolean",
            "message": "text",
        }
        choices = {
            "end_status": (EndStatus, EndStatus.ONGOING),
            "change_kind": (ChangeKind, ""),
            "status": (Status, Status.DRAFT),
        }

        def choice(value):
            kind, text = value
            choices_, default = choices[kind]
            if kind == "change_kind" and not text:
                yield (kind, text, None, None)  # left empty: derived from the level before
                return
            try:
                yield (kind, text, choice_cell({"c": text}, "c", choices_, default=default), None)
            except ValueError as error:
                yield (kind, text, None, str(error))

        tables["dec_choice"] = {"kind": "text", "text": "text", "value": "text", "message": "text"}

        def citations(value):
            text = value[0]
            if not text:
                return
            try:
                cells = parse_citations({"c": text}, "c")
            except ValueError as error:
                yield (text, 0, None, None, None, None, None, str(error))
                return
            for number, item in enumerate(cells, 1):
                url, title, publisher = item.source
                yield (text, number, url, title, publisher, item.quote, item.locator, None)

        tables["dec_citations"] = {"text": "text", "n": "integer", **_CITATION_COLUMNS}
        # Each kind of cell: its columns in the staged rows (the first names the kind: it is in no other
        # set), its table, and the reading of one distinct value (a, b: those columns' values).
        kinds = {
            "party_a": (("party_a",), "dec_party", lambda a, b: party((a,))),
            "party_b": (("party_b",), "dec_party", lambda a, b: party((a,))),
            "scheme": (("scheme", "tier"), "dec_tier", lambda a, b: tier((a, b))),
            "start": (("start", "start_edtf"), "dec_date", lambda a, b: date(("start", a, b))),
            "end": (("end", "end_edtf"), "dec_date", lambda a, b: date(("end", a, b))),
            "start_approximate": (
                ("start_approximate", "start_edtf"),
                "dec_bool",
                lambda a, b: flag(("start", a, b)),
            ),
            "end_approximate": (
                ("end_approximate", "end_edtf"),
                "dec_bool",
                lambda a, b: flag(("end", a, b)),
            ),
            **{kind: ((kind,), "dec_choice", lambda a, b, kind=kind: choice((kind, a))) for kind in choices},
            "citations": (("citations",), "dec_citations", lambda a, b: citations((a,))),
        }
        # A party named first or second is one value to read (DISTINCT below reads it once).
        labels = {kind: "party" if kind in ("party_a", "party_b") else kind for kind in kinds}
        readers = {labels[kind]: (table, reader) for kind, (_, table, reader) in kinds.items()}
        label = " ".join(f"WHEN GROUPING({quote(kind)}) = 0 THEN '{labels[kind]}'" for kind in kinds)
        first = ", ".join(quote(columns[0]) for columns, _, _ in kinds.values())
        second = " ".join(
            f"WHEN GROUPING({quote(kind)}) = 0 THEN {quote(columns[1])}"
            for kind, (columns, _, _) in kinds.items()
            if len(columns) > 1
        )
        sets = ", ".join(f"({', '.join(map(quote, columns))})" for columns, _, _ in kinds.values())
        decode_all(
            f"SELECT DISTINCT kind, a, b FROM (SELECT CASE {label} END AS kind, coalesce({first}) AS a, "
            f"CASE {second} END AS b FROM stage_levels GROUP BY GROUPING SETS ({sets})) AS found",
            tables,
            lambda value: (readers[value[0]][0], readers[value[0]][1](value[1], value[2])),
        )
        execute("CREATE INDEX ON dec_party (text)")

    def resolve(self) -> None:
        """``lv``: each row resolved by joins, its cells read, its recorded level (if any) found."""
        given = self.given

        def pick(column: str, value: str, recorded: str, default: str) -> str:
            if column in given:
                return value
            return f"coalesce({recorded}, {default})"

        resolved = (
            "SELECT s.row, s.pkg_id, s.given_updated_at, "
            "s.party_a, s.party_b, s.start AS start_text, s.end AS end_text, s.change_kind AS "
            "change_kind_text, "
            "s.wording AS wording_given, s.notes AS notes_given, s.retraction_reason AS reason_given, "
            "pa.party_id AS a_id, pa.message AS a_message, pb.party_id AS b_id, pb.message AS b_message, "
            "least(pa.party_id, pb.party_id) AS low, greatest(pa.party_id, pb.party_id) AS high, "
            "t.tier_id, t.scheme_id, t.rank, t.message AS tier_message, "
            "ds.date AS start_date, coalesce(ds.precision, 'unknown') AS start_precision, "
            "ds.message AS start_message, "
            "de.date AS end_given_date, de.precision AS end_given_precision, de.message AS end_message, "
            "sa.value AS start_approximate_given, sa.message AS start_approximate_message, "
            "ea.value AS end_approximate_given, ea.message AS end_approximate_message, "
            "ces.value AS end_status_given, ces.message AS end_status_message, "
            "cck.value AS change_kind_given, cck.message AS change_kind_message, "
            "cst.value AS status_given, cst.message AS status_message, "
            "s.citations AS citations_text "
            "FROM stage_levels s "
            "LEFT JOIN dec_party pa ON pa.text = s.party_a "
            "LEFT JOIN dec_party pb ON pb.text = s.party_b "
            "LEFT JOIN dec_tier t ON t.scheme = s.scheme AND t.tier = s.tier "
            "LEFT JOIN dec_date ds ON ds.col = 'start' AND ds.text = s.start AND ds.edtf = s.start_edtf "
            "LEFT JOIN dec_date de ON de.col = 'end' AND de.text = s.end AND de.edtf = s.end_edtf "
            "LEFT JOIN dec_bool sa ON sa.col = 'start' AND sa.text = s.start_approximate "
            "AND sa.edtf = s.start_edtf "
            "LEFT JOIN dec_bool ea ON ea.col = 'end' AND ea.text = s.end_approximate "
            "AND ea.edtf = s.end_edtf "
            "LEFT JOIN dec_choice ces ON ces.kind = 'end_status' AND ces.text = s.end_status "
            "LEFT JOIN dec_choice cck ON cck.kind = 'change_kind' AND cck.text = s.change_kind "
            "LEFT JOIN dec_choice cst ON cst.kind = 'status' AND cst.text = s.status"
        )
        keyed = "a_message IS NULL AND b_message IS NULL AND tier_message IS NULL AND start_message IS NULL"
        # The recorded level each row names (pair, scheme, tier, start), and the row it repeats: one pass.
        create_table_as(
            "lv",
            f"WITH lv0 AS MATERIALIZED ({resolved}) "
            "SELECT lv0.*, m.id AS match_id, CASE WHEN k.first < lv0.row THEN k.first END AS repeat_of "
            "FROM lv0 LEFT JOIN ("
            "  SELECT l.row, max(p.id) AS id FROM lv0 l"
            "  JOIN partnerships_relationship r ON r.party_a_id = l.low AND r.party_b_id = l.high"
            "  JOIN partnerships_levelperiod p ON p.relationship_id = r.id AND p.scheme_id = l.scheme_id"
            f"   AND p.tier_id = l.tier_id AND {SAME_START.format(a='p', b='l')}"
            "   AND p.start_date_precision = l.start_precision"
            "  GROUP BY l.row) m ON m.row = lv0.row LEFT JOIN ("
            "  SELECT row, min(row) OVER (PARTITION BY low, high, scheme_id, tier_id, start_date, "
            f"start_precision) AS first FROM lv0 WHERE {keyed}) k ON k.row = lv0.row",
        )
        execute("CREATE UNIQUE INDEX ON lv (row)")
        execute("ANALYZE lv")
        create_table("lv_failed", {"row": "integer"})
        create_table("lv_changed", {"row": "integer"})
        # Looked up by row where a check cannot be a join (inside CASE and OR).
        execute("CREATE UNIQUE INDEX ON lv_failed (row)")
        execute("CREATE UNIQUE INDEX ON lv_changed (row)")
        # The values each row leaves its level with: a column the file lacks keeps what is recorded.
        create_table_as(
            "lvv",
            "SELECT lv.row, "
            + ", ".join(
                f"{pick(column, value, recorded, default)} AS {name}"
                for name, column, value, recorded, default in KEPT_UNLESS_GIVEN
            )
            + ", "
            "CASE WHEN lv.change_kind_text <> '' THEN lv.change_kind_given "
            "ELSE nullif(p.change_kind, '') END AS change_kind "
            "FROM lv LEFT JOIN partnerships_levelperiod p ON p.id = lv.match_id",
        )
        execute("CREATE UNIQUE INDEX ON lvv (row)")
        self.stage_citations()

    def stage_citations(self) -> None:
        """``lv_cites``: each row's citations with their sources resolved (rows whose file gives them)."""
        create_table(
            "lv_cites",
            {"row": "integer", "n": "integer", "seq": "integer", **_CITATION_COLUMNS, "source_id": "integer"},
        )
        if self.linked:
            # Link rows naming no level are reported; the rest join their level's row by package id.
            add_problems(
                "level_citations",
                0,
                "level_id",
                "SELECT k.row, 'No row of its table has the id ' || k.level_id || '.' AS message "
                "FROM stage_level_links k WHERE NOT EXISTS (SELECT 1 FROM lv WHERE lv.pkg_id = k.level_id "
                "AND k.level_id <> '')",
            )
            add_problems(
                "level_citations",
                1,
                "source_id",
                "SELECT k.row, 'The sources table has no id ' || k.source_id || '.' AS message "
                "FROM stage_level_links k WHERE EXISTS (SELECT 1 FROM lv WHERE lv.pkg_id = k.level_id "
                "AND k.level_id <> '') AND NOT EXISTS (SELECT 1 FROM stage_sources ss WHERE "
                "ss.pkg_id = k.source_id AND k.source_id <> '')",
            )
            # Each source the links name resolved once (not once per link).
            create_table_as(
                "cite_source",
                recorded_by_key("SELECT key_url, key_title, key_publisher FROM stage_sources"),
            )
            execute(
                "INSERT INTO lv_cites (row, n, seq, key_url, key_title, key_publisher, quote, locator, "
                "source_id) "
                "SELECT lv.row, row_number() OVER (PARTITION BY lv.row ORDER BY k.row), k.row, "
                "ss.key_url, ss.key_title, ss.key_publisher, k.quote, k.locator, cs.id "
                "FROM stage_level_links k JOIN lv ON lv.pkg_id = k.level_id AND k.level_id <> '' "
                "JOIN stage_sources ss ON ss.pkg_id = k.source_id AND k.source_id <> '' "
                f"LEFT JOIN cite_source cs ON {_SAME_KEY.format(a='cs', b='ss')}"
            )
        elif "citations" in self.given:
            # Each distinct citations cell's sources resolved once (not once per row citing them).
            create_table_as(
                "cite_source",
                recorded_by_key(
                    "SELECT key_url, key_title, key_publisher FROM dec_citations WHERE message IS NULL"
                ),
            )
            execute(
                "INSERT INTO lv_cites (row, n, key_url, key_title, key_publisher, quote, locator, message, "
                "source_id) "
                "SELECT lv.row, d.n, d.key_url, d.key_title, d.key_publisher, d.quote, d.locator, d.message, "
                "cs.id FROM lv JOIN dec_citations d ON d.text = lv.citations_text "
                f"LEFT JOIN cite_source cs ON d.message IS NULL AND {_SAME_KEY.format(a='cs', b='d')}"
            )
        execute("CREATE INDEX ON lv_cites (row)")
        execute("ANALYZE lv_cites")

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
