"""Review before publication holds on every import: an editor imports drafts and claims in review; a row
that would write a published or retracted level or meeting needs a reviewer, on the data package screen,
on the per-list screens and on both import paths alike (the command imports every status)."""

import csv
import io
import json

import pytest
import tablib
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dataset.importing import Problem, import_tables, read_dataset
from dataset.importing.reviewed import statuses_for
from dataset.importing.set_based import import_path
from events.models import Meeting
from partnerships.models import LevelPeriod, Relationship
from partnerships.status import Status
from sources.models import Source
from tests.curation.test_admin_curation import confirm as confirm_on_list
from tests.curation.test_admin_curation import preview as preview_on_list
from tests.curation.test_import_dataset import LEVEL_COLUMNS, level, partners, quoted, run, write_csv

__all__ = ["partners", "quoted"]  # fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curator_groups")]
URL = reverse("admin:dataset_import")
COLUMNS = [*LEVEL_COLUMNS, "retraction_reason"]
MEETING_COLUMNS = ["title", "start", "mode", "parties", "status", "retraction_reason", "citations"]

ONLY_A_REVIEWER = {
    "published level": "Only a reviewer may import a published level: import it as a draft or for review, "
    "or ask a reviewer.",
    "retracted level": "Only a reviewer may import a retracted level: import it as a draft or for review, "
    "or ask a reviewer.",
    "published meeting": "Only a reviewer may import a published meeting: import it as a draft or for "
    "review, or ask a reviewer.",
    "changed level": "Only a reviewer may change a published level: leave its row as it is recorded, or ask "
    "a reviewer.",
}


@pytest.fixture(autouse=True)
def kept_files(settings, tmp_path):
    settings.PACKAGE_IMPORT_DIR = tmp_path / "kept"


def curator(client, group: str) -> User:
    user = User.objects.create_user(username=group, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    return curator(client, "editors")


@pytest.fixture
def reviewer(client):
    return curator(client, "reviewers")


def table(columns, rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return out.getvalue().encode()


def upload(client, content: bytes, name: str):
    return client.post(URL, {"package": SimpleUploadedFile(name, content)})


def confirm(client, preview):
    return client.post(URL, {"token": preview.context["kept"].token, "confirm": "Confirm import"})


def as_json(content: bytes) -> bytes:
    """The same table as a JSON file (read whole and imported by the per-row path)."""
    return json.dumps(list(csv.DictReader(io.StringIO(content.decode())))).encode()


@pytest.fixture
def draft_and_claim(partners, quoted):
    """A draft, then a level the test gives its status."""
    declaring, partner, other = partners

    def rows(status: str, **fields) -> bytes:
        return table(
            COLUMNS,
            [
                level(declaring.code, other.code, "friendly", "2001", status="draft"),
                level(
                    declaring.code,
                    partner.code,
                    "strategic",
                    "2011-06",
                    status=status,
                    citations=quoted,
                    **fields,
                ),
            ],
        )

    return rows


@pytest.fixture
def talks(partners, quoted):
    """A meeting the test gives its status."""
    declaring, partner, _ = partners

    def rows(status: str) -> bytes:
        row = {
            "title": "Talks in the capital",
            "start": "2023-09-04",
            "mode": "visit",
            "parties": f"{declaring.code}:host; {partner.code}:visitor",
            "status": status,
            "citations": quoted,
        }
        return table(MEETING_COLUMNS, [row])

    return rows


# The data package screen ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["level_periods.csv", "level_periods.json"])
@pytest.mark.parametrize(
    ("status", "fields"), [("published", {}), ("retracted", {"retraction_reason": "Misread the source."})]
)
def test_an_editor_s_published_or_retracted_level_is_refused_and_nothing_is_written(
    client, editor, draft_and_claim, name, status, fields
):
    content = draft_and_claim(status, **fields)

    response = upload(client, as_json(content) if name.endswith(".json") else content, name)

    assert response.context["report"].problems == [
        Problem("level_periods", 2, "status", ONLY_A_REVIEWER[f"{status} level"])
    ]
    assert 'name="confirm"' not in response.content.decode()
    assert not LevelPeriod.objects.exists() and not Relationship.objects.exists()


def test_an_editor_s_published_meeting_is_refused_and_nothing_is_written(client, editor, talks):
    response = upload(client, talks("published"), "meetings.csv")

    assert response.context["report"].problems == [
        Problem("meetings", 1, "status", ONLY_A_REVIEWER["published meeting"])
    ]
    assert 'name="confirm"' not in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_reviewer_s_published_level_and_meeting_are_imported(client, reviewer, draft_and_claim, talks):
    for content, name in (
        (draft_and_claim("published"), "level_periods.csv"),
        (talks("published"), "meetings.csv"),
    ):
        preview = upload(client, content, name)
        assert preview.context["report"].ok, preview.context["report"].problems
        assert confirm(client, preview).status_code == 302

    assert set(LevelPeriod.objects.values_list("status", flat=True)) == {Status.DRAFT, Status.PUBLISHED}
    assert Meeting.objects.get().status == Status.PUBLISHED


def test_an_editor_s_drafts_and_claims_for_review_are_imported(client, editor, draft_and_claim, talks):
    for content, name in (
        (draft_and_claim("in_review"), "level_periods.csv"),
        (talks("draft"), "meetings.csv"),
    ):
        preview = upload(client, content, name)
        assert preview.context["report"].ok, preview.context["report"].problems
        assert confirm(client, preview).status_code == 302

    assert set(LevelPeriod.objects.values_list("status", flat=True)) == {Status.DRAFT, Status.IN_REVIEW}
    assert Meeting.objects.get().status == Status.DRAFT


def test_an_editor_may_import_an_unchanged_public_package_again(client, editor, draft_and_claim, tmp_path):
    content = draft_and_claim("published")
    (tmp_path / "level_periods.csv").write_bytes(content)
    _, err, failed = run(tmp_path / "level_periods.csv")  # the command: every status
    assert not failed, err

    response = upload(client, content, "level_periods.csv")

    assert response.context["report"].ok
    assert response.context["counts"] == [
        {"table": "level_periods", "created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    ]


@pytest.mark.parametrize(
    "change",
    [{"status": "published", "notes": "an editor's note"}, {"status": "draft"}],
    ids=["edit", "unpublish"],
)
def test_an_editor_s_change_to_a_published_level_is_refused_as_on_its_change_form(
    client, editor, draft_and_claim, tmp_path, change
):
    (tmp_path / "level_periods.csv").write_bytes(draft_and_claim("published"))
    assert not run(tmp_path / "level_periods.csv")[2]
    published = LevelPeriod.objects.get(status=Status.PUBLISHED)
    # The admin's change form gives the editor no way to change it either.
    change_form = client.get(reverse("admin:partnerships_levelperiod_change", args=[published.pk]))
    assert 'name="_save"' not in change_form.content.decode()

    response = upload(client, draft_and_claim(**change), "level_periods.csv")

    assert response.context["report"].problems == [
        Problem("level_periods", 2, "status", ONLY_A_REVIEWER["changed level"])
    ]
    published.refresh_from_db()
    assert (published.status, published.notes) == (Status.PUBLISHED, "")


# Both paths ------------------------------------------------------------------------------------------------


def test_both_paths_refuse_an_editor_s_rows_in_the_same_words(editor, partners, quoted, tmp_path):
    declaring, partner, other = partners
    recorded = tmp_path / "recorded" / "level_periods.csv"
    write_csv(
        recorded,
        COLUMNS,
        [
            level(declaring.code, partner.code, "strategic", "2011-06", status="published", citations=quoted),
            level(declaring.code, other.code, "friendly", "2001", status="published", citations=quoted),
        ],
    )
    assert not run(recorded)[2]
    rows = [
        level(declaring.code, partner.code, "strategic", "2011-06", status="published", citations=quoted),
        level(
            declaring.code, other.code, "friendly", "2001", status="published", citations=quoted, notes="x"
        ),
        level(partner.code, other.code, "friendly", "2005", status="published", citations=quoted),
        level(partner.code, other.code, "strategic", "2015", status="in_review", citations=quoted),
    ]
    path = write_csv(tmp_path / "editor" / "level_periods.csv", COLUMNS, rows)
    statuses = statuses_for(editor)

    per_row = import_tables(read_dataset(path), dry_run=True, statuses=statuses)
    set_based = import_path(path, dry_run=True, statuses=statuses)

    assert (
        per_row.problems
        == set_based.problems
        == [
            Problem("level_periods", 2, "status", ONLY_A_REVIEWER["changed level"]),
            Problem("level_periods", 3, "status", ONLY_A_REVIEWER["published level"]),
        ]
    )
    assert per_row.counts == set_based.counts
    assert dict(set_based.counts["level_periods"]) == {
        "created": 1,
        "updated": 0,
        "unchanged": 1,
        "rejected": 2,
    }
    # The command (statuses left out) imports every status.
    assert import_path(path, dry_run=True).ok and import_tables(read_dataset(path), dry_run=True).ok


# The per-list screens ---------------------------------------------------------------------------------------


def levels_on_list(partners, quoted, status: str) -> bytes:
    declaring, partner, _ = partners
    data = tablib.Dataset(headers=["party_a", "party_b", "scheme", "tier", "start", "status", "citations"])
    data.append([declaring.code, partner.code, "dl", "strategic", "2011-06", status, quoted])
    return data.csv.encode()


def test_the_list_screen_refuses_an_editor_s_published_level(client, editor, partners, quoted):
    content = levels_on_list(partners, quoted, "published")

    response = preview_on_list(client, "partnerships_levelperiod", content, "levels.csv")

    assert "confirm_form" not in response.context
    (invalid,) = response.context["result"].invalid_rows
    assert (invalid.number, invalid.error_dict) == (1, {"status": [ONLY_A_REVIEWER["published level"]]})
    assert not LevelPeriod.objects.exists() and not Relationship.objects.exists()


def test_the_list_screen_imports_an_editor_s_draft_and_a_reviewer_s_published_level(client, partners, quoted):
    for group, status in (("editors", "draft"), ("reviewers", "published")):
        LevelPeriod.objects.all().delete()
        curator(client, group)
        response = preview_on_list(
            client, "partnerships_levelperiod", levels_on_list(partners, quoted, status), "levels.csv"
        )
        assert "confirm_form" in response.context, response.context["result"].invalid_rows
        confirm_on_list(client, "partnerships_levelperiod", response)
        assert LevelPeriod.objects.get().status == status


def staff_with(client, *codenames: str) -> User:
    user = User.objects.create_user(username="-".join(codenames), password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return user


def test_the_list_screens_need_the_model_s_permissions(client):
    """Import: the model's add and change permissions; export: its view permission."""
    content = b"url,title,publisher\nhttps://news.example.org/a,A title,Xinhua\n"
    staff_with(client, "view_source")

    assert client.get(reverse("admin:sources_source_changelist")).status_code == 200
    assert client.get(reverse("admin:sources_source_import")).status_code == 403
    assert preview_on_list(client, "sources_source", content, "sources.csv").status_code == 403
    assert client.post(reverse("admin:sources_source_process_import"), {}).status_code == 403
    assert client.get(reverse("admin:sources_source_export")).status_code == 200
    assert client.get(reverse("admin:partnerships_levelperiod_export")).status_code == 403
    for lacking_one in (("view_source", "change_source"), ("view_source", "add_source")):
        staff_with(client, *lacking_one)
        assert client.get(reverse("admin:sources_source_import")).status_code == 403, lacking_one
    assert not Source.objects.exists()

    staff_with(client, "view_source", "add_source", "change_source")
    assert client.get(reverse("admin:sources_source_import")).status_code == 200
