"""What the level import's steps share: the table its rows are reported under, which staged rows passed
(``lv_failed``), and when two levels start the same."""

from dataset.importing.staging import execute

TABLE = "level_periods"
# Two levels with the same start, an undated one included: an equality, so a join can hash or merge on
# it (``IS NOT DISTINCT FROM`` is only a filter: a pair's periods compared with each other, 1M rows: 10 s).
SAME_START = "coalesce({a}.start_date, '-infinity'::date) = coalesce({b}.start_date, '-infinity'::date)"
# A staged row ``s`` (or ``lv``) that passed every check. NOT EXISTS (an anti-join), never NOT IN: a
# NOT IN over more rows than fit in work_mem is a scan of them for every row (1M rows: minutes).
PASSED = "NOT EXISTS (SELECT 1 FROM lv_failed f WHERE f.row = s.row)"
PASSED_LV = PASSED.replace("s.row", "lv.row")


def flag_failed() -> None:
    """``lv_failed``: the rows with a problem so far (the later checks and the writes skip them)."""
    execute("DELETE FROM lv_failed")
    execute(
        "INSERT INTO lv_failed (row) SELECT DISTINCT row FROM import_problems "
        f"WHERE tbl = '{TABLE}' AND row IS NOT NULL"
    )
    execute("ANALYZE lv_failed")
