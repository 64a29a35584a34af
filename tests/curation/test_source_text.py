"""A source's text from an uploaded or pasted web page, or a text file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.models import Source
from sources.text import text_from_file, text_from_html
from tests.factories import SourceFactory

PAGE = """<!doctype html><html><head><title>Ties</title><script>var tracking = 1;</script></head>
<body><nav>Home | World | Sport</nav>
<article><h1>China and Cambodia elevate ties</h1>
<p>The two sides agreed to build a &ldquo;community with a shared future&rdquo; in the new era.</p>
<p>The leaders met in Beijing on Friday and signed fourteen agreements on trade and infrastructure.</p>
</article><footer>Copyright 2023 The Paper</footer></body></html>"""


def test_the_main_text_of_a_page_is_kept_without_menus_footers_or_scripts():
    text = text_from_html(PAGE)

    assert "agreed to build a “community with a shared future” in the new era." in text
    assert "signed fourteen agreements" in text
    assert "tracking" not in text and "Copyright" not in text and "Sport" not in text


def test_a_pasted_fragment_too_small_to_judge_loses_only_its_markup():
    assert text_from_html("<p>Talks &amp; more</p><p>were held.</p>") == "Talks & more\nwere held."


def test_a_text_file_is_read_as_it_is_and_html_by_name_or_markup():
    assert text_from_file(b"Plain words.\n") == "Plain words."
    assert text_from_file("caf\xe9".encode("cp1252")) == "café"
    assert "community with a shared future" in text_from_file(PAGE.encode(), filename="page.txt")


pytestmark = pytest.mark.django_db


def source_form(**fields):
    return {
        "url": "https://news.example.org/ties",
        "title": "Ties",
        "publisher": "The Paper",
        "kind": "other",
        "published_on": "2023",
        "version": "",
        "change_reason": "",
        **fields,
    }


def test_uploading_a_page_in_the_admin_stores_its_text(admin_client):
    upload = SimpleUploadedFile("ties.html", PAGE.encode(), content_type="text/html")

    response = admin_client.post(reverse("admin:sources_source_add"), source_form(text_file=upload))

    assert response.status_code == 302
    assert "signed fourteen agreements" in Source.objects.get().text


def test_pasting_html_in_the_admin_replaces_the_text(admin_client):
    source = SourceFactory(text="old text")
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = source_form(
        url=source.url, title=source.title, publisher=source.publisher, html=PAGE, version=source.version
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.text.startswith("China and Cambodia elevate ties")
