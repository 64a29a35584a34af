"""Relative and explicit dates, resolved against the publication date with the precision they have."""

import datetime as dt

import pytest

from intake.datelines import find_dateline
from intake.dates import find_dates, partial_date_covering
from sources.partial_dates import PartialDate

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
