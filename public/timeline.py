"""Geometry for the server-rendered SVG charts: a pair's levels over the years, a party's changes by year.

Dates are drawn as honestly as they are known. A start known only to the year covers that whole year
in a hatched stretch (the change happened somewhere in it), and the level is drawn solid only from the
day it certainly holds (see the as-of semantics in ``partnerships/models/levels.py``). Meetings known
to the day are diamonds; those known to the month or year are bars over the whole period.
The templates only loop over what is computed here.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.partial_dates import Precision, latest_day
from partnerships.models import ChangeKind, EndStatus

WIDTH = 800
MARGIN = 12
BAND_LABEL = 18  # room for a scheme's name above its band
BAND_HEIGHT = 26
BAND_GAP = 14
MEETING_ROW = 30
AXIS = 24
TEXT_WIDTH = 6.4  # average width of a character at the chart's 11px label size
SPAN_MIN_WIDTH, SPAN_HEIGHT = 12, 8  # a meeting known to the month or year

# Light to dark: closer partnerships are drawn darker. Text on the last three is white (contrast ≥ 4.5:1).
PALETTE = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#2171b5", "#08519c", "#08306b"]
DARK_TEXT, LIGHT_TEXT = "#111111", "#ffffff"


@dataclass
class Segment:
    x: float
    width: float
    fill: str
    certain: bool
    title: str


@dataclass
class Label:
    x: float
    y: float
    text: str
    fill: str


@dataclass
class Band:
    name: str
    label_y: float
    y: float
    height: float
    segments: list[Segment] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


@dataclass
class Marker:
    x: float
    x_end: float
    y: float
    precise: bool
    title: str

    @property
    def span_width(self) -> float:
        """A meeting known only to the month or year is a bar over the days it may have been on: at least
        as wide as a diamond, so that a month's bar reads as a mark rather than as a letter "H" or "I"."""
        return max(self.x_end - self.x, SPAN_MIN_WIDTH)

    @property
    def span_x(self) -> float:
        return (self.x + self.x_end - self.span_width) / 2

    @property
    def span_y(self) -> float:
        return self.y - SPAN_HEIGHT / 2

    @property
    def diamond(self) -> str:
        """The points of a diamond centred on the meeting day."""
        x, y, r = self.x, self.y, 6
        return f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"


@dataclass
class Tick:
    x: float
    label: str
    anchor: str = "middle"


def _anchored(ticks: list[Tick], width: float = WIDTH) -> list[Tick]:
    """Ticks whose centred label would run off the chart's edge are anchored at that edge instead."""
    for tick in ticks:
        half = len(tick.label) * TEXT_WIDTH / 2
        if tick.x - half < 0:
            tick.anchor = "start"
        elif tick.x + half > width:
            tick.anchor = "end"
    return ticks


@dataclass
class PairChart:
    width: int
    height: float
    bands: list[Band]
    meetings: list[Marker]
    meetings_y: float
    axis_y: float
    ticks: list[Tick]
    today_x: float
    description: str
    # (top, bottom) of each row the year gridlines cross: the bands and the meetings, not the row titles.
    grid_rows: list[tuple[float, float]] = field(default_factory=list)

    @property
    def year_label_y(self) -> float:
        return self.axis_y + 16

    @property
    def meetings_label_y(self) -> float:
        return self.meetings_y - 10

    @property
    def track_width(self) -> float:
        return self.width - 2 * MARGIN


class _Scale:
    """Days to x coordinates, from 1 January of the first year to the end of the last."""

    def __init__(self, first: dt.date, last: dt.date, width: float = WIDTH, margin: float = MARGIN):
        self.start = dt.date(first.year, 1, 1)
        self.end = dt.date(last.year + 1, 1, 1)
        self.left, self.right = margin, width - margin
        self.days = (self.end - self.start).days

    def x(self, date: dt.date) -> float:
        date = min(max(date, self.start), self.end)
        return self.left + (date - self.start).days / self.days * (self.right - self.left)

    def ticks(self) -> list[Tick]:
        return _anchored(
            [
                Tick(self.x(dt.date(year, 1, 1)), str(year))
                for year in _labelled_years(self.start.year, self.end.year)
            ]
        )


def _labelled_years(first: int, last: int, most: int = 10) -> range:
    """Round years from ``first`` to ``last``, at most ``most`` of them."""
    step = next(step for step in (1, 2, 5, 10, 20, 25, 50, 100) if (last - first) / step <= most)
    return range(-(-first // step) * step, last + 1, step)


def _shades(ranks) -> dict[int, tuple[str, str]]:
    """A fill and a text colour per rank, spread over the palette, darker for higher ranks."""
    ranks = sorted(set(ranks))
    if len(ranks) == 1:
        return {ranks[0]: (PALETTE[4], LIGHT_TEXT)}
    shades = {}
    for position, rank in enumerate(ranks):
        index = 2 + round(position * (len(PALETTE) - 3) / (len(ranks) - 1))
        shades[rank] = (PALETTE[index], LIGHT_TEXT if index >= 4 else DARK_TEXT)
    return shades


def _day_after(date: dt.date, precision: str) -> dt.date:
    return latest_day(date, precision) + dt.timedelta(days=1)


def _period_spans(period, today: dt.date, chart_start: dt.date):
    """(start, end, certain) stretches of one period, ends exclusive, like ``certain_span``/``possible_span``.

    Certain from the last day its start can mean; possibly in force until the last day its end can mean
    (an end is the first day of the next level, so a day-precision end leaves no doubt).
    """
    spans = []
    if period.start_date is None:
        start_early = start_certain = None
    else:
        start_early = period.start_date
        start_certain = latest_day(period.start_date, period.start_date_precision)
    if period.end_status == EndStatus.ENDED:
        end_early, end_late = period.end_date, latest_day(period.end_date, period.end_date_precision)
    else:
        end_early = end_late = max(today, start_certain or today)
    if start_early is None:
        # Unknown start: possibly in force from the beginning of the chart, never certainly.
        return [(chart_start, end_late, False)]
    if period.end_status == EndStatus.UNKNOWN:
        # It ended on a date nobody recorded: certain on its first day only.
        return [(start_early, end_late, False)]
    certain_from = min(start_certain, end_early)
    if start_early < certain_from:
        spans.append((start_early, certain_from, False))
    if certain_from < end_early:
        spans.append((certain_from, end_early, True))
    if end_early < end_late:
        spans.append((max(end_early, certain_from), end_late, False))
    return spans


def _period_title(period) -> str:
    until = {EndStatus.ONGOING: "in force", EndStatus.UNKNOWN: "ended, date unknown"}.get(
        period.end_status, period.end
    )
    return f"{period.tier.name}: {period.start} to {until}"


def pair_chart(periods, meetings, *, today: dt.date | None = None) -> PairChart | None:
    """One band per scheme with the pair's levels, and a row of meetings, on a common time axis."""
    today = today or dt.date.today()
    periods, meetings = list(periods), list(meetings)
    if not periods and not meetings:
        return None
    known = [period.start_date for period in periods if period.start_date]
    known += [period.end_date for period in periods if period.end_date]
    known += [meeting.start_date for meeting in meetings]
    scale = _Scale(min(known, default=today), max([*known, today]))
    chart_start = scale.start

    schemes = []
    for period in periods:
        if period.scheme not in schemes:
            schemes.append(period.scheme)
    bands, y = [], 8.0
    for scheme in schemes:
        band = Band(name=scheme.name, label_y=y + 12, y=y + BAND_LABEL, height=BAND_HEIGHT)
        in_scheme = [period for period in periods if period.scheme_id == scheme.pk]
        shades = _shades(period.tier.rank for period in in_scheme)
        for period in in_scheme:
            fill, text_fill = shades[period.tier.rank]
            title = _period_title(period)
            for start, end, certain in _period_spans(period, today, chart_start):
                x0, x1 = scale.x(start), scale.x(end)
                band.segments.append(Segment(x0, max(x1 - x0, 1.0), fill, certain, title))
                if certain and (x1 - x0) >= len(period.tier.name) * TEXT_WIDTH + 8:
                    band.labels.append(
                        Label(x0 + 4, band.y + BAND_HEIGHT / 2 + 4, period.tier.name, text_fill)
                    )
        bands.append(band)
        y = band.y + BAND_HEIGHT + BAND_GAP

    meetings_y = y + MEETING_ROW / 2
    markers = []
    for meeting in meetings:
        precise = meeting.start_date_precision == Precision.DAY
        end = meeting.start_date if precise else _day_after(meeting.start_date, meeting.start_date_precision)
        title = f"{meeting.date_display}: {meeting.title}"
        markers.append(Marker(scale.x(meeting.start_date), scale.x(end), meetings_y, precise, title))
    axis_y = y + (MEETING_ROW if meetings else 0) + 6

    summary = "; ".join(
        f"{period.scheme.name}: {period.tier.name} from {period.start}"
        + (f" to {period.end}" if period.end else "")
        for period in periods
    )
    meetings_text = f" {len(meetings)} meeting{'s' if len(meetings) != 1 else ''} marked." if meetings else ""
    grid_rows = [(band.y, band.y + band.height) for band in bands]
    if meetings:
        # From just under the "Meetings" title (its baseline is 10 above the marks) down to the axis.
        grid_rows.append((meetings_y - 7, axis_y))
    return PairChart(
        grid_rows=grid_rows,
        width=WIDTH,
        height=axis_y + AXIS,
        bands=bands,
        meetings=markers,
        meetings_y=meetings_y,
        axis_y=axis_y,
        ticks=scale.ticks(),
        today_x=scale.x(today),
        description=(summary + "." if summary else "No published levels.") + meetings_text,
    )


# Shapes for kinds of change, so that the chart does not rely on colour alone.
CHANGE_STYLES = {
    ChangeKind.ESTABLISHED: ("square", "#4a5a6a", "established"),
    ChangeKind.UPGRADED: ("up", "#1b7837", "upgraded"),
    ChangeKind.DOWNGRADED: ("down", "#b2182b", "downgraded"),
    ChangeKind.RENAMED: ("circle", "#6a51a3", "renamed or reaffirmed"),
    ChangeKind.REAFFIRMED: ("circle", "#6a51a3", "renamed or reaffirmed"),
    "": ("circle", "#6a51a3", "renamed or reaffirmed"),
}


@dataclass
class ChangeMark:
    x: float
    y: float
    size: float
    shape: str
    fill: str
    title: str

    @property
    def points(self) -> str:
        """A triangle pointing up (upgrade) or down (downgrade)."""
        x, y, s = self.x, self.y, self.size
        if self.shape == "up":
            return f"{x:.1f},{y + s:.1f} {x + s / 2:.1f},{y:.1f} {x + s:.1f},{y + s:.1f}"
        return f"{x:.1f},{y:.1f} {x + s:.1f},{y:.1f} {x + s / 2:.1f},{y + s:.1f}"

    @property
    def svg(self) -> str:
        """The mark as SVG (its title escaped): a party page draws hundreds, too many for a template loop."""
        fill = f'fill="{self.fill}"'
        if self.shape == "square":
            size = f"{self.size:.1f}"
            shape = f'<rect x="{self.x:.1f}" y="{self.y:.1f}" width="{size}" height="{size}" {fill}></rect>'
        elif self.shape == "circle":
            shape = f'<circle cx="{self.cx:.1f}" cy="{self.cy:.1f}" r="{self.radius:.1f}" {fill}></circle>'
        else:
            shape = f'<polygon points="{self.points}" {fill}></polygon>'
        return f'<g class="change-mark"><title>{escape(self.title)}</title>{shape}</g>'

    @property
    def cx(self) -> float:
        return self.x + self.size / 2

    @property
    def cy(self) -> float:
        return self.y + self.size / 2

    @property
    def radius(self) -> float:
        return self.size / 2


@dataclass
class ChangesChart:
    width: int
    height: float
    marks: list[ChangeMark]
    axis_y: float
    ticks: list[Tick]
    legend: list[tuple[str, str, str]]
    undated: int
    description: str

    @property
    def year_label_y(self) -> float:
        return self.axis_y + 16

    @property
    def marks_svg(self) -> str:
        return mark_safe("".join(mark.svg for mark in self.marks))  # noqa: S308 - each mark escapes its title


def changes_chart(periods, party, *, today: dt.date | None = None) -> ChangesChart | None:
    """A party's changes of level stacked by year: one mark per change, shaped by its kind."""
    today = today or dt.date.today()
    dated = sorted((period for period in periods if period.start_date), key=lambda period: period.start_date)
    undated = sum(1 for period in periods if not period.start_date)
    if not dated:
        return None
    first_year, last_year = dated[0].start_date.year, max(dated[-1].start_date.year, today.year)
    years = last_year - first_year + 1
    column = (WIDTH - 2 * MARGIN) / years
    size = max(min(column - 2, 14), 4)
    by_year: dict[int, list] = {}
    for period in dated:
        by_year.setdefault(period.start_date.year, []).append(period)
    tallest = max(3, *(len(changes) for changes in by_year.values()))
    axis_y = 8 + tallest * (size + 2)
    marks, kinds = [], {}
    for year, changes in by_year.items():
        x = MARGIN + (year - first_year) * column + (column - size) / 2
        for height, period in enumerate(changes):
            shape, fill, kind = CHANGE_STYLES.get(period.change_kind, CHANGE_STYLES[""])
            kinds[kind] = (shape, fill)
            title = f"{period.start}: {period.partner.name}, {period.tier.name} ({kind})"
            marks.append(ChangeMark(x, axis_y - (height + 1) * (size + 2), size, shape, fill, title))
    ticks = _anchored(
        [
            Tick(MARGIN + (year - first_year + 0.5) * column, str(year))
            for year in _labelled_years(first_year, last_year)
        ]
    )
    busiest = max(by_year, key=lambda year: len(by_year[year]))
    return ChangesChart(
        width=WIDTH,
        height=axis_y + AXIS,
        marks=marks,
        axis_y=axis_y,
        ticks=ticks,
        legend=[(kind, shape, fill) for kind, (shape, fill) in kinds.items()],
        undated=undated,
        description=(
            f"{len(dated)} changes of level from {first_year} to {dated[-1].start_date.year}; "
            f"the busiest year was {busiest}, with {len(by_year[busiest])}."
        ),
    )
