"""A source's text from what a curator has: a saved web page or a plain-text file.

Web pages are reduced to their main text (no menus, footers or scripts) by trafilatura, which works
offline on the HTML it is given; the stored text is what quotes are checked against.
"""

import html as html_entities
import re

import trafilatura
from django.utils.html import strip_tags

_LOOKS_LIKE_HTML = re.compile(r"<(?:!doctype|html|head|body|p|div|article|br)\b", re.IGNORECASE)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text[:5000]))


def text_from_html(html: str) -> str:
    """The main text of a web page, paragraphs on their own lines.

    trafilatura drops what is not the article; on a fragment too small for it to judge (a pasted
    paragraph or two), the markup is simply removed.
    """
    extracted = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if extracted:
        return extracted.strip()
    with_breaks = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</h[1-6]>|</li>", "\n", html)
    lines = (
        re.sub(r"[ \t]+", " ", line).strip()
        for line in html_entities.unescape(strip_tags(with_breaks)).splitlines()
    )
    return "\n".join(line for line in lines if line)


def decode(content: bytes) -> str:
    """Bytes of an uploaded file as text: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def text_from_file(content: bytes, *, filename: str = "") -> str:
    """The text of an uploaded ``.txt`` or ``.html`` file (HTML recognised by its name or its markup)."""
    text = decode(content)
    if filename.lower().endswith(_HTML_SUFFIXES) or looks_like_html(text):
        return text_from_html(text)
    return text.strip()
