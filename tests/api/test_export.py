"""export/ and export_dataset: a Frictionless data package of the published data."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from frictionless import Package, validate

from dataset import package as dataset
from events.models import Meeting, MultilateralEvent
from partnerships.models import LevelPeriod
from partnerships.status import Status
from tests.factories import MeetingFactory, MultilateralEventFactory

pytestmark = pytest.mark.django_db


def unpack(content: bytes, into):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        archive.extractall(into)
        return sorted(archive.namelist())


def test_export_is_a_zip_whose_every_csv_matches_its_schema(client, cambodia, draft_level, tmp_path):
    response = client.get("/api/v1/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = unpack(response.content, tmp_path)
    assert "datapackage.json" in names and "README.md" in names
    assert {f"data/{table.name}.csv" for table in dataset.TABLES} <= set(names)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def test_data_package_describes_every_table_column_type_and_key(client, cambodia, tmp_path):
    unpack(client.get("/api/v1/export/").content, tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["version"] == descriptor["created"][:10]
    assert "Cite as" in descriptor["description"] and descriptor["citation"].startswith("Entente")
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        assert schema["fields"], resource["name"]
        for field in schema["fields"]:
            assert field["type"] in {"string", "integer", "boolean", "date", "datetime"}
            assert field["description"], (resource["name"], field["name"])
        if resource["name"] not in {"level_citations", "meeting_citations", "positions"}:
            assert schema["primaryKey"], resource["name"]
    levels = next(r for r in descriptor["resources"] if r["name"] == "levels")
    types = {field["name"]: field["type"] for field in levels["schema"]["fields"]}
    assert (types["id"], types["start"], types["start_date"], types["start_approximate"]) == (
        "integer",
        "string",
        "date",
        "boolean",
    )
    assert {
        "fields": ["scheme", "tier"],
        "reference": {"resource": "tiers", "fields": ["scheme", "slug"]},
    } in levels["schema"]["foreignKeys"]
    package = Package(str(tmp_path / "datapackage.json"))
    rows = package.get_resource("levels").read_rows()
    assert [(row["relationship"], row["start"]) for row in rows] == [
        ("CN-KH", "2006"),
        ("CN-KH", "2010-12-13"),
    ]


def test_export_holds_published_records_only(client, cambodia, draft_level, tmp_path):
    unpack(client.get("/api/v1/export/").content, tmp_path)
    levels = (tmp_path / "data" / "levels.csv").read_text()
    assert str(draft_level.pk) not in [line.split(",")[0] for line in levels.splitlines()]


def test_export_is_the_same_twice_and_answers_304_to_its_etag(client, cambodia):
    first = client.get("/api/v1/export/")
    assert client.get("/api/v1/export/").content == first.content
    assert client.get("/api/v1/export/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_export_command_writes_the_same_package(client, cambodia, tmp_path):
    out = io.StringIO()
    call_command("export_dataset", str(tmp_path), stdout=out)
    [written] = tmp_path.glob("entente-*.zip")
    assert written.read_bytes() == client.get("/api/v1/export/").content
    assert "levels: 2 rows" in out.getvalue()
    readme = zipfile.ZipFile(written).read("README.md").decode()
    assert "## How to cite" in readme


def test_export_command_refuses_a_missing_directory(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("export_dataset", str(tmp_path / "no" / "such.zip"))


def test_editing_only_a_summit_of_a_published_meeting_moves_the_release_date(cambodia):
    summit = MultilateralEventFactory(name="Beijing talks", start_date=dt.date(2010, 12, 12))
    unannounced = MultilateralEventFactory(name="A forum only a draft names")
    Meeting.objects.filter(pk=cambodia["meeting"].pk).update(multilateral_event=summit)
    MeetingFactory(status=Status.DRAFT, multilateral_event=unannounced)
    long_ago = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for model in (LevelPeriod, Meeting, MultilateralEvent):
        model.objects.update(updated_at=long_ago)
    assert dataset.release_moment() == long_ago

    unannounced.city = "Vientiane"
    unannounced.save()
    assert dataset.release_moment() == long_ago  # not in the public package
    assert dataset.release_moment(private=True) == MultilateralEvent.objects.get(pk=unannounced.pk).updated_at

    summit.city = "Beijing"
    summit.save()
    summit.refresh_from_db()
    assert summit.updated_at > long_ago
    assert dataset.release_moment() == summit.updated_at
    name, content = dataset.build_zip()
    assert dataset.read_descriptor(content)["version"] == summit.updated_at.date().isoformat()
    assert name == f"entente-{summit.updated_at.date().isoformat()}.zip"
