"""The level import's timelines: overlaps of published levels and the change kinds left to derive.

A timeline is a pair and scheme's recorded periods, less those the file updates, and the file's periods
that passed every other check (``tl``). One sort of each timeline finds the periods that overlap anything;
only those are compared pairwise, and refused in the timeline's order as the per-row path does. The
change kinds are derived by one merge of each timeline's published starts with the file's periods.
"""

from dataset.importing.bulk_level_rows import PASSED_LV, TABLE, flag_failed
from dataset.importing.report import ImportReport
from dataset.importing.staging import create_table_as, execute, fetch
from partnerships.models import EndStatus, LevelPeriod, Party, Relationship, Scheme, Tier
from partnerships.models.levels import overlap_message


def check_timelines(report: ImportReport) -> None:
    """Overlaps of published levels, and the change kinds to derive, over each pair's whole timeline.

    The timeline of a pair and scheme is its recorded periods, less those the file updates, and the
    file's periods that passed every other check.
    """
    create_table_as(
        "tl",
        ""
        "SELECT NULL::integer AS row, p.id, r.party_a_id AS low, r.party_b_id AS high, p.scheme_id, "
        "p.tier_id, t.rank, p.start_date, p.end_date, p.status FROM partnerships_levelperiod p "
        "JOIN partnerships_relationship r ON r.id = p.relationship_id "
        "JOIN partnerships_tier t ON t.id = p.tier_id "
        "WHERE (r.party_a_id, r.party_b_id) IN (SELECT DISTINCT low, high FROM lv "
        f"WHERE {PASSED_LV}) "
        "AND NOT EXISTS (SELECT 1 FROM lv m WHERE m.match_id = p.id "
        "AND NOT EXISTS (SELECT 1 FROM lv_failed f WHERE f.row = m.row)) "
        "UNION ALL SELECT lv.row, lv.match_id, lv.low, lv.high, lv.scheme_id, lv.tier_id, lv.rank, "
        "lv.start_date, CASE WHEN lvv.end_status = 'ended' THEN lvv.end_date END, lvv.status "
        f"FROM lv JOIN lvv USING (row) WHERE {PASSED_LV}",
    )
    execute(
        "ALTER TABLE tl ADD COLUMN during daterange GENERATED ALWAYS AS (CASE WHEN end_date <= "
        "start_date "
        "THEN 'empty'::daterange ELSE daterange(start_date, end_date, '[)') END) STORED"
    )
    execute("CREATE INDEX ON tl (low, high, scheme_id, start_date)")
    execute("ANALYZE tl")
    # The file's published periods that overlap some other published period of their timeline: one
    # sort of each timeline by start (a period overlaps one before it if the latest end so far is
    # after its start, one after it if the next start is before its end). Only those are compared
    # pairwise below: comparing every period of a timeline with every other grew with the square of
    # its length (1M rows: 18 s).
    create_table_as(
        "tl_overlapping",
        "SELECT row FROM (SELECT row, lo, hi, max(hi) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND "
        "1 PRECEDING) AS before_hi, lead(lo) OVER w AS next_lo FROM (SELECT row, low, high, scheme_id, "
        "coalesce(lower(during), '-infinity') AS lo, coalesce(upper(during), 'infinity') AS hi "
        "FROM tl WHERE status = 'published' AND NOT isempty(during)) AS spans "
        "WINDOW w AS (PARTITION BY low, high, scheme_id ORDER BY lo, hi)) AS sorted "
        "WHERE row IS NOT NULL AND (before_hi > lo OR next_lo < hi)",
    )
    execute("ANALYZE tl_overlapping")
    # The file's published period overlaps a recorded one, or one before it in the timeline's order.
    overlaps = fetch(
        "SELECT x.row, y.row, y.id FROM tl x JOIN tl y ON y.low = x.low AND y.high = x.high "
        "AND y.scheme_id = x.scheme_id AND y.status = 'published' AND y.during && x.during "
        "AND (y.row IS NULL OR (y.start_date IS NOT NULL, y.start_date, y.row) "
        "< (x.start_date IS NOT NULL, x.start_date, x.row)) "
        "WHERE x.row IN (SELECT row FROM tl_overlapping) AND x.status = 'published' "
        # In the timeline's order, as the per-row path meets them: undated first, then by start.
        "ORDER BY x.start_date IS NOT NULL, x.start_date, x.row, y.start_date NULLS FIRST, "
        "y.row NULLS FIRST, y.id"
    )
    if overlaps:
        reject_overlaps(report, overlaps)
        flag_failed()
        execute("DELETE FROM tl WHERE row IN (SELECT row FROM lv_failed)")
    # How each period without a change kind came about: from the published level that began last
    # before it, else an undated one. Each timeline's published starts (the first of each start in
    # the order the rule breaks ties by: recorded first, then file order, then id), numbered in
    # start order; merged with the file's dated periods, a period placed before the starts equal to
    # its own, the highest number met so far is the level before it. One sort, no lookup per period
    # (a lookup per period: 10 s for 1M rows).
    create_table_as(
        "tl_starts",
        "SELECT row_number() OVER (ORDER BY low, high, scheme_id, start_date NULLS FIRST) AS sid, "
        "first.* FROM (SELECT DISTINCT ON (low, high, scheme_id, start_date) low, high, scheme_id, "
        "start_date, rank, tier_id FROM tl WHERE status = 'published' "
        "ORDER BY low, high, scheme_id, start_date, row NULLS FIRST, id) AS first",
    )
    create_table_as(
        "tl_before",
        "SELECT m.row, s.rank, s.tier_id FROM (SELECT row, kind, max(sid) OVER (PARTITION BY low, high, "
        "scheme_id ORDER BY start_date NULLS FIRST, kind ROWS UNBOUNDED PRECEDING) AS before_sid FROM ("
        "  SELECT low, high, scheme_id, start_date, 1 AS kind, sid, NULL::integer AS row FROM tl_starts"
        "  UNION ALL SELECT low, high, scheme_id, start_date, 0, NULL, row FROM tl"
        "  WHERE row IS NOT NULL AND start_date IS NOT NULL) AS merged) AS m "
        "JOIN tl_starts s ON s.sid = m.before_sid WHERE m.kind = 0",
    )
    execute("CREATE UNIQUE INDEX ON tl_before (row)")
    execute("ANALYZE tl_before")
    execute(
        "UPDATE lvv SET change_kind = CASE WHEN prev.rank IS NULL THEN 'established' "
        "WHEN x.rank > prev.rank THEN 'upgraded' WHEN x.rank < prev.rank THEN 'downgraded' "
        "WHEN x.tier_id = prev.tier_id THEN 'reaffirmed' ELSE 'renamed' END "
        "FROM tl x LEFT JOIN tl_before prev ON prev.row = x.row "
        "WHERE x.row = lvv.row AND lvv.change_kind IS NULL"
    )


def reject_overlaps(report: ImportReport, overlaps: list[tuple]) -> None:
    """Name each refused row's overlapping periods as ``clean()`` does (few rows: read them whole)."""
    recorded = {
        period.pk: period
        for period in LevelPeriod.objects.filter(
            id__in={pk for _, row, pk in overlaps if row is None}
        ).select_related("relationship__party_a", "relationship__party_b", "scheme", "tier")
    }
    rows = {row for row, _, _ in overlaps} | {row for _, row, _ in overlaps if row is not None}
    staged = staged_periods(rows)
    met: dict[int, list] = {}
    for row, other_row, pk in overlaps:
        met.setdefault(row, []).append((other_row, pk))
    # In the timeline's order: a period refused already is no longer there for those after it.
    by_row: dict[int, list] = {}
    for row, others in met.items():
        standing = [
            staged[other_row] if other_row is not None else recorded[pk]
            for other_row, pk in others
            if other_row not in by_row
        ]
        if standing:
            by_row[row] = standing
    for row, periods in by_row.items():
        report.reject(TABLE, row, "start", overlap_message(periods))
    execute(
        "INSERT INTO import_problems (tbl, row, ord, col, message) SELECT %s, unnest(%s::int[]), 30, "
        "'start', 'overlap'",
        [TABLE, list(by_row)],
    )


def staged_periods(rows: set[int]) -> dict[int, LevelPeriod]:
    """Unsaved periods of the file's ``rows``, enough for ``str()``."""
    found = fetch(
        "SELECT lv.row, lv.low, lv.high, lv.scheme_id, lv.tier_id, lv.start_date, lv.start_precision, "
        "lvv.start_approximate, lvv.end_status, lvv.end_date, lvv.end_precision, lvv.end_approximate "
        "FROM lv JOIN lvv USING (row) WHERE lv.row = ANY(%s)",
        [list(rows)],
    )
    parties = Party.objects.in_bulk({pk for r in found for pk in r[1:3]})
    schemes = Scheme.objects.select_related("declaring_party").in_bulk({r[3] for r in found})
    tiers = Tier.objects.in_bulk({r[4] for r in found})
    periods = {}
    for row, low, high, scheme, tier, start, start_p, start_a, end_status, end, end_p, end_a in found:
        periods[row] = LevelPeriod(
            relationship=Relationship(party_a=parties[low], party_b=parties[high]),
            scheme=schemes[scheme],
            tier=tiers[tier],
            start_date=start,
            start_date_precision=start_p,
            start_approximate=start_a,
            end_status=end_status,
            end_date=end if end_status == EndStatus.ENDED else None,
            end_date_precision=end_p if end_status == EndStatus.ENDED else "unknown",
            end_approximate=end_a,
        )
    return periods
