"""The level import's checks of each row alone: its cells, ``clean()``'s rules, its citations, the quote
rule and the wording's length, in the order the per-row path finds them; and, once the timelines are
checked, the statuses the importer may not write (``check_statuses``).

A row's own checks are gathered and run together: one statement spreads only the failing rows over the
list of checks (``run_checks``). What compares a row with the others of its timeline is
``bulk_level_timelines``.
"""

from dataset.codecs.levels import NEEDS_QUOTE
from dataset.importing.bulk_level_rows import PASSED_LV, TABLE, flag_failed
from dataset.importing.bulk_level_writes import mark_changes
from dataset.importing.reviewed import Statuses, refusals
from dataset.importing.staging import add_problems, execute
from partnerships.models import LevelPeriod, LevelPeriodCitation

_LOCATOR = LevelPeriodCitation._meta.get_field("locator")
_WORDING_MAX = LevelPeriod._meta.get_field("wording").max_length


def check_rows(given: set[str]) -> None:
    """Every row's own problems, in the order the per-row path finds them; ``lv_failed`` holds the rows
    with any (``given``: the columns the file gives)."""
    # The checks of one row alone are gathered and run together: one pass over the rows for all.
    checks: list[tuple[int, str, str, str]] = []

    def cell_problems(ord_, column, select_message, where):
        checks.append((ord_, column, select_message, where))

    add_problems(
        TABLE,
        0,
        "row",
        "SELECT row, 'Repeats row ' || repeat_of || ': the same record twice.' AS message "
        "FROM lv WHERE repeat_of IS NOT NULL",
    )
    cell_problems(1, "party_a", "lv.a_message", "lv.a_message IS NOT NULL")
    cell_problems(2, "party_b", "lv.b_message", "lv.b_message IS NOT NULL")
    cell_problems(3, "party_b", "'A relationship needs two different parties.'", "lv.a_id = lv.b_id")
    cell_problems(4, "tier", "lv.tier_message", "lv.tier_message IS NOT NULL")
    cell_problems(5, "start", "lv.start_message", "lv.start_message IS NOT NULL")
    for ord_, column in (
        (6, "start_approximate"),
        (7, "end_status"),
        (9, "end_approximate"),
        (11, "status"),
    ):
        if column in given:
            cell_problems(ord_, column, f"lv.{column}_message", f"lv.{column}_message IS NOT NULL")
    if "end" in given:
        cell_problems(8, "end", "lv.end_message", "lv.end_message IS NOT NULL")
        cell_problems(
            8,
            "end",
            "'An end date needs the end status “ended”.'",
            "lv.end_message IS NULL AND lv.end_given_date IS NOT NULL "
            "AND lvv.end_status IS DISTINCT FROM 'ended'",
        )
    cell_problems(10, "change_kind", "lv.change_kind_message", "lv.change_kind_message IS NOT NULL")
    check_citations(given, cell_problems)
    run_checks(checks)
    check_wording()
    flag_failed()
    # LevelPeriod.clean()'s rules that need no other record, for rows that passed the cells.
    clean = PASSED_LV
    cell_problems(
        20,
        "end",
        "'Give a date.'",
        f"{clean} AND lvv.end_status = 'ended' AND lvv.end_date IS NULL",
    )
    cell_problems(
        21,
        "end",
        "'The end must come after the start.'",
        f"{clean} AND lvv.end_status = 'ended' AND lvv.end_date <= lv.start_date",
    )
    cell_problems(
        22,
        "retraction_reason",
        "'Say why the level is retracted.'",
        f"{clean} AND lvv.status = 'retracted' AND btrim(lvv.retraction_reason) = ''",
    )
    run_checks(checks)
    flag_failed()


def check_citations(given: set[str], cell_problems) -> None:
    if "citations" not in given:
        cited = (
            "EXISTS (SELECT 1 FROM partnerships_levelperiodcitation c "
            "WHERE c.level_period_id = lv.match_id AND btrim(c.quote) <> '')"
        )
    else:
        # A lookup by row (lv_cites is indexed on it): an IN set here would be scanned for every row
        # once it outgrows work_mem.
        cited = (
            "EXISTS (SELECT 1 FROM lv_cites c WHERE c.row = lv.row AND c.message IS NULL "
            "AND c.source_id IS NOT NULL AND btrim(c.quote) <> '')"
        )
        add_problems(
            TABLE,
            12,
            "citations",
            "SELECT c.row, CASE WHEN c.message IS NOT NULL THEN c.message "
            "WHEN c.key_url <> '' THEN 'Citation ' || c.n || ': no source ' || c.key_url || "
            "' is recorded; import or add it first.' "
            "ELSE 'Citation ' || c.n || ': no source “' || c.key_title || '” (' || c.key_publisher || "
            "') is recorded; import or add it first.' END AS message "
            "FROM lv_cites c JOIN lv USING (row) WHERE lv.repeat_of IS NULL "
            "AND (c.message IS NOT NULL OR c.source_id IS NULL)",
        )
        add_problems(
            TABLE,
            13,
            "citations",
            "SELECT c.row, 'Citation ' || c.n || ', locator: Ensure this value has at most "
            f"{_LOCATOR.max_length} characters (it has ' || length(c.locator) || ').' AS message "
            f"FROM lv_cites c WHERE c.message IS NULL AND length(c.locator) > {_LOCATOR.max_length}",
        )
        add_problems(
            TABLE,
            14,
            "citations",
            "SELECT c.row, 'Citation ' || c.n || ' repeats an earlier quote of the same source.' AS "
            "message "
            "FROM lv_cites c WHERE c.source_id IS NOT NULL AND EXISTS (SELECT 1 FROM lv_cites e "
            "WHERE e.row = c.row AND e.n < c.n AND e.source_id = c.source_id AND e.quote = c.quote)",
        )
    needs_quote = NEEDS_QUOTE.replace("'", "''")
    cell_problems(15, "citations", f"'{needs_quote}'", f"lvv.status = 'published' AND NOT {cited}")


def run_checks(checks: list[tuple[int, str, str, str]]) -> None:
    """Run ``checks`` (each: order, column, message, the condition that a row fails it) in one pass over
    the rows that repeat no other; ``checks`` is emptied."""
    if not checks:
        return
    cases = ", ".join(
        f"({ord_}, '{column}', CASE WHEN {where} THEN {message} END)"
        for ord_, column, message, where in checks
    )
    execute(
        "INSERT INTO import_problems (tbl, row, ord, col, message) "
        "SELECT %s, lv.row, c.ord, c.col, c.message FROM lv JOIN lvv USING (row) "
        f"CROSS JOIN LATERAL (VALUES {cases}) AS c (ord, col, message) "
        # Only the rows failing some check are spread over the checks' list.
        f"WHERE lv.repeat_of IS NULL AND ({' OR '.join(f'({where})' for *_, where in checks)}) "
        "AND c.message IS NOT NULL",
        [TABLE],
    )
    checks.clear()


def check_wording() -> None:
    """A wording too long, for rows with no other problem (the per-row path reads the cells first)."""
    add_problems(
        TABLE,
        16,
        "wording",
        f"SELECT lv.row, 'Ensure this value has at most {_WORDING_MAX} characters (it has ' || "
        "length(lvv.wording) || ').' AS message FROM lv JOIN lvv USING (row) "
        f"WHERE lv.repeat_of IS NULL AND length(lvv.wording) > {_WORDING_MAX} AND NOT EXISTS "
        f"(SELECT 1 FROM import_problems ip WHERE ip.tbl = '{TABLE}' AND ip.row = lv.row)",
    )


def check_statuses(given: set[str], statuses: Statuses) -> None:
    """The rows that passed and write a level (create one, or change one) in a status the importer may
    not write: refused in ``reviewed.refusal``'s words, as the per-row path refuses them (after the
    timelines, the rows it writes known)."""
    found = refusals(TABLE, statuses)
    if not found:
        return
    mark_changes(given)
    add_problems(
        TABLE,
        30,
        "status",
        "SELECT lv.row, r.message FROM lv JOIN lvv USING (row) "
        "LEFT JOIN partnerships_levelperiod p ON p.id = lv.match_id "
        f"JOIN (VALUES {', '.join(['(%s, %s, %s)'] * len(found))}) AS r (recorded, imported, message) "
        "ON r.recorded = coalesce(p.status, '') AND r.imported = lvv.status "
        f"WHERE {PASSED_LV} AND (lv.match_id IS NULL OR lv.row IN (SELECT row FROM lv_changed))",
        [value for refused in found for value in refused],
    )
    flag_failed()
