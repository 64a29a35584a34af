"""The level import's resolution: each staged row joined to what its cells read as and to the recorded
level it names (``lv``), the values it leaves that level with (``lvv``), and its citations with their
sources (``lv_cites``: one lookup per distinct source key).
"""

from dataset.importing.bulk_level_rows import KEPT_UNLESS_GIVEN, SAME_START
from dataset.importing.bulk_level_staging import CITATION_COLUMNS
from dataset.importing.bulk_sources import recorded_by_key
from dataset.importing.staging import add_problems, create_table, create_table_as, execute

# Two rows naming the same source (by URL, or title and publisher).
_SAME_KEY = (
    "{a}.key_url = {b}.key_url AND {a}.key_title = {b}.key_title AND {a}.key_publisher = {b}.key_publisher"
)


def resolve(given: set[str]) -> None:
    """``lv``: each row resolved by joins, its cells read, its recorded level (if any) found; ``lvv``: the
    values it leaves that level with (``given``: the columns the file gives; the others keep what is
    recorded); ``lv_failed`` and ``lv_changed``, empty."""

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


def stage_citations(given: set[str], *, linked: bool) -> None:
    """``lv_cites``: each row's citations with their sources resolved (rows whose file gives them)."""
    create_table(
        "lv_cites",
        {"row": "integer", "n": "integer", "seq": "integer", **CITATION_COLUMNS, "source_id": "integer"},
    )
    if linked:
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
    elif "citations" in given:
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
