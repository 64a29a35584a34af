"""The admin's per-list import screens refuse a file too large for one request, and say what to use instead:
the screen that imports a data package, or the command."""

from django.urls import reverse

from dataset.admin import ADMIN_IMPORT_MAX_BYTES
from sources.models import Source
from tests.curation.test_admin_curation import preview, sources_csv


def test_a_file_over_the_limit_is_refused_with_the_command_to_use(admin_client):
    row = ["https://news.example.org/{}", "A title " + "x" * 200, "Xinhua", "2019-06", "state_media"]
    rows = [[row[0].format(number), *row[1:]] for number in range(ADMIN_IMPORT_MAX_BYTES // 250 + 1)]
    content = sources_csv(*rows)
    assert len(content) > ADMIN_IMPORT_MAX_BYTES

    response = preview(admin_client, "sources_source", content, "sources.csv")

    assert response.status_code == 200
    (message,) = response.context["form"].errors["import_file"]
    assert "the admin imports files of up to 2 MB in one request here" in message
    assert f'<a href="{reverse("admin:dataset_import")}">Import a data package</a> (up to 50 MB' in message
    assert "manage.py import_dataset FILE" in message
    assert not Source.objects.exists()


def test_a_file_under_the_limit_is_previewed(admin_client):
    content = sources_csv(["https://news.example.org/a", "Ties elevated", "Xinhua", "2019-06", "state_media"])

    response = preview(admin_client, "sources_source", content, "sources.csv")

    assert "confirm_form" in response.context
