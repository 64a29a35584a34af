"""Relative and explicit dates, resolved against the publication date with the precision they have."""

import datetime as dt

import pytest

from core.partial_dates import PartialDate
from intake.datelines import find_dateline
from intake.dates import find_dates, partial_date_covering

FRIDAY = dt.date(2023, 9, 15)


def resolved(text, published=FRIDAY, **kwargs):
    return [
        str(mention.date) if mention.date else None
        for mention in find_dates(text, published=published, **kwargs)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("met earlier in the day", "2023-09-15"),
        ("held talks on Friday", "2023-09-15"),  # a report of the same day
        ("held talks on Wednesday", "2023-09-13"),
        ("met last Friday", "2023-09-08"),
        ("said yesterday", "2023-09-14"),
        ("comes two days after China announced", "2023-09-13"),
        ("three days ago", "2023-09-12"),
        ("on Sept. 16", "2023-09-16"),
        ("on 25 May 2024", "2024-05-25"),
        ("May 25, 2024", "2024-05-25"),
        ("in April 2025", "2025-04"),
        ("in 2008", "2008"),
        ("last month", "2023-08"),
        ("last year", "2022"),
        ("earlier this year", "2023"),
        ("next month", "2023-10"),
    ],
)
def test_expression_is_resolved_against_the_publication_date(text, expected):
    assert resolved(text) == [expected]


def test_earlier_in_the_week_is_known_only_to_the_month():
    # Friday 15 September: "earlier in the week" is Monday 11 to Thursday 14, all in September.
    assert resolved("held talks earlier in the week") == ["2023-09"]


def test_a_week_across_two_months_is_known_only_to_the_year():
    # Wednesday 8 May 2024: last week ran from Monday 29 April to Sunday 5 May.
    assert resolved("last week", published=dt.date(2024, 5, 8)) == ["2024"]


def test_a_day_without_its_year_takes_the_year_nearest_the_publication():
    assert resolved("on Dec. 28", published=dt.date(2024, 1, 3)) == ["2023-12-28"]


def test_a_weekday_in_a_sentence_about_the_future_is_the_next_one():
    assert resolved("is due to meet him on Saturday", future=True) == ["2023-09-16"]


def test_relative_dates_without_publication_date_stay_unresolved():
    mentions = find_dates("met on Friday and in April 2025", published=None)
    assert [(mention.text, mention.date) for mention in mentions] == [
        ("on Friday", None),
        ("April 2025", PartialDate.parse("2025-04")),
    ]


@pytest.mark.parametrize(
    "text", ["may march", "the 2024 People-to-People Exchange Year", "on 30 February 2024"]
)
def test_words_that_are_not_dates_are_ignored(text):
    assert resolved(text) == []


def test_covering_span_is_as_precise_as_it_can_be():
    assert str(partial_date_covering(dt.date(2023, 9, 11), dt.date(2023, 9, 11))) == "2023-09-11"
    assert str(partial_date_covering(dt.date(2023, 9, 11), dt.date(2023, 9, 14))) == "2023-09"
    assert partial_date_covering(dt.date(2023, 12, 30), dt.date(2024, 1, 2)) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Beijing, 25 May 2024 (TDI): On Friday, Chinese", dt.date(2024, 5, 25)),
        ("BEIJING, Sept. 16, 2023 (Xinhua) -- Chinese President", dt.date(2023, 9, 16)),
        ("Headline\nPublished: 2023-09-16 10:00\nText", dt.date(2023, 9, 16)),
        ("JAKARTA, Nov 8 (Reuters) - Indonesian President", None),
    ],
)
def test_dateline_gives_the_publication_date(text, expected):
    date, start, end = find_dateline(text)
    assert date == expected
    assert end > start


def test_text_without_dateline_has_none():
    assert find_dateline("China, Vietnam pledge to deepen ties as Xi wraps up Hanoi visit") is None


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("visited China from January 3-5, 2026", "2026-01-03", dt.date(2026, 1, 5)),
        ("(3-5 January 2026)", "2026-01-03", dt.date(2026, 1, 5)),
        ("a state visit from Jan. 4 to 7", "2024-01-04", dt.date(2024, 1, 7)),
        ("from October 30 to November 1", "2023-10-30", dt.date(2023, 11, 1)),
        ("from December 30, 2025 to January 2, 2026", "2025-12-30", dt.date(2026, 1, 2)),
        ("between March 3 and 5, 2024", "2024-03-03", dt.date(2024, 3, 5)),
    ],
)
def test_a_range_of_days_keeps_both_ends(text, first, last):
    (mention,) = find_dates(text, published=dt.date(2023, 12, 20))
    assert (str(mention.date), mention.last) == (first, last)
    assert mention.date.precision == "day"


def test_a_range_without_any_year_to_go_by_stays_unresolved():
    (mention,) = find_dates("from November 17-24", published=None)
    assert (mention.date, mention.last) == (None, None)


def test_a_range_as_one_partial_date_is_its_month_never_a_day():
    (mention,) = find_dates("on November 17-24, 2025", published=None)
    assert str(mention.covering) == "2025-11"


@pytest.mark.parametrize(
    "text, kwargs, expected",
    [
        # The year the sentence states, whatever the publication date.
        ("Last year, Wang visited Namibia in January.", {}, ["2025", "2025-01"]),
        ("recalled the state visit from December 3 to 5 last year", {}, ["2025-12-03", "2025"]),
        # What happened lies before the report, what is planned after it.
        ("On May 8, Xi held talks", {"past": True}, ["2025-05-08"]),
        ("will visit on May 8", {"future": True}, ["2026-05-08"]),
        ("In April, Xi paid state visits", {"past": True}, ["2025-04"]),
        ("will travel in January", {"future": True}, ["2026-01"]),
    ],
)
def test_a_day_or_month_without_its_year_takes_the_year_that_fits(text, kwargs, expected):
    assert resolved(text, published=dt.date(2026, 1, 16), **kwargs) == expected


def test_without_a_publication_date_the_paragraphs_year_is_used():
    assert resolved("on January 4", published=None, year=2026) == ["2026-01-04"]


def test_since_bounds_a_period():
    (mention,) = find_dates("the first visit since 2019", published=FRIDAY)
    assert mention.bounds_a_period


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Digest\nTuesday, 6 January 2026\n\nXi met", dt.date(2026, 1, 6)),
        ("BULLETIN\nNo. 4 | 30 January 2026\n", dt.date(2026, 1, 30)),
        ("DAVOS, Switzerland, Jan. 21 (Xinhua) -- Chinese Vice President", None),
    ],
)
def test_date_lines_and_datelines_with_a_country(text, expected):
    date, start, end = find_dateline(text)
    assert date == expected and end > start
