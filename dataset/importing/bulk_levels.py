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
from dataset.importing import history
from dataset.importing.bulk_level_checks import check_rows
from dataset.importing.bulk_level_rows import PASSED, PASSED_LV, SAME_START, TABLE
from dataset.importing.bulk_level_timelines import check_timelines
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
from dataset.importing.writes import count_of, write_new
from partnerships.models import (
    ChangeKind,
    EndStatus,
    LevelPeriod,
    LevelPeriodCitation,
    Relationship,
)
from partnerships.status import Status

# The codec's columns and, for each date, its EDTF twin (start_edtf): the one list of what a row may give.
CELLS = (
    *LevelPeriodRows.columns,
    *(edtf_column(column) for column in ("start", "end")),
)
_LOCATOR = LevelPeriodCitation._meta.get_field("locator")
_WORDING_MAX = LevelPeriod._meta.get_field("wording").max_length
# The values a row leaves its level with: (value, the column that gives it, its reading, the recorded
# value kept when the file lacks the column, a new level's default).
_KEPT_UNLESS_GIVEN = (
    ("wording", "wording", "lv.wording_given", "p.wording", "''"),
    (
        "start_approximate",
        "start_approximate",
        "coalesce(lv.start_approximate_given, false)",
        "p.start_approximate",
        "false",
    ),
    ("end_status", "end_status", "lv.end_status_given", "p.end_status", "'ongoing'"),
    ("end_date", "end", "lv.end_given_date", "p.end_date", "NULL"),
    ("end_precision", "end", "lv.end_given_precision", "p.end_date_precision", "'unknown'"),
    (
        "end_approximate",
        "end_approximate",
        "coalesce(lv.end_approximate_given, false)",
        "p.end_approximate",
        "false",
    ),
    ("status", "status", "lv.status_given", "p.status", "'draft'"),
    ("notes", "notes", "lv.notes_given", "p.notes", "''"),
    ("retraction_reason", "retraction_reason", "lv.reason_given", "p.retraction_reason", "''"),
)
# Two rows naming the same source (by URL, or title and publisher).
_SAME_KEY = (
    "{a}.key_url = {b}.key_url AND {a}.key_title = {b}.key_title AND {a}.key_publisher = {b}.key_publisher"
)
# The columns of ``lvv`` besides the row: the values above, and the change kind.
_LVV_COLUMNS = (*(name for name, *_ in _KEPT_UNLESS_GIVEN), "change_kind")
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
                for name, column, value, recorded, default in _KEPT_UNLESS_GIVEN
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
        if self.changes_nothing():
            # The timelines are then the recorded ones, which the exclusion constraint keeps apart, and
            # every change kind is given: nothing to check or derive over them, nothing to write.
            self.settled = True
            return
        check_timelines(self.report)

    def changes_nothing(self) -> bool:
        """Whether every row passed, names a recorded level, has its change kind and changes nothing."""
        unsettled = fetch(
            "SELECT EXISTS (SELECT 1 FROM import_problems) "
            "OR EXISTS (SELECT 1 FROM lv WHERE match_id IS NULL) "
            "OR EXISTS (SELECT 1 FROM lvv WHERE change_kind IS NULL)"
        )[0][0]
        if unsettled or not self.report.ok:
            return False
        self.mark_changes()
        return not fetch("SELECT EXISTS (SELECT 1 FROM lv_changed)")[0][0]

    # Writing --------------------------------------------------------------------------------------

    def mark_changes(self) -> None:
        """``lv_changed``: the recorded levels whose fields or citations their row changes."""
        fields = {
            "wording": "lvv.wording",
            "start_approximate": "lvv.start_approximate",
            "end_status": "lvv.end_status",
            "end_date": "CASE WHEN lvv.end_status = 'ended' THEN lvv.end_date END",
            "end_date_precision": "CASE WHEN lvv.end_status = 'ended' THEN lvv.end_precision ELSE 'unknown' "
            "END",
            "end_approximate": "lvv.end_approximate",
            "change_kind": "coalesce(lvv.change_kind, '')",
            "status": "lvv.status",
            "notes": "lvv.notes",
            "retraction_reason": "lvv.retraction_reason",
        }
        self.values = fields
        differs = " OR ".join(f"p.{field} IS DISTINCT FROM {value}" for field, value in fields.items())
        execute("DELETE FROM lv_changed")  # compared again after the timelines' checks (changes_nothing)
        citations_differ = "false"
        if "citations" in self.given:
            # The recorded levels whose citations are not the file's: one of the file's is not recorded,
            # or one recorded is not in the file (one full join of the two sets).
            matched = f"SELECT lv.row, lv.match_id FROM lv WHERE lv.match_id IS NOT NULL AND {PASSED_LV}"
            create_table_as(
                "lv_cites_differ",
                "SELECT DISTINCT coalesce(f.level_id, k.level_period_id) AS level_id FROM ("
                "  SELECT m.match_id AS level_id, c.source_id, c.quote, c.locator "
                f"  FROM ({matched}) m JOIN lv_cites c USING (row)) f "
                "FULL JOIN (SELECT k.level_period_id, k.source_id, k.quote, k.locator "
                "  FROM partnerships_levelperiodcitation k "
                f"  WHERE k.level_period_id IN (SELECT match_id FROM ({matched}) m)) k "
                "ON k.level_period_id = f.level_id AND k.source_id = f.source_id AND k.quote = f.quote "
                "AND k.locator = f.locator WHERE f.level_id IS NULL OR k.level_period_id IS NULL",
            )
            citations_differ = "lv.match_id IN (SELECT level_id FROM lv_cites_differ)"
        execute("ANALYZE lvv")
        execute(
            "INSERT INTO lv_changed (row) SELECT lv.row FROM lv JOIN lvv USING (row) "
            "JOIN partnerships_levelperiod p ON p.id = lv.match_id "
            f"WHERE {PASSED_LV} AND (({differs}) OR ({citations_differ}))"
        )
        execute("ANALYZE lv_changed")

    def counts(self) -> tuple[int, int, int]:
        return (
            count_of("lv", f"{PASSED} AND s.match_id IS NULL"),
            count_of("lv_changed"),
            count_of(
                "lv",
                f"{PASSED} AND s.match_id IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM lv_changed d WHERE d.row = s.row)",
            ),
        )

    def refused_any(self) -> bool:
        """Whether a row of the file (or of a table before it) was refused: the import writes nothing."""
        return not self.report.ok or fetch("SELECT EXISTS (SELECT 1 FROM import_problems)")[0][0]

    def write(self, now, *, count_only: bool = False) -> tuple[int, int, int]:
        """Write the rows that passed: (created, updated, unchanged). ``count_only``: count them, write
        nothing (the import is refused anyway and nothing after it reads what would be written)."""
        if self.settled:
            return (0, 0, count_of("lv"))
        self.mark_changes()
        counts = self.counts()
        if count_only:
            return counts
        # New pairs, in the order the file first names them.
        history.write(
            Relationship,
            "INSERT INTO partnerships_relationship AS t "
            "(party_a_id, party_b_id, notes, created_at, version) "
            "SELECT low, high, '', %s, 1 FROM lv WHERE match_id IS NULL "
            f"AND {PASSED_LV} "
            "AND NOT EXISTS (SELECT 1 FROM partnerships_relationship r WHERE r.party_a_id = lv.low "
            "AND r.party_b_id = lv.high) GROUP BY low, high ORDER BY min(row)",
            [now],
            "insert",
            "t",
        )
        values = {
            "relationship_id": "s.relationship_id",
            "scheme_id": "s.scheme_id",
            "tier_id": "s.tier_id",
            "start_date": "s.start_date",
            "start_date_precision": "CASE WHEN s.start_date IS NULL THEN 'unknown' ELSE s.start_precision "
            "END",
            **{field: value.replace("lvv.", "s.") for field, value in self.values.items()},
        }
        kept = ", ".join(f"lvv.{column}" for column in _LVV_COLUMNS)
        create_table_as(
            "lv_new",
            f"SELECT lv.*, r.id AS relationship_id, {kept} FROM lv JOIN lvv USING (row) "
            "JOIN partnerships_relationship r ON r.party_a_id = lv.low AND r.party_b_id = lv.high "
            f"WHERE lv.match_id IS NULL AND {PASSED_LV}",
        )
        write_new(LevelPeriod, "lv_new", "true", values, now)
        sets = ", ".join(f"{field} = {value}" for field, value in self.values.items())
        history.write(
            LevelPeriod,
            f"UPDATE partnerships_levelperiod p SET {sets}, updated_at = %s FROM lv JOIN lvv USING (row) "
            "WHERE p.id = lv.match_id AND lv.row IN (SELECT row FROM lv_changed)",
            [now],
            "update",
            "p",
        )
        # Each row's level id, then its citations made what the file says.
        # The id of each level written (new or changed): its citations are made what the file says.
        create_table_as(
            "lv_written",
            "SELECT n.row, p.id AS level_id FROM lv_new n JOIN partnerships_levelperiod p "
            "ON p.relationship_id = n.relationship_id AND p.scheme_id = n.scheme_id "
            "AND p.tier_id = n.tier_id "
            f"AND {SAME_START.format(a='p', b='n')} AND p.start_date_precision = "
            "CASE WHEN n.start_date IS NULL THEN 'unknown' ELSE n.start_precision END "
            "UNION ALL SELECT lv.row, lv.match_id FROM lv WHERE lv.row IN (SELECT row FROM lv_changed)",
        )
        execute("CREATE UNIQUE INDEX ON lv_written (row)")
        execute("ANALYZE lv_written")
        if "citations" in self.given:
            history.write(
                LevelPeriodCitation,
                "DELETE FROM partnerships_levelperiodcitation k USING lv_written w "
                "WHERE k.level_period_id = w.level_id "
                "AND NOT EXISTS (SELECT 1 FROM lv_cites c WHERE c.row = w.row "
                "AND c.source_id = k.source_id AND c.quote = k.quote AND c.locator = k.locator)",
                [],
                "delete",
                "k",
            )
            # New levels have no citations yet: only changed ones need comparing with what is recorded.
            history.write(
                LevelPeriodCitation,
                "INSERT INTO partnerships_levelperiodcitation AS t "
                "(level_period_id, source_id, quote, locator) "
                "SELECT w.level_id, c.source_id, c.quote, c.locator FROM lv_cites c JOIN lv_written w "
                "USING (row) WHERE NOT EXISTS (SELECT 1 FROM lv_changed d WHERE d.row = w.row) "
                "OR NOT EXISTS (SELECT 1 FROM "
                "partnerships_levelperiodcitation k WHERE k.level_period_id = w.level_id "
                "AND k.source_id = c.source_id AND k.quote = c.quote AND k.locator = c.locator) "
                "ORDER BY c.seq IS NULL, c.seq, w.row, c.n",
                [],
                "insert",
                "t",
            )
        unquoted = history.unquoted_published_levels("SELECT level_id FROM lv_written")
        if unquoted:
            self.report.reject(
                "import",
                None,
                "database",
                "The database refused the import: A published level needs at least one citation with a "
                f"quote (level ids {', '.join(map(str, unquoted[:10]))}).",
            )
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
