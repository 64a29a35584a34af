"""The admin's "Import a data package": an upload previewed as a dry run, then imported by the command's
path under the admin's history context; bad files answered on the form; the kept file removed."""

import csv
import io
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dataset.admin_import import SESSION_KEY
from dataset.importing import Problem
from events.models import Meeting
from partnerships.models import LevelPeriod, Relationship
from sources.models import Source
from tests.curation.test_import_dataset import LEVEL_COLUMNS, level, partners, quoted
from tests.curation.test_round_trip import curated, empty_the_database

__all__ = ["curated", "partners", "quoted"]  # fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curator_groups")]
URL = reverse("admin:dataset_import")


@pytest.fixture(autouse=True)
def kept_files(settings, tmp_path):
    """Where the screen keeps uploads between preview and confirmation, one folder per test."""
    settings.PACKAGE_IMPORT_DIR = tmp_path / "kept"
    return settings.PACKAGE_IMPORT_DIR


def kept(folder) -> list[str]:
    return sorted(path.name for path in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def editor(client):
    user = User.objects.create_user(username="editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    client.force_login(user)
    return user


def levels_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LEVEL_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in LEVEL_COLUMNS})
    return out.getvalue().encode()


@pytest.fixture
def reviewer(client):
    user = User.objects.create_user(username="reviewer", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="reviewers"))
    client.force_login(user)
    return user


@pytest.fixture
def two_levels(partners, quoted) -> bytes:
    """What an editor may import: a level for review and a draft."""
    declaring, partner, other = partners
    return levels_csv(
        [
            level(declaring.code, partner.code, "strategic", "2011-06", status="in_review", citations=quoted),
            level(declaring.code, other.code, "friendly", "2001", status="draft"),
        ]
    )


def upload(client, content: bytes, name: str):
    return client.post(URL, {"package": SimpleUploadedFile(name, content)})


def confirm(client, preview):
    return client.post(URL, {"token": preview.context["kept"].token, "confirm": "Confirm import"})


def form_error(response) -> str:
    (message,) = response.context["form"].errors["package"]
    return message


def test_a_file_is_previewed_with_its_counts_and_nothing_is_written(client, editor, two_levels, kept_files):
    response = upload(client, two_levels, "level_periods.csv")

    assert response.status_code == 200
    assert response.context["counts"] == [
        {"table": "level_periods", "created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    ]
    page = response.content.decode()
    assert "Dry run of level_periods.csv: nothing has been written" in page
    assert 'name="confirm"' in page
    assert not LevelPeriod.objects.exists() and not Relationship.objects.exists()
    # Kept for the confirmation, in a folder of its own (named by a random token).
    assert [path.name for path in kept_files.rglob("*") if path.is_file()] == ["level_periods.csv"]


def test_confirming_imports_the_file_with_the_admin_s_history_context(client, editor, two_levels, kept_files):
    preview = upload(client, two_levels, "level_periods.csv")

    response = confirm(client, preview)

    assert response.status_code == 302
    assert LevelPeriod.objects.count() == 2
    contexts = [
        event.pgh_context.metadata
        for model in (Relationship, LevelPeriod)
        for event in model.pgh_event_model.objects.select_related("pgh_context")
    ]
    assert len(contexts) == 4
    for context in contexts:
        assert {key: context.get(key) for key in ("command", "user", "path")} == {
            "command": "admin import",
            "user": editor.pk,
            "path": "level_periods.csv",
        }
    (message,) = [str(m) for m in client.get(URL).context["messages"]]
    assert message == ("Imported level_periods.csv: level_periods 2 created, 0 updated, 0 unchanged.")


def test_the_kept_file_is_gone_after_the_confirmation(client, editor, two_levels, kept_files):
    preview = upload(client, two_levels, "level_periods.csv")
    assert kept(kept_files)

    confirm(client, preview)

    assert kept(kept_files) == []
    assert SESSION_KEY not in client.session


def test_a_preview_is_confirmed_once(client, editor, two_levels):
    preview = upload(client, two_levels, "level_periods.csv")
    confirm(client, preview)
    client.get(URL)  # reads the message of the import
    LevelPeriod.objects.all().delete()

    response = confirm(client, preview)

    assert response.status_code == 302
    assert not LevelPeriod.objects.exists()
    (message,) = [str(m) for m in client.get(URL).context["messages"]]
    assert message.startswith("Nothing was imported: this preview is no longer kept")


def test_a_confirmation_names_the_preview_it_confirms(client, editor, two_levels, kept_files):
    upload(client, two_levels, "level_periods.csv")

    response = client.post(URL, {"token": "x" * 43, "confirm": "Confirm import"})

    assert response.status_code == 302
    assert not LevelPeriod.objects.exists()
    assert kept(kept_files) == []


def test_cancelling_removes_the_kept_file(client, editor, two_levels, kept_files):
    upload(client, two_levels, "level_periods.csv")

    client.post(URL, {"cancel": "Cancel"})

    assert kept(kept_files) == []
    assert not LevelPeriod.objects.exists()


def test_a_data_package_is_previewed_then_imported(client, reviewer, curated, tmp_path):
    call_command("export_dataset", str(tmp_path / "package.zip"), stdout=io.StringIO())
    empty_the_database()
    content = (tmp_path / "package.zip").read_bytes()

    preview = upload(client, content, "entente-dataset.zip")

    counts = {row["table"]: row for row in preview.context["counts"]}
    assert counts["level_periods"]["created"] == 3  # the published ones (the draft is not exported)
    assert counts["meetings"]["created"] == 1
    assert not LevelPeriod.objects.exists() and not Meeting.objects.exists()
    confirm(client, preview)
    assert LevelPeriod.objects.count() == 3 and Meeting.objects.count() == 1


def test_a_bad_row_is_shown_by_table_row_and_column_and_nothing_is_written(
    client, editor, partners, quoted, kept_files
):
    declaring, partner, other = partners
    content = levels_csv(
        [
            level(declaring.code, partner.code, "strategic", "2011-06", status="in_review", citations=quoted),
            level(declaring.code, other.code, "friendly", "2001-13", status="draft"),
        ]
    )

    response = upload(client, content, "level_periods.csv")

    assert response.context["report"].problems == [
        Problem("level_periods", 2, "start", "'2001-13' is not a real calendar date.")
    ]
    page = response.content.decode()
    assert "This file cannot be imported" in page
    assert "<td>level_periods</td>\n          <td>2</td>\n          <td>start</td>" in page
    assert "&#x27;2001-13&#x27; is not a real calendar date." in page
    assert 'name="confirm"' not in page
    assert not LevelPeriod.objects.exists() and not Relationship.objects.exists()
    assert kept(kept_files) == []  # nothing to confirm, nothing kept


def test_a_file_over_the_limit_is_refused_naming_the_command(client, editor, settings, kept_files):
    settings.PACKAGE_IMPORT_MAX_BYTES = 1024 * 1024
    content = b"title,publisher\n" + b"A title,A publisher\n" * 65000  # 1.2 MB

    response = upload(client, content, "sources.csv")

    message = form_error(response)
    assert message.startswith("This file is 1.2 MB: this screen imports up to 1 MB")
    assert "Import a larger file with “manage.py import_dataset FILE”" in message
    assert not Source.objects.exists()
    assert kept(kept_files) == []


def test_a_package_over_the_limit_once_unzipped_is_refused(client, editor, settings):
    settings.PACKAGE_IMPORT_MAX_BYTES = 1024 * 1024
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sources.csv", "title,publisher\n" + "A title,A publisher\n" * 65000)
    assert len(package.getvalue()) < settings.PACKAGE_IMPORT_MAX_BYTES

    response = upload(client, package.getvalue(), "package.zip")

    message = form_error(response)
    assert message.startswith(
        "This package holds 1.2 MB of tables once unzipped: this screen imports up to 1 MB"
    )
    assert "manage.py import_dataset FILE" in message
    assert not Source.objects.exists()


def damaged_zip() -> bytes:
    """A zip whose directory reads but whose file does not (its bytes changed after it was written)."""
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("sources.csv", "url,title,publisher\nhttps://news.example.org/a,A title,Xinhua\n")
    return package.getvalue().replace(b"A title", b"B title")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.txt", b"hello", "Upload a data package (a .zip, as export_dataset writes it)"),
        ("partners.csv", b"code\nFRA\n", "“partners.csv” is not named after a table"),
        ("package.zip", b"PK\x03\x04 not really a zip", "“package.zip” is not a readable zip file."),
        ("package.zip", damaged_zip(), "package.zip: Bad CRC-32 for file 'sources.csv'"),
        ("sources.json", b'{"not": "rows"}', "sources.json: “not” is not a table"),
        ("sources.csv", b"\xff\xfe\x00bad", "sources.csv: 'utf-8' codec can't decode"),
    ],
)
def test_a_file_that_cannot_be_read_is_answered_on_the_form(client, editor, name, content, expected):
    response = upload(client, content, name)

    assert response.status_code == 200
    assert expected in form_error(response)
    assert not Source.objects.exists()


def test_a_table_with_the_wrong_columns_is_refused_and_nothing_is_written(client, editor):
    response = upload(client, b"colour,size\nred,large\n", "level_periods.csv")

    assert response.status_code == 200
    assert response.context["report"].problems == [
        Problem(
            "level_periods",
            None,
            "columns",
            "The file lacks the column(s) party_a, party_b, scheme, tier, start.",
        )
    ]
    page = response.content.decode()
    assert "The file lacks the column(s) party_a, party_b, scheme, tier, start." in page
    assert 'name="confirm"' not in page
    assert not LevelPeriod.objects.exists()


def test_staff_who_are_not_editors_are_refused(client, two_levels, kept_files):
    client.force_login(User.objects.create_user(username="viewer", password="x", is_staff=True))

    assert client.get(URL).status_code == 403
    assert upload(client, two_levels, "level_periods.csv").status_code == 403
    assert not LevelPeriod.objects.exists()
    assert kept(kept_files) == []


def test_visitors_are_sent_to_the_login(client):
    response = client.get(URL)

    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_the_index_and_the_lists_link_to_the_screen_for_editors_only(client, editor):
    assert URL in client.get(reverse("admin:index")).content.decode()
    assert URL in client.get(reverse("admin:partnerships_levelperiod_changelist")).content.decode()

    client.force_login(User.objects.create_user(username="viewer", password="x", is_staff=True))

    assert URL not in client.get(reverse("admin:index")).content.decode()


def test_an_upload_without_the_csrf_token_is_refused(editor, two_levels, kept_files):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = upload(client, two_levels, "level_periods.csv")

    assert response.status_code == 403
    assert kept(kept_files) == []
