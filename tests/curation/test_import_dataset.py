"""manage.py import_dataset: tables in the admin's columns, all or nothing, idempotent, with a summary."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Meeting, MeetingCitation, MeetingParty, Participant
from partnerships.models import LevelPeriod, LevelPeriodCitation, Relationship
from sources.models import Source
from tests.factories import CountryFactory, PersonFactory, SourceFactory

LEVEL_COLUMNS = [
    "party_a",
    "party_b",
    "scheme",
    "tier",
    "wording",
    "start",
    "start_approximate",
    "end_status",
    "end",
    "end_approximate",
    "change_kind",
    "status",
    "notes",
    "citations",
]


def write_csv(path, columns, rows):
    path.parent.mkdir(exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})
    return path


def level(party_a, party_b, tier, start, **fields):
    return {"party_a": party_a, "party_b": party_b, "scheme": "dl", "tier": tier, "start": start, **fields}


def run(path, *args) -> tuple[str, str, bool]:
    """The command's output, its error output, and whether it failed."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_dataset", str(path), "--no-progress", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error), True
    return out.getvalue(), err.getvalue(), False


@pytest.fixture
def partners(ladder):
    scheme, _ = ladder
    return scheme.declaring_party, CountryFactory(name="Partneria"), CountryFactory(name="Otherland")


@pytest.fixture
def quoted():
    """A citations cell quoting a recorded source."""
    source = SourceFactory(url="https://news.example.org/a")
    return json.dumps([{"url": source.url, "quote": "strategic partners", "locator": "para. 2"}])


def test_level_rows_are_created_with_their_pair_and_citations(tmp_path, partners, quoted):
    declaring, partner, _ = partners
    path = write_csv(
        tmp_path / "level_periods.csv",
        LEVEL_COLUMNS,
        [
            level(
                declaring.code,
                partner.alpha3,
                "strategic",
                "2011-06",
                end_status="ended",
                end="2019-06-05",
                status="published",
                citations=quoted,
            ),
            level(partner.name, declaring.code, "comprehensive", "2019-06-05", status="draft"),
        ],
    )

    out, err, failed = run(path)

    assert not failed, err
    assert "level_periods: 2 created, 0 updated, 0 unchanged, 0 rejected" in out
    first, second = LevelPeriod.objects.order_by("start_date")
    assert Relationship.objects.count() == 1
    assert (first.start, first.end, first.change_kind, first.status) == (
        "2011-06",
        "2019-06-05",
        "established",
        "published",
    )
    citation = LevelPeriodCitation.objects.get()
    assert (citation.level_period, citation.source.url, citation.quote) == (
        first,
        "https://news.example.org/a",
        "strategic partners",
    )
    assert second.change_kind == "upgraded"


def test_derived_change_kinds_agree_with_the_models(tmp_path, ladder, partners, quoted):
    declaring, partner, _ = partners
    rows = [
        level(
            declaring.code,
            partner.code,
            "friendly",
            "2001",
            end_status="ended",
            end="2005",
            status="published",
            citations=quoted,
        ),
        level(
            declaring.code,
            partner.code,
            "comprehensive",
            "2005",
            end_status="ended",
            end="2010",
            status="published",
            citations=quoted,
        ),
        level(declaring.code, partner.code, "strategic", "2010", status="published", citations=quoted),
        level(declaring.code, partner.code, "strategic", "2020", status="draft"),
    ]
    run(write_csv(tmp_path / "level_periods.csv", LEVEL_COLUMNS, rows))

    periods = LevelPeriod.objects.order_by("start_date").select_related("tier")
    assert [p.change_kind for p in periods] == ["established", "upgraded", "downgraded", "reaffirmed"]
    assert [p.change_kind for p in periods] == [p.derived_change_kind() for p in periods]


def test_second_import_of_the_same_file_changes_nothing(tmp_path, partners, quoted):
    declaring, partner, _ = partners
    row = level(declaring.code, partner.code, "strategic", "2011", status="published", citations=quoted)
    path = write_csv(tmp_path / "level_periods.csv", LEVEL_COLUMNS, [row])
    run(path)
    stamp = LevelPeriod.objects.get().updated_at

    out, _, _ = run(path)

    assert "level_periods: 0 created, 0 updated, 1 unchanged, 0 rejected" in out
    assert LevelPeriod.objects.get().updated_at == stamp


def test_a_changed_row_updates_the_recorded_level(tmp_path, partners):
    declaring, partner, _ = partners
    path = tmp_path / "level_periods.csv"
    write_csv(path, LEVEL_COLUMNS, [level(declaring.code, partner.code, "strategic", "2011")])
    run(path)
    ended = level(declaring.code, partner.code, "strategic", "2011", end_status="ended", end="2015")
    write_csv(path, LEVEL_COLUMNS, [ended])

    out, _, _ = run(path)

    assert "level_periods: 0 created, 1 updated, 0 unchanged, 0 rejected" in out
    assert LevelPeriod.objects.get().end == "2015"


def test_a_rejected_import_leaves_the_database_unchanged(tmp_path, partners, quoted):
    declaring, partner, other = partners
    source = Source.objects.get()
    sources = write_csv(
        tmp_path / "data" / "sources.csv",
        ["url", "title", "publisher"],
        [{"url": source.url, "title": "A new title", "publisher": "Xinhua"}],
    )
    write_csv(
        tmp_path / "data" / "level_periods.csv",
        LEVEL_COLUMNS,
        [
            level(declaring.code, partner.code, "strategic", "2011", status="published", citations=quoted),
            level(declaring.code, other.code, "no-such-tier", "2012"),
        ],
    )

    out, err, failed = run(sources.parent)

    assert failed
    assert "Nothing was imported: 1 row(s) rejected" in err
    assert "sources: 0 created, 1 updated" in out  # what would have been done
    assert Source.objects.get().title == source.title
    assert not LevelPeriod.objects.exists() and not Relationship.objects.exists()


def test_rejected_rows_are_listed_with_row_column_and_reason(tmp_path, partners):
    declaring, partner, other = partners
    path = write_csv(
        tmp_path / "level_periods.csv",
        LEVEL_COLUMNS,
        [
            level(declaring.code, partner.code, "strategic", "2011"),
            level(declaring.code, "Nowhere", "strategic", "2012"),
            level(declaring.code, other.code, "strategic", "2013-02-30", citations="[{"),
            level(declaring.code, partner.code, "strategic", "2011"),
        ],
    )

    out, err, failed = run(path)

    assert failed
    assert "level_periods: 1 created, 0 updated, 0 unchanged, 3 rejected" in out
    assert "level_periods row 2, party_b: No party has the code or name “Nowhere”." in err
    assert "level_periods row 3, start: '2013-02-30' is not a real calendar date." in err
    assert "level_periods row 3, citations: Not readable as a JSON list" in err
    assert "level_periods row 4, row: Repeats row 1: the same record twice." in err


def test_overlapping_published_levels_are_refused_in_the_models_words(tmp_path, partners, quoted):
    declaring, partner, _ = partners
    path = write_csv(
        tmp_path / "level_periods.csv",
        LEVEL_COLUMNS,
        [
            level(
                declaring.code,
                partner.code,
                "strategic",
                "2011",
                end_status="ended",
                end="2016",
                status="published",
                citations=quoted,
            ),
            level(
                declaring.code, partner.code, "comprehensive", "2015", status="published", citations=quoted
            ),
            level(
                declaring.code, partner.code, "comprehensive", "2014", status="draft"
            ),  # drafts may overlap
        ],
    )

    _, err, failed = run(path)

    assert failed
    assert (
        "level_periods row 2, start: This pair already holds a published level in this scheme at that time"
        in err
    )
    assert "row 3" not in err
    assert not LevelPeriod.objects.exists()


def test_a_published_level_needs_a_quoted_citation(tmp_path, partners):
    declaring, partner, _ = partners
    path = write_csv(
        tmp_path / "level_periods.csv",
        LEVEL_COLUMNS,
        [level(declaring.code, partner.code, "strategic", "2011", status="published")],
    )

    _, err, failed = run(path)

    assert failed
    assert "citations: Nothing is published without at least one citation with a quote" in err


def test_dry_run_counts_but_writes_nothing(tmp_path, partners):
    declaring, partner, _ = partners
    path = write_csv(
        tmp_path / "level_periods.csv",
        LEVEL_COLUMNS,
        [level(declaring.code, partner.code, "strategic", "2011")],
    )

    out, _, failed = run(path, "--dry-run")

    assert not failed
    assert "level_periods: 1 created" in out and "dry run, nothing written" in out
    assert not LevelPeriod.objects.exists()


def test_sources_are_matched_by_url_and_a_missing_column_keeps_its_field(tmp_path, db):
    source = SourceFactory(url="https://news.example.org/a", title="Old title", text="Kept text.")
    path = tmp_path / "sources.json"
    rows = [
        {"url": "https://news.example.org/a?utm_source=x", "title": "New title", "publisher": "Xinhua"},
        {"url": "", "title": "A book", "publisher": "A press", "published": "2015", "kind": "academic"},
    ]
    path.write_text(json.dumps(rows))

    out, _, _ = run(path)

    assert "sources: 1 created, 1 updated, 0 unchanged, 0 rejected" in out
    source.refresh_from_db()
    assert (source.title, source.text) == ("New title", "Kept text.")
    book = Source.objects.get(title="A book")
    assert (book.published, book.kind) == ("2015", "academic")


def test_a_file_without_a_key_column_is_refused_and_unknown_columns_are_named(tmp_path, db):
    path = write_csv(
        tmp_path / "sources.csv", ["url", "title", "colour"], [{"url": "https://a.example/", "title": "A"}]
    )

    out, err, failed = run(path)

    assert failed
    assert "sources, columns: The file lacks the column(s) publisher." in err

    path = write_csv(
        tmp_path / "sources.csv",
        ["url", "title", "publisher", "colour"],
        [{"url": "https://a.example/", "title": "A", "publisher": "B"}],
    )
    out, _, failed = run(path)
    assert not failed
    assert "sources: columns not used (derived from others, or unknown): colour" in out


def test_meetings_with_parties_participants_and_citations(tmp_path, partners):
    declaring, partner, _ = partners
    host = PersonFactory(name="Host Person", slug="host-person")
    source = SourceFactory(url="https://news.example.org/m")
    path = tmp_path / "meetings.json"
    row = {
        "title": "Talks in the capital",
        "start": "2023-09",
        "mode": "visit",
        "place": declaring.code,
        "parties": f"{declaring.code}:host; {partner.code}:visitor",
        "participants": [{"person": "Host Person", "party": declaring.code, "role_title": "President"}],
        "citations": [{"url": source.url, "quote": "they met", "locator": ""}],
        "status": "published",
    }
    path.write_text(json.dumps([row]))

    out, _, _ = run(path)
    again, _, _ = run(path)

    assert "meetings: 1 created" in out
    assert "meetings: 0 created, 0 updated, 1 unchanged" in again
    meeting = Meeting.objects.get()
    assert meeting.date_display == "2023-09"
    assert set(MeetingParty.objects.values_list("party__code", "role")) == {
        (declaring.code, "host"),
        (partner.code, "visitor"),
    }
    assert (Participant.objects.get().person, Participant.objects.get().role_title) == (host, "President")
    assert MeetingCitation.objects.get().quote == "they met"


def test_a_data_package_folder_is_read_through_its_descriptor(tmp_path, db):
    write_csv(
        tmp_path / "data" / "the-sources.csv",
        ["url", "title", "publisher"],
        [{"url": "https://a.example/", "title": "A", "publisher": "B"}],
    )
    descriptor = {"resources": [{"name": "sources", "path": "data/the-sources.csv"}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))

    out, _, failed = run(tmp_path)

    assert not failed and "sources: 1 created" in out


def test_the_queries_do_not_grow_with_the_rows(tmp_path, partners, quoted):
    declaring, _, _ = partners
    parties = [CountryFactory() for _ in range(30)]

    def file(name, count):
        rows = [
            level(declaring.code, party.code, "strategic", "2011", status="published", citations=quoted)
            for party in parties[:count]
        ]
        return write_csv(tmp_path / name / "level_periods.csv", LEVEL_COLUMNS, rows)

    small, large = file("small", 3), file("large", 30)
    with CaptureQueriesContext(connection) as few:
        assert not run(small, "--dry-run")[2]
    with CaptureQueriesContext(connection) as many:
        assert not run(large, "--dry-run")[2]
    assert len(many) == len(few)
    # Again, with every level recorded: found, compared, left alone.
    run(small), run(large)
    with CaptureQueriesContext(connection) as few:
        assert "3 unchanged" in run(small)[0]
    with CaptureQueriesContext(connection) as many:
        assert "30 unchanged" in run(large)[0]
    assert len(many) == len(few)


def test_a_citation_is_checked_by_the_citation_models_field_rules(tmp_path, partners):
    declaring, partner, _ = partners
    source = SourceFactory(url="https://news.example.org/long")
    citations = json.dumps([{"url": source.url, "quote": "q", "locator": "x" * 101}])
    path = write_csv(
        tmp_path / "level_periods.csv",
        LEVEL_COLUMNS,
        [level(declaring.code, partner.code, "strategic", "2011", citations=citations)],
    )

    _, err, failed = run(path)

    assert failed
    assert "citations: Citation 1, locator: Ensure this value has at most 100 characters (it has 101)." in err


def test_history_says_the_import_made_the_change(tmp_path, partners):
    declaring, partner, _ = partners
    path = write_csv(
        tmp_path / "level_periods.csv",
        LEVEL_COLUMNS,
        [level(declaring.code, partner.code, "strategic", "2011")],
    )

    run(path)

    event = LevelPeriod.pgh_event_model.objects.get(pgh_label="insert")
    assert event.pgh_context.metadata == {"command": "import_dataset", "path": str(path)}
