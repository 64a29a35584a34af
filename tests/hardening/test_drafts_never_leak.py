"""Unpublished records (drafts, claims in review, retracted ones) never reach a reader.

Not in API lists, details, searches, CSV, the changes log, the feed, the data package, the public pages,
their search or their counts. Curators who may view drafts see them in the API (so the marker is findable),
but public pages show published records to everyone.
"""

import io
import zipfile

import pytest

from tests.hardening.conftest import SECRET

pytestmark = pytest.mark.django_db

READERS = ["anonymous", "viewer"]
CURATORS = ["editor", "reviewer", "admin"]


def api_urls(world):
    draft, meeting, source = world["draft"], world["draft_meeting"], world["secret_source"]
    return [
        "/api/v1/parties/",
        "/api/v1/parties/LA/",
        "/api/v1/schemes/",
        "/api/v1/tiers/",
        "/api/v1/relationships/",
        "/api/v1/relationships/?party=LA",
        "/api/v1/relationships/?as_of=2024-01-01&include_uncertain=true",
        "/api/v1/relationships/?format=csv",
        "/api/v1/relationships/CN-KH/",
        "/api/v1/levels/",
        "/api/v1/levels/?format=csv",
        "/api/v1/levels/?party=LA",
        f"/api/v1/levels/{world['levels'][1].pk}/",
        "/api/v1/meetings/",
        "/api/v1/meetings/?q=SECRET",
        "/api/v1/meetings/?party=LA&format=csv",
        f"/api/v1/meetings/{world['meeting'].pk}/",
        "/api/v1/people/",
        "/api/v1/sources/",
        "/api/v1/sources/?q=SECRET",
        "/api/v1/sources/?format=csv",
        f"/api/v1/sources/{world['source'].pk}/",
        "/api/v1/changes/",
        "/api/v1/changes/?format=csv",
        "/api/v1/changes/feed/",
        # The unpublished records' own addresses.
        f"/api/v1/levels/{draft.pk}/",
        f"/api/v1/levels/{world['in_review'].pk}/",
        f"/api/v1/levels/{world['retracted'].pk}/",
        f"/api/v1/meetings/{meeting.pk}/",
        f"/api/v1/sources/{source.pk}/",
        "/api/v1/relationships/CN-LA/",
    ]


def page_urls(world):
    tier = world["tiers"][1]
    return [
        "/",
        "/parties/",
        "/parties/CN/",
        "/parties/LA/",
        "/relationships/CN-KH/",
        "/relationships/CN-KH/?as_of=1997-01-01",
        "/tiers/",
        f"/tiers/{tier.scheme.slug}/{tier.slug}/",
        f"/tiers/{tier.scheme.slug}/{tier.slug}/?as_of=2024-01-01&since=1900-01-01",
        "/meetings/",
        "/meetings/?party=LA",
        f"/meetings/{world['meeting'].pk}/",
        f"/sources/{world['source'].pk}/",
        "/search/?q=secret",  # lower case: the page repeats the words searched
        "/search/?q=Vientiane",
        "/search/?q=Gazette",
        f"/people/{world['secret_person'].slug}/",
        # The unpublished records' own addresses.
        f"/meetings/{world['draft_meeting'].pk}/",
        f"/sources/{world['secret_source'].pk}/",
        "/relationships/CN-LA/",
        "/sitemap.xml",
    ]


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


@pytest.mark.parametrize("role", READERS)
def test_api_shows_readers_nothing_unpublished(world, api_clients, role):
    client = api_clients[role]
    for url in api_urls(world):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert SECRET not in body(response), url
    assert client.get(f"/api/v1/levels/{world['draft'].pk}/").status_code == 404
    assert client.get(f"/api/v1/meetings/{world['draft_meeting'].pk}/").status_code == 404
    assert client.get(f"/api/v1/sources/{world['secret_source'].pk}/").status_code == 404


@pytest.mark.parametrize("role", CURATORS)
def test_api_shows_curators_the_drafts_they_may_view(world, api_clients, role):
    client = api_clients[role]
    assert SECRET in body(client.get("/api/v1/levels/"))
    assert SECRET in body(client.get(f"/api/v1/meetings/{world['draft_meeting'].pk}/"))
    assert client.get(f"/api/v1/sources/{world['secret_source'].pk}/").status_code == 200


@pytest.mark.parametrize("role", READERS + CURATORS)
def test_public_pages_show_nobody_anything_unpublished(world, page_clients, role):
    client = page_clients[role]
    for url in page_urls(world):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert SECRET not in body(response), url
    for url in (
        f"/meetings/{world['draft_meeting'].pk}/",
        f"/sources/{world['secret_source'].pk}/",
        "/relationships/CN-LA/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_data_package_holds_nothing_unpublished(world, api_clients, role):
    response = api_clients[role].get("/api/v1/export/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    for name in archive.namelist():
        assert SECRET.encode() not in archive.read(name), name
    levels = archive.read(next(name for name in archive.namelist() if name.endswith("levels.csv"))).decode()
    assert str(world["draft"].pk) not in [line.split(",")[0] for line in levels.splitlines()[1:]]


def test_export_command_holds_nothing_unpublished(world, tmp_path):
    from django.core.management import call_command

    call_command("export_dataset", str(tmp_path), stdout=io.StringIO())
    [path] = tmp_path.glob("*.zip")
    archive = zipfile.ZipFile(path)
    assert all(SECRET.encode() not in archive.read(name) for name in archive.namelist())


def test_home_counts_are_those_of_published_records(world, client):
    def counts():
        return client.get("/").context["counts"]

    with_unpublished = counts()
    unpublished = [world[name] for name in ("draft", "in_review", "retracted", "draft_meeting")]
    their_sources = {citation.source for record in unpublished for citation in record.citations.all()}
    for record in unpublished:
        record.delete()
    for source in their_sources:
        source.delete()
    assert counts() == with_unpublished


def test_changes_log_names_a_retracted_record_without_its_content(world, client):
    from django.core.cache import cache

    from partnerships.review import retract

    retract(world["levels"][1], reason=f"{SECRET} reason given by a reviewer")
    cache.clear()
    changes = client.get("/api/v1/changes/").json()["results"]
    entry = next(change for change in changes if change["id"] == world["levels"][1].pk)
    assert (entry["action"], entry["summary"]) == ("retracted", None)
    assert SECRET not in str(changes)
