"""The level import's writes: which recorded levels the file changes (``lv_changed``), the counts, and
the pairs, levels and citations written by ``INSERT … SELECT`` / ``UPDATE … FROM`` / ``DELETE … USING``,
each with its history events in the same statement (``history.write``).
"""

from dataset.importing import history
from dataset.importing.bulk_level_rows import LVV_COLUMNS, PASSED, PASSED_LV, SAME_START
from dataset.importing.report import ImportReport
from dataset.importing.staging import create_table_as, execute, fetch
from dataset.importing.writes import count_of, write_new
from partnerships.models import LevelPeriod, LevelPeriodCitation, Relationship

# Each field of a level a row sets, and its value from the values the row leaves its level with (lvv).
_FIELDS = {
    "wording": "lvv.wording",
    "start_approximate": "lvv.start_approximate",
    "end_status": "lvv.end_status",
    "end_date": "CASE WHEN lvv.end_status = 'ended' THEN lvv.end_date END",
    "end_date_precision": "CASE WHEN lvv.end_status = 'ended' THEN lvv.end_precision ELSE 'unknown' END",
    "end_approximate": "lvv.end_approximate",
    "change_kind": "coalesce(lvv.change_kind, '')",
    "status": "lvv.status",
    "notes": "lvv.notes",
    "retraction_reason": "lvv.retraction_reason",
}


def changes_nothing(report: ImportReport, given: set[str]) -> bool:
    """Whether every row passed, names a recorded level, has its change kind and changes nothing."""
    unsettled = fetch(
        "SELECT EXISTS (SELECT 1 FROM import_problems) "
        "OR EXISTS (SELECT 1 FROM lv WHERE match_id IS NULL) "
        "OR EXISTS (SELECT 1 FROM lvv WHERE change_kind IS NULL)"
    )[0][0]
    if unsettled or not report.ok:
        return False
    mark_changes(given)
    return not fetch("SELECT EXISTS (SELECT 1 FROM lv_changed)")[0][0]


def mark_changes(given: set[str]) -> None:
    """``lv_changed``: the recorded levels whose fields or citations their row changes."""
    differs = " OR ".join(f"p.{field} IS DISTINCT FROM {value}" for field, value in _FIELDS.items())
    execute("DELETE FROM lv_changed")  # compared again after the timelines' checks (changes_nothing)
    citations_differ = "false"
    if "citations" in given:
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


def count_rows() -> tuple[int, int, int]:
    """(created, updated, unchanged): the rows that passed, new, changed and unchanged."""
    return (
        count_of("lv", f"{PASSED} AND s.match_id IS NULL"),
        count_of("lv_changed"),
        count_of(
            "lv",
            f"{PASSED} AND s.match_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM lv_changed d WHERE d.row = s.row)",
        ),
    )


def write_rows(report: ImportReport, given: set[str], now) -> None:
    """Write the rows that passed (``mark_changes`` has run): new pairs and levels, changed levels, their
    citations; a published level left without a quoted citation is reported."""
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
        "start_date_precision": "CASE WHEN s.start_date IS NULL THEN 'unknown' ELSE s.start_precision END",
        **{field: value.replace("lvv.", "s.") for field, value in _FIELDS.items()},
    }
    kept = ", ".join(f"lvv.{column}" for column in LVV_COLUMNS)
    create_table_as(
        "lv_new",
        f"SELECT lv.*, r.id AS relationship_id, {kept} FROM lv JOIN lvv USING (row) "
        "JOIN partnerships_relationship r ON r.party_a_id = lv.low AND r.party_b_id = lv.high "
        f"WHERE lv.match_id IS NULL AND {PASSED_LV}",
    )
    write_new(LevelPeriod, "lv_new", "true", values, now)
    sets = ", ".join(f"{field} = {value}" for field, value in _FIELDS.items())
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
    if "citations" in given:
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
        report.reject(
            "import",
            None,
            "database",
            "The database refused the import: A published level needs at least one citation with a "
            f"quote (level ids {', '.join(map(str, unquoted[:10]))}).",
        )
