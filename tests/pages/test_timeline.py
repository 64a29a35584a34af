"""The charts' geometry: dates drawn as precisely as they are known, and no more."""

import datetime as dt
from types import SimpleNamespace

import pytest

from core.partial_dates import Precision
from partnerships.models import ChangeKind, EndStatus
from public.timeline import changes_chart, pair_chart

TODAY = dt.date(2024, 6, 30)
SCHEME = SimpleNamespace(pk=1, name="China: partnership diplomacy", slug="cn")


def period(
    start, precision, *, end=None, end_precision=Precision.UNKNOWN, end_status=EndStatus.ONGOING, rank=10
):
    tier = SimpleNamespace(name=f"tier {rank}", rank=rank)
    return SimpleNamespace(
        scheme=SCHEME,
        scheme_id=1,
        tier=tier,
        start_date=start,
        start_date_precision=precision,
        end_date=end,
        end_date_precision=end_precision,
        end_status=end_status,
        start=str(start),
        end=str(end or ""),
        change_kind=ChangeKind.ESTABLISHED,
        relationship=None,
    )


def spans(chart):
    return [
        (round(segment.x, 1), round(segment.x + segment.width, 1), segment.certain)
        for segment in chart.bands[0].segments
    ]


def x_of(chart_start_year, date, years):
    """Where ``date`` falls on a chart from 1 January ``chart_start_year`` spanning ``years`` years."""
    start, end = dt.date(chart_start_year, 1, 1), dt.date(chart_start_year + years, 1, 1)
    return round(12 + (date - start).days / (end - start).days * 776, 1)


def test_year_precision_start_is_uncertain_for_the_whole_year_then_certain_from_31_december():
    chart = pair_chart([period(dt.date(2020, 1, 1), Precision.YEAR)], [], today=TODAY)

    assert spans(chart) == [
        (x_of(2020, dt.date(2020, 1, 1), 5), x_of(2020, dt.date(2020, 12, 31), 5), False),
        (x_of(2020, dt.date(2020, 12, 31), 5), x_of(2020, TODAY, 5), True),
    ]


def test_day_precision_start_and_end_are_certain_throughout():
    chart = pair_chart(
        [
            period(
                dt.date(2020, 3, 5),
                Precision.DAY,
                end=dt.date(2022, 7, 1),
                end_precision=Precision.DAY,
                end_status=EndStatus.ENDED,
            )
        ],
        [],
        today=TODAY,
    )

    assert [certain for *_, certain in spans(chart)] == [True]


def test_month_precision_end_leaves_the_month_uncertain():
    chart = pair_chart(
        [
            period(
                dt.date(2020, 3, 5),
                Precision.DAY,
                end=dt.date(2022, 7, 1),
                end_precision=Precision.MONTH,
                end_status=EndStatus.ENDED,
            )
        ],
        [],
        today=TODAY,
    )

    assert spans(chart)[-1] == (
        x_of(2020, dt.date(2022, 7, 1), 5),
        x_of(2020, dt.date(2022, 7, 31), 5),
        False,
    )


def test_unknown_end_is_uncertain_after_the_start():
    chart = pair_chart(
        [period(dt.date(2021, 5, 1), Precision.DAY, end_status=EndStatus.UNKNOWN)], [], today=TODAY
    )

    assert [certain for *_, certain in spans(chart)] == [False]


def test_meetings_known_to_the_day_are_points_and_others_span_their_period():
    meetings = [
        SimpleNamespace(
            start_date=dt.date(2021, 5, 4),
            start_date_precision=Precision.DAY,
            date_display="2021-05-04",
            title="Talks",
        ),
        SimpleNamespace(
            start_date=dt.date(2022, 1, 1),
            start_date_precision=Precision.YEAR,
            date_display="2022",
            title="Visit",
        ),
    ]

    chart = pair_chart([], meetings, today=TODAY)

    talks, visit = chart.meetings
    assert talks.precise and talks.x == talks.x_end
    assert not visit.precise
    assert (visit.x, visit.x_end) == pytest.approx(
        (x_of(2021, dt.date(2022, 1, 1), 4), x_of(2021, dt.date(2023, 1, 1), 4)), abs=0.1
    )


def test_higher_ranks_are_drawn_darker():
    chart = pair_chart(
        [
            period(
                dt.date(2010, 1, 1),
                Precision.DAY,
                end=dt.date(2015, 1, 1),
                end_precision=Precision.DAY,
                end_status=EndStatus.ENDED,
                rank=10,
            ),
            period(dt.date(2015, 1, 1), Precision.DAY, rank=60),
        ],
        [],
        today=TODAY,
    )

    lower, higher = chart.bands[0].segments
    assert lower.fill == "#9ecae1" and higher.fill == "#08306b"


def test_changes_chart_stacks_changes_by_year_and_counts_undated_ones():
    party = SimpleNamespace(pk=1)
    periods = [
        period(dt.date(2010, 1, 1), Precision.YEAR),
        period(dt.date(2010, 6, 1), Precision.MONTH),
        period(None, Precision.UNKNOWN),
    ]
    for each in periods:
        each.partner = SimpleNamespace(name="Cambodia & Co")

    chart = changes_chart(periods, party, today=TODAY)

    assert len(chart.marks) == 2
    assert chart.marks[0].x == chart.marks[1].x and chart.marks[0].y > chart.marks[1].y
    assert chart.undated == 1
    assert chart.marks_svg.count('<g class="change-mark">') == 2
    assert "Cambodia &amp; Co" in chart.marks_svg and "Cambodia & Co" not in chart.marks_svg


def month_meeting(year: int, month: int):
    return SimpleNamespace(
        start_date=dt.date(year, month, 1),
        start_date_precision=Precision.MONTH,
        date_display=f"{year}-{month:02}",
        title="Talks",
    )


def test_a_month_meeting_on_a_long_chart_is_a_bar_wide_enough_not_to_read_as_a_letter():
    chart = pair_chart([period(dt.date(1990, 1, 1), Precision.YEAR)], [month_meeting(2010, 3)], today=TODAY)

    [talks] = chart.meetings
    assert talks.x_end - talks.x < 4  # a month on a 35-year axis
    assert talks.span_width >= 12
    assert talks.span_x <= talks.x and talks.span_x + talks.span_width >= talks.x_end


def test_the_first_and_last_year_labels_stay_inside_the_chart():
    chart = pair_chart([period(dt.date(2006, 1, 1), Precision.YEAR)], [], today=TODAY)

    first, *_, last = chart.ticks
    assert first.label == "2006" and first.anchor == "start"
    assert all(tick.anchor == "middle" for tick in chart.ticks[1:-1])
    assert last.anchor in ("middle", "end")


def test_gridlines_cross_the_bands_and_meetings_not_the_row_titles():
    chart = pair_chart([period(dt.date(2006, 1, 1), Precision.YEAR)], [month_meeting(2010, 3)], today=TODAY)

    [band] = chart.bands
    # A 12px title's box: from about its size above the baseline to a little under it.
    titles = [(y - 12, y + 2) for y in (band.label_y, chart.meetings_label_y)]
    for top, bottom in chart.grid_rows:
        for title_top, title_bottom in titles:
            assert bottom <= title_top or top >= title_bottom, ((top, bottom), (title_top, title_bottom))
    assert (band.y, band.y + band.height) in chart.grid_rows
