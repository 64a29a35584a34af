"""When the database refuses or loses a connection, answer a short 503 rather than a 500 with a traceback.

Covers whatever the request was doing: a view, DRF's exception handling and template rendering reach
``process_exception``; a database error raised in another middleware (the kept-answer middleware reads the
data version before any view runs; sessions are saved after it) is turned into a 500 response by Django
itself before it gets here, so the ``got_request_exception`` signal marks the request and the 500 is replaced
on the way out. Django's own "Internal Server Error" log line is dropped for such a request
(``SkipAnsweredDatabaseErrors``); the warning logged here names the limit that was hit instead.

The connection is health-checked before each use (``CONN_HEALTH_CHECKS``), so once the server is back (or
has a free slot) the next request reconnects by itself: no restart is needed.
"""

import logging
import sys

import psycopg
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

# Seconds a client should wait before trying again.
RETRY_AFTER = 30
MESSAGE = "The database is unavailable for a moment; please try again shortly."
_PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Unavailable: Entente</title>"
    f"<h1>Temporarily unavailable</h1><p>{MESSAGE}</p></html>"
)
# Django's wrappers, and psycopg's own errors for any that escape them (psycopg_pool's PoolTimeout is a
# psycopg OperationalError).
UNAVAILABLE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)
_MARK = "_entente_database_unavailable"

# Which limit was hit, from PostgreSQL's message (a refused connection carries no SQLSTATE).
_CAUSES = [
    (
        ("too many clients", "remaining connection slots are reserved", "53300"),
        "the server's max_connections is reached (too many clients)",
    ),
    (
        ("the database system is starting up", "not yet accepting connections", "57P03"),
        "the server is starting up",
    ),
    (
        ("the database system is shutting down", "57P01", "administrator command"),
        "the server is shutting down, or ended the connection",
    ),
    (("in recovery mode", "57P02"), "the server is recovering from a crash"),
    (("connection refused", "no such file or directory", "could not connect"), "the server is down"),
]


def describe(error: BaseException) -> str:
    """Which limit ``error`` says was hit, in words for the log."""
    from psycopg_pool import PoolTimeout, TooManyRequests

    chain, seen = [], error
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    if any(isinstance(link, PoolTimeout | TooManyRequests) for link in chain):
        return _pool_cause()
    text = " ".join(f"{getattr(link, 'sqlstate', '') or ''} {link}" for link in chain).lower()
    for needles, cause in _CAUSES:
        if any(needle.lower() in text for needle in needles):
            return cause
    return "the connection failed or was lost"


def _pool_cause() -> str:
    """Why the pool gave no connection: the server refusing new ones (the pool's connection attempts since
    the last report failed), or its connections all busy."""
    from django.db import connections

    for alias in connections:
        pool = getattr(connections[alias], "pool", None)
        if pool is None:
            continue
        stats = pool.pop_stats()  # counters since the previous call
        if stats.get("connections_errors"):
            return (
                f"this process's pool could not open a connection within DB_POOL_TIMEOUT ({alias}: "
                f"{stats['connections_errors']} attempts failed): the server refuses new ones, see the "
                "pool's warnings"
            )
        if stats.get("pool_available", 0) == 0:
            return (
                f"all {stats['pool_max']} connections of this process's pool (DB_POOL_MAX_SIZE) stayed in "
                f"use for DB_POOL_TIMEOUT ({alias})"
            )
    return "no free connection in this process's pool within DB_POOL_TIMEOUT"


def unavailable_response(request, error: BaseException) -> HttpResponse:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    logger.warning(
        "Database unavailable on %s %s: %s (%s)", request.method, request.path, describe(error), first_line
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        response = HttpResponse(_PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def _mark_request(sender, request=None, **kwargs):
    """Sent by Django just before it makes a 500 of an exception no middleware handled."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, UNAVAILABLE):
        setattr(request, _MARK, error)


got_request_exception.connect(_mark_request, dispatch_uid="entente-database-unavailable")


class DatabaseUnavailableMiddleware:
    """The outermost middleware: nothing inside it answers a refused database with a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except UNAVAILABLE as error:  # raised while Django was already making a 500 (its error page, say)
            return unavailable_response(request, error)
        error = getattr(request, _MARK, None)
        if error is not None and response.status_code == 500:
            return unavailable_response(request, error)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        return unavailable_response(request, exception)


class SkipAnsweredDatabaseErrors(logging.Filter):
    """Drop django.request's "Internal Server Error" record for a request answered 503 above."""

    def filter(self, record):
        return getattr(getattr(record, "request", None), _MARK, None) is None
