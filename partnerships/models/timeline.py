"""A pair's timeline in one scheme: how partial dates answer "as of", and the rules that compare periods.

How partial dates answer "what was the level on date D" (the as-of semantics):

* A period is **certainly** in force on D when D is on or after the last day its start can mean and
  before the first day its end can mean. A level that began "2015" certainly holds from 2015-12-31; one
  that ended "2011-06" certainly held until 2011-05-31. An unknown start is never certain; an end whose
  date is unknown is certain only on the start day.
* A period is **possibly** in force on D when D lies between the first day its start can mean and the
  last day its end can mean.

``in_force_on(D)`` answers with certain periods only; ``possibly_in_force_on(D)`` also returns the
uncertain ones, each annotated with ``is_certain``. Ends are exclusive: a period that ends on the day
its successor starts never overlaps it.

The rules that compare periods — one published level at a time per pair and scheme, and how a level came
about (its change kind, from the level before it) — are ``Timeline``'s. ``LevelPeriod.clean()`` applies
them to one period against its pair's recorded periods; the dataset import to a whole file at once, its
periods in place of those they update. PostgreSQL's exclusion constraint holds the first rule whatever
path writes.
"""

from collections.abc import Iterable

from django.db import models

from partnerships.status import Status


class EndStatus(models.TextChoices):
    ONGOING = "ongoing", "ongoing (still in force)"
    ENDED = "ended", "ended on the date given"
    UNKNOWN = "unknown", "ended, date unknown"


class ChangeKind(models.TextChoices):
    ESTABLISHED = "established", "established"
    UPGRADED = "upgraded", "upgraded"
    RENAMED = "renamed", "renamed"
    REAFFIRMED = "reaffirmed", "reaffirmed"
    DOWNGRADED = "downgraded", "downgraded"


def _latest_day_sql(column: str) -> str:
    return (
        f"CASE {column}_precision "
        f"WHEN 'year' THEN ({column} + interval '1 year' - interval '1 day')::date "
        f"WHEN 'month' THEN ({column} + interval '1 month' - interval '1 day')::date "
        f"ELSE {column} END"
    )


_START_LATEST = _latest_day_sql("start_date")
_END_LATEST = _latest_day_sql("end_date")

# The span the period claims, from stored (earliest) dates; the exclusion constraint uses it.
# An end before the start yields an empty range here so that the check constraint, not a range error,
# refuses it.
DURING_SQL = (
    "CASE WHEN end_date < start_date THEN 'empty'::daterange ELSE daterange(start_date, end_date, '[)') END"
)
# See the module docstring. GREATEST keeps a start known only to the year, and ended within it, an empty
# range.
CERTAIN_SQL = (
    "CASE WHEN start_date IS NULL THEN 'empty'::daterange "
    "WHEN end_status = 'ongoing' THEN daterange(" + _START_LATEST + ", NULL, '[)') "
    "WHEN end_status = 'unknown' THEN daterange(" + _START_LATEST + ", " + _START_LATEST + ", '[]') "
    "ELSE daterange(" + _START_LATEST + ", GREATEST(end_date, " + _START_LATEST + "), '[)') END"
)
POSSIBLE_SQL = (
    "CASE WHEN end_status = 'ended' THEN daterange(start_date, GREATEST("
    + _END_LATEST
    + ", start_date), '[)') "
    "ELSE daterange(start_date, NULL, '[)') END"
)


def _overlap(first, second) -> bool:
    """Whether the spans two periods claim overlap, as PostgreSQL's ``during && during`` answers.

    A span runs from its start (none: since ever) up to its end, exclusive (none: still, or ended at a date
    not known); a span that ends where or before it starts is empty and overlaps nothing.
    """
    spans = []
    for period in (first, second):
        start, end = period.start_date, period.end_date
        if start is not None and end is not None and end <= start:
            return False
        spans.append((start, end))
    (first_start, first_end), (second_start, second_end) = spans
    return (first_start is None or second_end is None or first_start < second_end) and (
        second_start is None or first_end is None or second_start < first_end
    )


def _began_before(earlier, later) -> bool:
    return earlier.start_date is None or earlier.start_date < later.start_date


class Timeline:
    """The published periods of one pair in one scheme, and the rules that compare a period with them."""

    def __init__(self, periods: Iterable):
        self.published = [period for period in periods if period.status == Status.PUBLISHED]

    def overlapping(self, period) -> list:
        """The published periods ``period`` overlaps, if it is published itself (what the exclusion
        constraint refuses)."""
        if period.status != Status.PUBLISHED:
            return []
        return [other for other in self.published if other is not period and _overlap(period, other)]

    def previous(self, period):
        """The published period that began last before ``period`` (an undated one counts as earliest)."""
        if period.start_date is None:
            return None
        earlier = [other for other in self.published if other is not period and _began_before(other, period)]
        return max(earlier, key=lambda other: (other.start_date is not None, other.start_date), default=None)

    def change_kind(self, period) -> str:
        """How ``period`` came about, from the ranks of its tier and of the previous level's."""
        previous = self.previous(period)
        if previous is None:
            return ChangeKind.ESTABLISHED
        if period.tier.rank > previous.tier.rank:
            return ChangeKind.UPGRADED
        if period.tier.rank < previous.tier.rank:
            return ChangeKind.DOWNGRADED
        return ChangeKind.REAFFIRMED if period.tier_id == previous.tier_id else ChangeKind.RENAMED
