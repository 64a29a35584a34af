"""HTTP caching for anonymous readers, error pages, and the "cite this" box with its API link."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def record_pages(world):
    return {
        "/parties/KH/": ("/api/v1/parties/KH/", "Cambodia: partnerships and meetings"),
        "/relationships/CN-KH/": (
            "/api/v1/relationships/CN-KH/",
            "China – Cambodia: partnership levels and meetings",
        ),
        f"/meetings/{world.visit.pk}/": (
            f"/api/v1/meetings/{world.visit.pk}/",
            "Xi Jinping meets Hun Manet in Beijing",
        ),
        f"/sources/{world.source.pk}/": (f"/api/v1/sources/{world.source.pk}/", "Claims backed by Xinhua"),
        "/people/xi-jinping/": ("/api/v1/people/xi-jinping/", "Xi Jinping: positions and meetings"),
        f"/tiers/cn/{world.strategic.slug}/": (
            "/api/v1/tiers/",
            "Comprehensive strategic cooperative partnership",
        ),
    }


def test_every_record_page_has_a_cite_this_box_and_an_api_link(client, world):
    for address, (api_path, title) in record_pages(world).items():
        page = client.get(address).content.decode()
        assert "Cite this page" in page, address
        assert f'href="{api_path}"' in page, address
        assert f"http://testserver{address}" in page, address
        assert "@misc{entente-" in page, address
        assert title.casefold() in page.casefold(), address


def test_cite_this_gives_plain_text_and_bibtex(client, world):
    response = client.get("/relationships/CN-KH/")

    citation = response.context["citation"]
    assert citation.plain.startswith("Entente. “China – Cambodia: partnership levels and meetings.” ")
    assert "http://testserver/relationships/CN-KH/ (accessed " in citation.plain
    assert citation.bibtex.startswith("@misc{entente-relationships-cn-kh,\n  author = {{Entente}},")
    assert "howpublished = {\\url{http://testserver/relationships/CN-KH/}}" in citation.bibtex


def test_anonymous_readers_get_an_etag_and_public_cache_control(client, world):
    response = client.get("/parties/KH/")

    assert response["ETag"]
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert not response.cookies


def test_a_current_copy_is_answered_with_304(client, world):
    etag = client.get("/relationships/CN-KH/")["ETag"]

    response = client.get("/relationships/CN-KH/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_signed_in_users_get_private_uncached_pages(client, world):
    user = get_user_model().objects.create_user("curator", password="x")
    client.force_login(user)

    response = client.get("/parties/KH/")

    assert "private" in response["Cache-Control"] and "ETag" not in response


def test_unknown_addresses_get_the_friendly_404_page(client, world):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "We have no page here" in page and 'role="search"' in page
    assert "Resolver404" not in page


def test_pages_have_landmarks_labels_and_a_skip_link(client, world):
    page = client.get("/relationships/CN-KH/").content.decode()

    assert '<a class="skip-link" href="#content">' in page
    assert (
        '<main id="content"' in page
        and "<header" in page
        and "<footer" in page
        and 'aria-label="Main"' in page
    )
    assert '<label for="site-search"' in page and '<label for="id_as_of">' in page
    assert 'role="img" aria-labelledby="timeline-title timeline-desc"' in page
