"""How meetings and sources are searched and ranked: one rule for both (the search page, the API's ``q``).

Both tables have a stored ``search_vector`` and a ``title``, each with a GIN index (full text; trigrams).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import models
from django.db.models import Case, F, Q, Value, When


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
