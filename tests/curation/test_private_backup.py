"""export_dataset --include-private: a curator's full backup, restored by import_dataset."""

import csv
import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command
from frictionless import validate

from events.models import Meeting, MultilateralEvent
from partnerships.models import LevelPeriod
from partnerships.status import Status
from sources.models import Source
from tests.curation import test_round_trip as round_trip
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    MeetingCitationFactory,
    MeetingFactory,
    MeetingPartyFactory,
    MultilateralEventFactory,
    ParticipantFactory,
    RelationshipFactory,
    SourceFactory,
)

curated = round_trip.curated
PATHS = ["set-based", "--per-row"]


@pytest.fixture
def backed_up(curated, ladder):
    """The curated records, and what only curators see: drafts, reviews, retractions, notes, texts."""
    scheme, (friendly, strategic, _) = ladder
    declaring = scheme.declaring_party
    far = CountryFactory(name="Farland")
    pair = RelationshipFactory(party_a=declaring, party_b=far)
    kept = SourceFactory(
        url="https://archive.example.org/far",
        text='First paragraph, "quoted".\n\nSecond paragraph; with a comma, and more.',
        accessed_on=dt.date(2024, 3, 1),
    )
    SourceFactory(url="https://example.org/read-but-not-cited", text="Nobody cites this yet.")
    withdrawn = LevelPeriodFactory(
        relationship=pair,
        tier=strategic,
        start_date=dt.date(2014, 1, 1),
        change_kind="established",
        notes="Two sources disagree on the year.",
    )
    LevelPeriodCitationFactory(level_period=withdrawn, source=kept, quote="strategic partners")
    LevelPeriod.objects.filter(pk=withdrawn.pk).update(
        status=Status.RETRACTED, retraction_reason="The statement was misread."
    )
    in_review = LevelPeriodFactory(
        relationship=pair,
        tier=friendly,
        start_date=dt.date(2016, 5, 1),
        status=Status.IN_REVIEW,
        change_kind="established",
        notes="Awaiting the ministry's own page.",
    )
    LevelPeriodCitationFactory(level_period=in_review, source=kept, quote="", locator="p. 3")
    unsummoned = MultilateralEventFactory(name="Forum nobody attended yet", start_date=dt.date(2025, 2, 2))
    proposed = MeetingFactory(
        title="Envoys talk in Farland",
        start_date=dt.date(2016, 5, 1),
        status=Status.IN_REVIEW,
        place=far,
        summary="A first round.",
    )
    MeetingPartyFactory(meeting=proposed, party=far, role="host")
    MeetingPartyFactory(meeting=proposed, party=declaring, role="visitor")
    ParticipantFactory(meeting=proposed, person=curated.participants.first().person, party=declaring)
    MeetingCitationFactory(meeting=proposed, source=kept, quote="talks began")
    proposed.announced_levels.set([in_review])
    recalled = MeetingFactory(title="A call that never was", start_date=dt.date(2017, 1, 1), mode="call")
    Meeting.objects.filter(pk=recalled.pk).update(
        status=Status.RETRACTED, retraction_reason="No source confirms it happened."
    )
    LevelPeriod.objects.filter(pk=curated.announced_levels.get().pk).update(notes="Upgraded at the summit.")
    return {"unsummoned": unsummoned, "withdrawn": withdrawn, "kept": kept}


def export(path, *options) -> dict[str, bytes]:
    call_command("export_dataset", str(path), *options, stdout=io.StringIO())
    return round_trip.zip_files(path)


def rows(files: dict[str, bytes], table: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[f"data/{table}.csv"].decode())))


def import_options(path: str) -> list[str]:
    return ["--no-progress", *([path] if path.startswith("--") else [])]


@pytest.mark.parametrize("path", PATHS)
def test_a_private_backup_imported_into_an_empty_database_exports_identical_files(backed_up, tmp_path, path):
    first = export(tmp_path / "first.zip", "--include-private")
    round_trip.empty_the_database()

    call_command("import_dataset", str(tmp_path / "first.zip"), *import_options(path), stdout=io.StringIO())
    second = export(tmp_path / "second.zip", "--include-private")

    assert first.keys() == second.keys()
    for name in first:
        assert second[name].decode() == first[name].decode(), name
    assert LevelPeriod.objects.get(status=Status.RETRACTED).retraction_reason == "The statement was misread."
    assert Source.objects.get(url="https://archive.example.org/far").text == backed_up["kept"].text
    assert MultilateralEvent.objects.filter(name="Forum nobody attended yet").exists()


def test_the_backup_holds_every_status_and_the_non_public_fields(backed_up, tmp_path):
    files = export(tmp_path / "backup.zip", "--include-private")

    levels = rows(files, "levels")
    assert {row["status"] for row in levels} == {"draft", "in_review", "published", "retracted"}
    notes = {row["notes"] for row in levels}
    assert {"Two sources disagree on the year.", "Upgraded at the summit."} <= notes
    meetings = rows(files, "meetings")
    assert {row["status"] for row in meetings} == {"draft", "in_review", "published", "retracted"}
    assert "No source confirms it happened." in {row["retraction_reason"] for row in meetings}
    sources = {row["url"]: row for row in rows(files, "sources")}
    assert sources["https://archive.example.org/far"]["text"] == backed_up["kept"].text
    assert sources["https://archive.example.org/far"]["accessed_on"] == "2024-03-01"
    assert "https://example.org/read-but-not-cited" in sources
    events = {row["name"] for row in rows(files, "events")}
    assert {"Unannounced forum", "Forum nobody attended yet"} <= events


def test_the_backup_says_it_is_private_and_the_public_package_leaves_it_all_out(backed_up, tmp_path):
    backup = export(tmp_path / "backup.zip", "--include-private")
    public = export(tmp_path / "public.zip")

    descriptor = json.loads(backup["datapackage.json"])
    assert descriptor["name"] == "entente-private"
    assert "not for publication" in descriptor["description"]
    assert "Private: not for publication." in backup["README.md"].decode()
    public_descriptor = json.loads(public["datapackage.json"])
    assert public_descriptor["name"] == "entente"
    assert "not for publication" not in public["README.md"].decode()
    assert {row["status"] for row in rows(public, "levels")} == {"published"}
    assert {row["status"] for row in rows(public, "meetings")} == {"published"}
    public_columns = {
        field["name"] for resource in public_descriptor["resources"] for field in resource["schema"]["fields"]
    }
    assert not public_columns & {"notes", "retraction_reason", "text", "accessed_on"}
    assert "Forum nobody attended yet" not in {row["name"] for row in rows(public, "events")}
    public_sources = {row["url"] for row in rows(public, "sources")}
    assert "https://example.org/read-but-not-cited" not in public_sources


def test_the_backup_is_valid_frictionless_data_describing_every_column(backed_up, tmp_path):
    descriptor = json.loads(export(tmp_path / "backup.zip", "--include-private")["datapackage.json"])
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        archive.extractall(tmp_path / "backup")
    report = validate(str(tmp_path / "backup" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["description"], (resource["name"], field["name"])
    levels = next(r for r in descriptor["resources"] if r["name"] == "levels")
    status = next(field for field in levels["schema"]["fields"] if field["name"] == "status")
    assert status["constraints"]["enum"] == ["draft", "in_review", "published", "retracted"]


def test_the_web_download_never_offers_the_backup(backed_up, admin_client):
    response = admin_client.get("/api/v1/export/")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert json.loads(archive.read("datapackage.json"))["name"] == "entente"
        assert b"Two sources disagree" not in archive.read("data/levels.csv")
    for asked in ("include_private=1", "private=true", "include-private=true"):
        assert admin_client.get(f"/api/v1/export/?{asked}").status_code == 400, asked


def edited_backup(tmp_path, table: str, change) -> str:
    """The backup with one table's rows changed by ``change(rows)``, written as a new zip."""
    files = export(tmp_path / "backup.zip", "--include-private")
    table_rows = rows(files, table)
    change(table_rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table_rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table_rows)
    files[f"data/{table}.csv"] = out.getvalue().encode()
    with zipfile.ZipFile(tmp_path / "edited.zip", "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return str(tmp_path / "edited.zip")


def refused(path: str, option: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_dataset", path, *import_options(option), stdout=out, stderr=out)
    return out.getvalue()


def set_cell(column: str, value: str, where):
    def change(table_rows):
        row = next(row for row in table_rows if where(row))
        row[column] = value

    return change


# A backup edited by hand is checked as any import is: (table, column, value, the row edited, the refusal).
EDITS_REFUSED = {
    "a bad level status": (
        "levels",
        "status",
        "approved",
        lambda row: row["status"] == "in_review",
        r"level_periods row \d+, status: “approved” is not one of: draft, in_review",
    ),
    "a bad meeting status": (
        "meetings",
        "status",
        "secret",
        lambda row: row["status"] == "draft",
        r"meetings row \d+, status: “secret” is not one of: draft, in_review",
    ),
    "a retraction without its reason": (
        "levels",
        "retraction_reason",
        "",
        lambda row: row["status"] == "retracted",
        r"level_periods row \d+, retraction_reason: Say why the level is retracted",
    ),
    # The in-review level's only citation has no quote: publishing it by editing the backup is refused, as
    # the reviewers' publish action refuses it.
    "publishing without a quoted citation": (
        "levels",
        "status",
        "published",
        lambda row: row["status"] == "in_review",
        r"level_periods row \d+, citations: Nothing is published without",
    ),
}


@pytest.mark.parametrize("edit", EDITS_REFUSED.values(), ids=EDITS_REFUSED.keys())
@pytest.mark.parametrize("path", PATHS)
def test_an_edited_backup_is_refused_naming_table_row_and_column_and_writes_nothing(
    backed_up, tmp_path, path, edit
):
    table, column, value, where, expected = edit
    edited = edited_backup(tmp_path, table, set_cell(column, value, where))
    round_trip.empty_the_database()

    message = refused(edited, path)

    assert re.search(expected, message), message
    assert not LevelPeriod.objects.exists() and not Meeting.objects.exists() and not Source.objects.exists()


@pytest.mark.parametrize("path", PATHS)
def test_a_backup_with_a_draft_of_a_published_level_s_key_is_refused_as_a_repeat(backed_up, tmp_path, path):
    published = LevelPeriod.objects.filter(status=Status.PUBLISHED, start_date=dt.date(2019, 6, 5)).get()
    LevelPeriodFactory(
        relationship=published.relationship,
        tier=published.tier,
        start_date=published.start_date,
        start_approximate=published.start_approximate,
        status=Status.DRAFT,
        wording="a corrected wording",
    )
    export(tmp_path / "backup.zip", "--include-private")
    round_trip.empty_the_database()

    message = refused(str(tmp_path / "backup.zip"), path)

    assert re.search(r"level_periods row \d+, row: Repeats row \d+", message), message
    assert not LevelPeriod.objects.exists()
