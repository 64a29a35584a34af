"""The data package's events table: the summits meetings were held at, exported and imported before them."""

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from frictionless import validate
from rest_framework import serializers

from events.models import Meeting, MultilateralEvent
from partnerships.status import Status
from sources.models import Source
from tests.factories import CountryFactory, MeetingFactory, MultilateralEventFactory

pytestmark = pytest.mark.django_db

PATHS = ["set-based", "--per-row"]


@pytest.fixture
def summits():
    """A meeting at no summit, one at each of two summits of one name, and a summit only a draft was at."""
    host, guest = CountryFactory(code="IN", name="India"), CountryFactory(code="BR", name="Brazil")
    delhi = MultilateralEventFactory(
        name="G20 summit",
        start_date=dt.date(2023, 9, 9),
        end_date=dt.date(2023, 9, 10),
        city="New Delhi",
        host=host,
    )
    bali = MultilateralEventFactory(name="G20 summit", start_date=dt.date(2022, 11, 15), city="", host=None)
    MeetingFactory(title="Talks in Brasília", start_date=dt.date(2023, 1, 2), place=guest)
    MeetingFactory(
        title="India and Brazil meet at the G20",
        start_date=dt.date(2023, 9, 9),
        mode="sidelines",
        place=host,
        multilateral_event=delhi,
    )
    MeetingFactory(
        title="Talks at the Bali summit",
        start_date=dt.date(2022, 11, 15),
        mode="sidelines",
        multilateral_event=bali,
    )
    MeetingFactory(
        title="Not yet announced",
        status=Status.DRAFT,
        multilateral_event=MultilateralEventFactory(name="Secret forum"),
    )
    return delhi, bali


def export(tmp_path, name="package.zip") -> dict[str, bytes]:
    call_command("export_dataset", str(tmp_path / name), stdout=io.StringIO())
    with zipfile.ZipFile(tmp_path / name) as archive:
        return {entry: archive.read(entry) for entry in archive.namelist()}


def write_zip(path, files: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def empty_the_database():
    Meeting.objects.all().delete()
    MultilateralEvent.objects.all().delete()
    Source.objects.all().delete()


def run(path, *args) -> tuple[str, bool]:
    """The command's output and error output together, and whether it failed."""
    out = io.StringIO()
    options = [arg for arg in args if arg.startswith("--")]
    try:
        call_command("import_dataset", str(path), "--no-progress", *options, stdout=out, stderr=out)
    except CommandError as error:
        return out.getvalue() + str(error), True
    return out.getvalue(), False


def saved_at(event) -> str:
    """The event's ``updated_at`` as the package writes it."""
    return serializers.DateTimeField().to_representation(event.updated_at)


def rows(text: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.decode())))


def test_the_package_holds_the_summits_of_published_meetings_named_as_the_meetings_name_them(
    summits, tmp_path
):
    delhi, bali = summits
    files = export(tmp_path)

    assert files["data/events.csv"].decode() == (
        "name,start_date,end_date,city,host,updated_at\r\n"
        f"G20 summit,2022-11-15,,,,{saved_at(bali)}\r\n"
        f"G20 summit,2023-09-09,2023-09-10,New Delhi,IN,{saved_at(delhi)}\r\n"
    )
    meetings = {row["title"]: row for row in rows(files["data/meetings.csv"])}
    assert [
        (row["multilateral_event"], row["multilateral_event_start_date"]) for row in meetings.values()
    ] == [("", ""), ("G20 summit", "2023-09-09"), ("G20 summit", "2022-11-15")]
    descriptor = json.loads(files["datapackage.json"])
    events = next(resource for resource in descriptor["resources"] if resource["name"] == "events")
    assert events["schema"]["primaryKey"] == ["name", "start_date"]
    assert [(field["name"], field["type"]) for field in events["schema"]["fields"]] == [
        ("name", "string"),
        ("start_date", "date"),
        ("end_date", "date"),
        ("city", "string"),
        ("host", "string"),
        ("updated_at", "datetime"),
    ]
    assert all(field["description"] for field in events["schema"]["fields"])
    assert events["count"] == 2
    meetings_schema = next(r for r in descriptor["resources"] if r["name"] == "meetings")["schema"]
    assert {
        "fields": ["multilateral_event", "multilateral_event_start_date"],
        "reference": {"resource": "events", "fields": ["name", "start_date"]},
    } in meetings_schema["foreignKeys"]


def test_the_package_with_summits_is_valid_frictionless_data_keys_included(summits, tmp_path):
    export(tmp_path)
    with zipfile.ZipFile(tmp_path / "package.zip") as archive:
        archive.extractall(tmp_path / "package")

    report = validate(str(tmp_path / "package" / "datapackage.json"))

    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def test_frictionless_finds_a_meeting_whose_summit_the_events_table_lacks(summits, tmp_path):
    files = export(tmp_path)
    header, bali, _ = files["data/events.csv"].split(b"\r\n", 2)
    files["data/events.csv"] = header + b"\r\n" + bali + b"\r\n"
    write_zip(tmp_path / "edited.zip", files)
    with zipfile.ZipFile(tmp_path / "edited.zip") as archive:
        archive.extractall(tmp_path / "package")

    report = validate(str(tmp_path / "package" / "datapackage.json"))

    assert report.flatten(["type"]) == [["foreign-key"]]


@pytest.mark.parametrize("path", PATHS)
def test_two_summits_of_one_name_come_back_from_an_empty_database_as_they_were(summits, tmp_path, path):
    first = export(tmp_path, "first.zip")
    empty_the_database()

    output, failed = run(tmp_path / "first.zip", path)

    assert not failed, output
    assert "events: 2 created, 0 updated, 0 unchanged, 0 rejected" in output
    assert export(tmp_path, "second.zip") == first
    at_delhi = Meeting.objects.get(title="India and Brazil meet at the G20")
    assert (at_delhi.multilateral_event.start_date, at_delhi.multilateral_event.city) == (
        dt.date(2023, 9, 9),
        "New Delhi",
    )


def test_draft_only_summits_are_not_exported(summits, tmp_path):
    files = export(tmp_path)

    assert b"Secret forum" not in b"".join(files.values())


@pytest.mark.parametrize("path", PATHS)
def test_a_meeting_naming_a_summit_neither_recorded_nor_in_the_package_is_refused_naming_row_and_column(
    summits, tmp_path, path
):
    files = export(tmp_path)
    del files["data/events.csv"]
    descriptor = json.loads(files["datapackage.json"])
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "events"]
    files["datapackage.json"] = json.dumps(descriptor).encode()
    empty_the_database()

    output, failed = run(write_zip(tmp_path / "no-events.zip", files), path)

    assert failed
    assert (
        "meetings row 2, multilateral_event: No multilateral event is called “G20 summit” and began on "
        "2023-09-09: import it first (the data package's events table)." in output
    )
    assert "meetings row 3, multilateral_event:" in output
    assert not Meeting.objects.exists() and not Source.objects.exists()


@pytest.mark.parametrize("path", PATHS)
def test_an_event_ending_before_it_starts_is_refused_with_file_row_and_column_and_nothing_is_written(
    summits, tmp_path, path
):
    files = export(tmp_path)
    files["data/events.csv"] = files["data/events.csv"].replace(b"2023-09-10", b"2023-09-08")
    empty_the_database()

    output, failed = run(write_zip(tmp_path / "bad-event.zip", files), path)

    assert failed
    assert "events row 2, end_date: The event cannot end before it starts." in output
    assert not MultilateralEvent.objects.exists()
    assert not Meeting.objects.exists() and not Source.objects.exists()


@pytest.mark.parametrize("path", PATHS)
def test_an_events_file_is_matched_by_name_and_first_day_and_a_second_import_changes_nothing(
    summits, tmp_path, path
):
    events = export(tmp_path)["data/events.csv"]
    (tmp_path / "events.csv").write_bytes(events.replace(b"New Delhi", b"Delhi"))

    output, failed = run(tmp_path / "events.csv", path)

    assert not failed, output
    assert "events: 0 created, 1 updated, 1 unchanged, 0 rejected" in output
    delhi, bali = summits
    delhi.refresh_from_db()
    assert delhi.city == "Delhi"
    output, _ = run(tmp_path / "events.csv", path)
    assert "events: 0 created, 0 updated, 2 unchanged, 0 rejected" in output


@pytest.mark.parametrize("path", PATHS)
def test_event_rows_name_their_problems_by_column(db, tmp_path, path):
    (tmp_path / "events.csv").write_text(
        "name,start_date,end_date,city,host\r\n"
        "ASEAN Summit,2023-09-05,,Jakarta,ZZ\r\n"
        ",2023-13-01,,,\r\n"
        "ASEAN Summit,2023-09-05,,,\r\n",
        encoding="utf-8",
    )

    output, failed = run(tmp_path / "events.csv", path)

    assert failed
    assert "events row 1, host: No party has the code or name “ZZ”." in output
    assert "events row 2, name: Give the event's name, as its meetings name it." in output
    assert "events row 2, start_date: “2023-13-01” is not a date of the form YYYY-MM-DD." in output
    assert "events row 3, row: Repeats row 1: the same record twice." in output
    assert not MultilateralEvent.objects.exists()


@pytest.mark.parametrize("path", PATHS)
def test_history_says_the_import_created_the_event(db, tmp_path, path):
    CountryFactory(code="ZA", name="South Africa")
    (tmp_path / "events.csv").write_text(
        "name,start_date,end_date,city,host\r\nBRICS summit,2023-08-22,2023-08-24,Johannesburg,ZA\r\n",
        encoding="utf-8",
    )

    output, failed = run(tmp_path / "events.csv", path)

    assert not failed, output
    event = MultilateralEvent.objects.get()
    assert (event.name, event.end_date, event.host.code) == ("BRICS summit", dt.date(2023, 8, 24), "ZA")
    [insert] = MultilateralEvent.pgh_event_model.objects.filter(pgh_label="insert")
    assert insert.pgh_context.metadata == {"command": "import_dataset", "path": str(tmp_path / "events.csv")}


def test_the_events_table_is_documented_column_by_column_as_the_package_describes_it():
    from django.conf import settings

    from dataset import package

    guide = (settings.BASE_DIR / "docs" / "api.md").read_text()
    [events] = [table for table in package.TABLES if table.name == "events"]
    for field in events.schema()["fields"]:
        assert f"| `{field['name']}` | {field['type']} | {field['description']} |" in guide, field
    assert "`multilateral_event_start_date`" in guide


@pytest.mark.parametrize("path", PATHS)
def test_a_dry_run_checks_meetings_against_the_package_s_events_and_writes_none(summits, tmp_path, path):
    export(tmp_path)
    empty_the_database()

    output, failed = run(tmp_path / "package.zip", path, "--dry-run")

    assert not failed, output
    assert "events: 2 created, 0 updated, 0 unchanged, 0 rejected" in output
    assert "meetings: 3 created, 0 updated, 0 unchanged, 0 rejected" in output
    assert not MultilateralEvent.objects.exists() and not Meeting.objects.exists()


def test_one_event_per_name_and_first_day_in_the_database_and_in_its_form(db):
    """What names an event in the package and the import is a key the database keeps (any case)."""
    MultilateralEventFactory(name="G20 summit", start_date=dt.date(2023, 9, 9))
    twin = MultilateralEvent(name="g20 Summit", start_date=dt.date(2023, 9, 9))
    with pytest.raises(ValidationError, match="An event of this name already began on this day."):
        twin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    MultilateralEventFactory(name="G20 summit", start_date=dt.date(2024, 11, 18))  # another year: another
