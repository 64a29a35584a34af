"""What the level import's steps share: the table its rows are reported under, the values a row leaves
its level with (``lvv``), which staged rows passed (``lv_failed``), and when two levels start the same."""

from dataset.importing.staging import execute

TABLE = "level_periods"
# The values a row leaves its level with: (value, the column that gives it, its reading, the recorded
# value kept when the file lacks the column, a new level's default).
KEPT_UNLESS_GIVEN = (
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
# The columns of ``lvv`` besides the row: the values above, and the change kind.
LVV_COLUMNS = (*(name for name, *_ in KEPT_UNLESS_GIVEN), "change_kind")
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
