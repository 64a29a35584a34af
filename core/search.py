"""How meetings and sources are searched and ranked: one rule for both (the search page, the API's ``q``).

Both tables have a stored ``search_vector`` and a ``title``, each with a GIN index (full text; trigrams).
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connections, models, transaction
from django.db.models import Case, F, Q, Value, When

# The search page ranks at most this many matches of a table, those the indexes give first: ranking every
# match of a common word (25,000 of 500,000 sources for "Hanoi") read each one's text vector and took
# seconds. The page says when a query found more, so that a reader adds a word.
CANDIDATES = 500


def matching(query: SearchQuery, text: str) -> Q:
    """Rows whose words match ``query``, or whose title has a word half-similar to ``text`` ("Bejing").

    Both are index lookups; the similarity threshold (0.5) is set for every connection in config/settings.py.
    """
    return Q(search_vector=query) | Q(title__trigram_word_similar=text)


def relevance(query: SearchQuery, text: str):
    """Word matches first, by ``ts_rank`` (title words above the rest); misspelt titles after, by similarity.

    Similarity is computed only where the words do not match: computed for every match of a common word it
    cost about a second per 100,000 rows.
    """
    return Case(
        When(Q(search_vector=query), then=SearchRank(F("search_vector"), query) + Value(1.0)),
        default=TrigramWordSimilarity(text, "title"),
        output_field=models.FloatField(),
    )


def web_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


def ranked(queryset, text: str, *order: str):
    """All of ``queryset`` matching ``text``, most relevant first, then by ``order`` (the API's ``q``)."""
    query = web_query(text)
    return (
        queryset.annotate(relevance=relevance(query, text))
        .filter(matching(query, text))
        .order_by("-relevance", *order)
    )


@dataclass
class BestMatches:
    """The best of the first ``CANDIDATES`` matches; ``more`` when there were more to rank."""

    rows: models.QuerySet
    more: bool
    limit: int


def best_matches(queryset, text: str, *order: str) -> BestMatches:
    """The search page's ranking: the first ``CANDIDATES`` matches the indexes give, of them those in
    ``queryset`` (published, public…), ranked. The candidates are read from the whole table: whether a row
    is in ``queryset`` is then asked of them alone, not of every match. ``rows`` is a queryset of the
    model holding the candidates in ``queryset``, ranked (``queryset``'s own select_related and
    annotations are not kept)."""
    query = web_query(text)
    table = queryset.model._default_manager.order_by()
    with transaction.atomic(using=table.db), connections[table.db].cursor() as cursor:
        # With a LIMIT the planner would read the table in order, testing each row's trigrams (0.3 s for
        # "Hanoi" in 1,000,000 meetings); the two indexes give the same rows in milliseconds.
        cursor.execute("SET LOCAL enable_seqscan = off")
        candidates = list(_word_matches_first(table, query, text)[: CANDIDATES + 1])
        # Whether a candidate is in ``queryset`` is asked here too, by index probes per candidate: left to
        # itself the planner read every citation of the table into a hash for the 500 (0.12 s → 0.01 s).
        shown = list(queryset.filter(pk__in=candidates[:CANDIDATES]).values_list("pk", flat=True))
    rows = (
        queryset.model._default_manager.filter(pk__in=shown)
        .annotate(relevance=relevance(query, text))
        .order_by("-relevance", *order)
    )
    return BestMatches(rows, more=len(candidates) > CANDIDATES, limit=CANDIDATES)


def _word_matches_first(table, query: SearchQuery, text: str):
    """The ids of rows ``matching``: those whose words match first, then those with only a title word like
    ``text``, in one statement that reads the second index only if the first gave too few.

    A word match ranks above any near spelling (``relevance``), so near spellings fill only the places left;
    asked as one ``OR``, PostgreSQL read both indexes whole before the first row (25,000 entries each for
    "Hanoi": 29 ms; the word index alone, 12 ms).
    """
    limit = CANDIDATES + 1
    words = table.filter(search_vector=query).values_list("pk", flat=True)[:limit]
    near = (
        table.filter(title__trigram_word_similar=text)
        .exclude(search_vector=query)
        .values_list("pk", flat=True)[:limit]
    )
    return words.union(near, all=True)
