"""Quotes are checked against their source's stored text, ignoring what copying changes."""

import io

import pytest
from django.core.management import CommandError, call_command

from events.models import MeetingCitation
from partnerships.models import LevelPeriodCitation
from sources.quotes import (
    QuoteCheck,
    all_unfound_quotes,
    check_quote,
    normalise_for_quotes,
    quote_found_in,
    sources_with_unfound_quotes,
)
from tests.factories import LevelPeriodCitationFactory, MeetingCitationFactory, SourceFactory

TEXT = """Xi said the two sides “agreed to elevate” ties —
to a   comprehensive strategic partnership—in BEIJING on Friday. ‘It’s historic,’ he said."""


def test_the_normaliser_folds_case_space_quotes_and_dashes():
    assert normalise_for_quotes("  “Élan”\u00a0‘x’ – y—z\u2212w \n Ｆｕｌｌ ") == "\"élan\" 'x' - y-z-w full"


@pytest.mark.parametrize(
    "quote",
    [
        "agreed to elevate",
        'the two sides "agreed to elevate" ties - to a comprehensive strategic partnership',
        "COMPREHENSIVE  strategic\npartnership-in beijing",
        "'It's historic,' he said.",
        "Xi said … in Beijing on Friday",
        "Xi said [...] comprehensive ... on Friday",
        "",
    ],
)
def test_quote_is_found_despite_copying_differences(quote):
    assert quote_found_in(quote, TEXT)


@pytest.mark.parametrize(
    "quote",
    [
        "agreed to upgrade",  # a changed word
        "comprehensive strategic cooperative partnership",  # an added word
        "on Friday … Xi said",  # the parts of an elided quote out of order
        "in Beijing on Saturday",  # a changed date
    ],
)
def test_a_changed_quote_is_not_found(quote):
    assert not quote_found_in(quote, TEXT)


def test_a_quote_is_unchecked_without_a_quote_or_a_stored_text():
    assert check_quote("", TEXT) is QuoteCheck.NO_QUOTE
    assert check_quote("agreed", "  ") is QuoteCheck.NO_TEXT
    assert check_quote("agreed", TEXT) is QuoteCheck.FOUND
    assert check_quote("refused", TEXT) is QuoteCheck.NOT_FOUND


def mismatching_citations(count):
    source = SourceFactory(text=TEXT)
    return [MeetingCitationFactory(source=source, quote=f"words {n} not there") for n in range(count)]


def test_mismatches_are_listed_across_citation_tables(db):
    source = SourceFactory(text=TEXT)
    good = LevelPeriodCitationFactory(source=source, quote="agreed to elevate")
    bad_level = LevelPeriodCitationFactory(source=source, quote="agreed to downgrade")
    bad_meeting = MeetingCitationFactory(source=source, quote="in Shanghai")
    LevelPeriodCitationFactory(source=SourceFactory(text=""), quote="anything at all")

    found = {(m.model, m.citation_id) for m in all_unfound_quotes()}

    assert found == {(LevelPeriodCitation, bad_level.pk), (MeetingCitation, bad_meeting.pk)}
    assert (LevelPeriodCitation, good.pk) not in found
    assert sources_with_unfound_quotes() == {source.pk}


def test_checking_reads_each_text_once_whatever_the_number_of_citations(db, django_assert_num_queries):
    mismatching_citations(2)
    # The level citations' quotes (none, so no texts), the meeting citations' quotes, their sources' texts.
    with django_assert_num_queries(3):
        assert len(all_unfound_quotes([LevelPeriodCitation, MeetingCitation])) == 2
    mismatching_citations(20)
    with django_assert_num_queries(3):
        assert len(all_unfound_quotes([LevelPeriodCitation, MeetingCitation])) == 22


def test_check_quotes_lists_mismatches_and_fails(db):
    citation = MeetingCitationFactory(source=SourceFactory(text=TEXT), quote="agreed to downgrade")
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 quote\\(s\\) not found"):
        call_command("check_quotes", stdout=out)

    assert f"meeting citation {citation.pk}" in out.getvalue()
    assert "“agreed to downgrade” is not in the text of" in out.getvalue()


def test_check_quotes_quiet_prints_the_summary_only(db):
    MeetingCitationFactory(source=SourceFactory(text=TEXT), quote="agreed to downgrade")
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("check_quotes", "--quiet", stdout=out)

    assert out.getvalue() == ""


def test_check_quotes_passes_when_every_quote_is_found(db):
    MeetingCitationFactory(source=SourceFactory(text=TEXT), quote="agreed to elevate")
    MeetingCitationFactory(source=SourceFactory(text=""), quote="cannot be checked")
    out = io.StringIO()

    call_command("check_quotes", stdout=out)

    assert "citations checked against their source's text; 0 quote(s) not found." in out.getvalue()
