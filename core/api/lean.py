"""Answers whose JSON PostgreSQL writes: the hot read endpoints without a serializer per row.

A list still goes through DRF (routing, authentication, throttling, filters, pagination, content
negotiation): the filtered, paginated queryset gives the page's ids, and one query turns them into the
page's JSON text with ``json_build_object``. That text is put into the answer as it is
(``orjson.Fragment``), so no Python object is made per row or per nested citation.

The shape stays the documented one: each endpoint's serializer remains the schema (OpenAPI, CSV,
the browsable API), and tests/api/test_lean_documents.py holds the SQL's output equal to it.
``LEAN_ANSWERS=false`` turns every endpoint back to its serializers (the comparison's reference).
"""

from contextlib import contextmanager

import orjson
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from rest_framework import renderers
from rest_framework.response import Response

from core.partial_dates import Precision


def partial_date_sql(column: str, precision_column: str | None = None) -> str:
    """SQL for ``core.api.fields.partial_date``: ``2015``, ``2011-06``, ``2019-06-05``; null when unknown."""
    precision = precision_column or f"{column}_precision"
    return (
        f"CASE {precision} WHEN '{Precision.YEAR}' THEN to_char({column}, 'YYYY') "
        f"WHEN '{Precision.MONTH}' THEN to_char({column}, 'YYYY-MM') "
        f"WHEN '{Precision.DAY}' THEN to_char({column}, 'YYYY-MM-DD') END"
    )


def edtf_sql(column: str, approximate: str | None = None) -> str:
    """SQL for ``core.partial_dates.edtf_date``: the partial date, with ``~`` when ``approximate`` (a
    column) is true; null when unknown."""
    if approximate is None:
        return partial_date_sql(column)
    return f"({partial_date_sql(column)}) || CASE WHEN {approximate} THEN '~' ELSE '' END"


def timestamp_sql(column: str) -> str:
    """SQL for DRF's DateTimeField in UTC: ``2025-03-01T10:15:00.123456Z``, no fraction when it is zero."""
    return (
        f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') "
        f"|| CASE WHEN date_trunc('second', {column}) = {column} THEN '' "
        f"ELSE to_char({column} AT TIME ZONE 'UTC', '.US') END || 'Z'"
    )


class _PreparedCursor(ServerBindingCursor):
    """psycopg's server-side binding cursor that asks PostgreSQL to keep each statement's plan.

    A document query is one large SELECT whose text is the same for every request of its endpoint (the
    values travel as parameters): PostgreSQL spent more time planning it (2–4 ms) than running it. Kept
    as a prepared statement, it is planned once per connection (persistent, or pooled, connections keep
    it; ``DB_PREPARED_ANSWERS=false`` where a pooler in transaction mode cannot).
    """

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


class _PreparedDebugWrapper(CursorDebugWrapper):
    """Django's logging wrapper (tests, DEBUG), logging the statement with its values in place as for any
    other query: Django reads that from client-side cursors only."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


@contextmanager
def _document_cursor(using: str):
    connection = connections[using]
    if not settings.DB_PREPARED_ANSWERS:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    # Django's wrappers around it: queries are counted (execute wrappers) and logged as any other.
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        prepared = _PreparedCursor(connection.connection)
    wrapper = _PreparedDebugWrapper if connection.queries_logged else CursorWrapper
    cursor = wrapper(prepared, connection)
    with cursor:
        yield cursor


def json_text(sql: str, params, *, using: str = DEFAULT_DB_ALIAS) -> orjson.Fragment:
    """The JSON a query writes in its one row and column, as text put into the answer unparsed.

    ``using``: the database the request reads (its querysets' ``db``: a replica for an anonymous read).
    """
    with _document_cursor(using) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return orjson.Fragment(row[0] if row and row[0] is not None else "null")


_PAGE = "(SELECT id, position FROM unnest(%s::bigint[]) WITH ORDINALITY AS page(id, position))"


def documents(sql: str, ids: list[int], *, using: str = DEFAULT_DB_ALIAS, **querysets) -> orjson.Fragment:
    """A JSON array of the documents ``sql`` writes for ``ids``, in the order of ``ids``.

    ``sql`` selects one ``json`` value named ``document`` per row of ``{page}`` (the ids, with their
    ``position``): ``SELECT json_build_object(...) AS document, page.position FROM {page} page JOIN …``.
    Each queryset given by name stands in ``sql`` as ``{name}``, after ``{page}`` and in the order given.
    The statement is one SELECT, not WITH: django-pghistory prefixes any other statement with its context.
    """
    if not ids:
        return orjson.Fragment("[]")
    tables, params = {"page": _PAGE}, [ids]
    for name, queryset in querysets.items():
        query_sql, query_params = queryset.query.sql_with_params()
        tables[name] = f"({query_sql})"
        params.extend(query_params)
    in_order = "coalesce(json_agg(chosen.document ORDER BY chosen.position), '[]')::text"
    return json_text(f"SELECT {in_order} FROM ({sql.format(**tables)}) chosen", params, using=using)


def document(sql: str, id_: int, *, using: str = DEFAULT_DB_ALIAS) -> orjson.Fragment:
    """The one document ``sql`` (a ``documents`` query) writes for ``id_``."""
    sql = f"SELECT chosen.document::text FROM ({sql.format(page=_PAGE)}) chosen"
    return json_text(sql, [[id_]], using=using)


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON, written by orjson when an answer holds JSON text from PostgreSQL (a Fragment)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, orjson.Fragment) or (
            isinstance(data, dict) and any(isinstance(value, orjson.Fragment) for value in data.values())
        ):
            return orjson.dumps(data)
        return super().render(data, accepted_media_type, renderer_context)


class LeanAnswersMixin:
    """``list`` and ``retrieve`` answer JSON from PostgreSQL; CSV, the browsable API, writes and
    ``LEAN_ANSWERS=false`` keep the serializers.

    A view gives ``lean_documents(ids, filtered)`` for its list and/or ``lean_record_sql`` for one record
    (a ``documents`` query), and in ``lean_fields`` what its pagination orders by and what the answer's
    headers need (``version`` and ``updated_at`` for a record's ETag and Last-Modified).
    """

    lean_fields = ("pk",)
    lean_record_sql = None
    lean = False

    def lean_documents(self, ids: list[int], filtered) -> orjson.Fragment | None:
        """The page's documents for ``ids`` (``filtered``: the list's queryset as the filters left it);
        None: this list answers by its serializer."""
        return None

    def answers_lean(self) -> bool:
        return settings.LEAN_ANSWERS and isinstance(self.request.accepted_renderer, JSONRenderer)

    def filter_queryset(self, queryset):
        self.filtered = super().filter_queryset(queryset)
        if not self.lean:
            return self.filtered
        # Only ids and what the order and headers need: the documents come from PostgreSQL.
        return self.filtered.select_related(None).prefetch_related(None).only(*self.lean_fields)

    def list(self, request, *args, **kwargs):
        self.lean = self.answers_lean() and type(self).lean_documents is not LeanAnswersMixin.lean_documents
        if not self.lean:
            return super().list(request, *args, **kwargs)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.lean_documents([row.pk for row in page], self.filtered))

    def retrieve(self, request, *args, **kwargs):
        self.lean = self.answers_lean() and self.lean_record_sql is not None
        if not self.lean:
            return super().retrieve(request, *args, **kwargs)
        record = self.get_object()
        return Response(document(self.lean_record_sql, record.pk, using=record._state.db))
