"""Is a citation's quote really in its source? Checked against the source's stored text.

Curators copy quotes from web pages, PDFs and word processors, which disagree about case, line breaks,
curly quotes and dashes; none of that makes a quote wrong. ``normalise_for_quotes`` removes those
differences, and an ellipsis in a quote (``…``, ``...``, ``[…]``) stands for omitted words: the parts
around it must appear in the text in that order. Anything else, a changed word included, is a mismatch.
"""

import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models

from sources.models import Citation, Source

# Typographic quotes and primes to their plain forms (NFKC leaves these alone).
_PLAIN_QUOTES = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»〝〞〟＂″", '"'),
        **dict.fromkeys("‘’‚‛‹›′`´", "'"),
    }
)
# Hyphens, dashes and minus signs of every kind (after NFKC).
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]")
_WHITE_SPACE = re.compile(r"\s+")
# An ellipsis marks omitted words; square brackets around it are the scholarly form.
_ELLIPSIS = re.compile(r"\s*\[?\s*\.{3,}\s*\]?\s*")


def normalise_for_quotes(text: str) -> str:
    """``text`` without the differences copying introduces: case, white space, quote and dash styles."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_PLAIN_QUOTES)
    text = _DASHES.sub("-", text)
    return _WHITE_SPACE.sub(" ", text).strip()


def _parts(quote: str) -> list[str]:
    # The ellipsis is read after NFKC, which turns "…" into "...".
    return [part for part in _ELLIPSIS.split(normalise_for_quotes(quote)) if part]


def found_in_normalised(quote: str, normalised_text: str) -> bool:
    """``quote_found_in`` for a text already through ``normalise_for_quotes`` (to check many quotes)."""
    position = 0
    for part in _parts(quote):
        position = normalised_text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def quote_found_in(quote: str, text: str) -> bool:
    """Whether ``quote`` stands in ``text``, ignoring case, white space, typographic quotes and dashes.

    An ellipsis in the quote matches any omitted words in between. An empty quote is found anywhere.
    """
    return found_in_normalised(quote, normalise_for_quotes(text))


class QuoteCheck(enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not found"
    NO_QUOTE = "no quote"
    NO_TEXT = "no stored text"

    @property
    def is_mismatch(self) -> bool:
        return self is QuoteCheck.NOT_FOUND


def check_quote(quote: str, text: str) -> QuoteCheck:
    """The outcome of checking one quote against its source's stored text; unchecked when either is empty."""
    if not quote.strip():
        return QuoteCheck.NO_QUOTE
    if not text.strip():
        return QuoteCheck.NO_TEXT
    return QuoteCheck.FOUND if quote_found_in(quote, text) else QuoteCheck.NOT_FOUND


def citation_models() -> list[type[Citation]]:
    """Every concrete citation table (one per kind of claim), found without importing the apps that cite."""
    return [model for model in apps.get_models() if issubclass(model, Citation)]


@dataclass(frozen=True)
class Mismatch:
    """A citation whose quote is not in its source's stored text."""

    model: type[Citation]
    citation_id: int
    source_id: int
    quote: str


def unfound_quotes(citations: models.QuerySet) -> Iterator[Mismatch]:
    """The citations of ``citations`` whose quote is not in their source's stored text.

    Reads each source's text once, however many quotes cite it: two queries, then one per 100 sources.
    Citations with no quote, or whose source has no stored text, cannot be checked and are not listed.
    """
    quotes_by_source: dict[int, list[tuple[int, str]]] = {}
    checkable = citations.exclude(quote="").exclude(source__text="").order_by("source_id", "pk")
    for pk, source_id, quote in checkable.values_list("pk", "source_id", "quote"):
        quotes_by_source.setdefault(source_id, []).append((pk, quote))
    texts = Source.objects.filter(pk__in=list(quotes_by_source)).order_by("pk").values_list("pk", "text")
    for source_id, text in texts.iterator(chunk_size=100):
        normalised = normalise_for_quotes(text)
        for pk, quote in quotes_by_source[source_id]:
            if quote.strip() and not found_in_normalised(quote, normalised):
                yield Mismatch(citations.model, pk, source_id, quote)


def all_unfound_quotes(models_to_check: Iterable[type[Citation]] | None = None) -> list[Mismatch]:
    """Mismatching citations of every citation table (or of ``models_to_check``)."""
    mismatches = []
    for model in models_to_check if models_to_check is not None else citation_models():
        mismatches += unfound_quotes(model.objects.all())
    return mismatches


def sources_with_unfound_quotes() -> set[int]:
    """Ids of the sources that some citation misquotes (the sources list's filter)."""
    return {mismatch.source_id for mismatch in all_unfound_quotes()}
