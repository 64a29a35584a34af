"""Anonymous answers kept in the cache for as long as the data they show is unchanged.

An answer is stored under the request's path, query and ``Accept`` header and the *data version*: a token
PostgreSQL draws anew whenever a table the API and the pages read from changes (events migration 0007).
Each request reads the token (one indexed single-row query) and finds the answer made from the current
data, or makes it. No answer is ever stale, so nothing needs invalidating; a change simply makes the old
entries unreachable until the cache evicts them.

Only anonymous GET and HEAD requests are served from the cache: editors see drafts, and their answers are
private. The cache is Django's default one: in-process memory, or Redis shared by every worker and
machine when ``REDIS_URL`` is set. ``RESPONSE_CACHE_SECONDS=0`` turns it off.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpResponse

# Headers that belong to the answer itself; Vary and Cache-Control are set anew on every answer.
_KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Link", "Content-Disposition")


def data_version() -> str:
    """The current data version, read from the database this request reads from (a replica, maybe)."""
    alias = router.db_for_read(None) or "default"
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT token FROM entente_data_version WHERE id = 1")
        row = cursor.fetchone()
    return str(row[0]) if row else "none"


def enabled_for(request, *, anonymous: bool) -> bool:
    return settings.RESPONSE_CACHE_SECONDS > 0 and anonymous and request.method in ("GET", "HEAD")


def key(request) -> str:
    accept = request.headers.get("Accept", "")
    text = f"{data_version()}|{request.get_full_path()}|{accept}"
    return "answer:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def load(cache_key: str) -> HttpResponse | None:
    """The stored answer, as a fresh response (its ETag and Last-Modified included), or None."""
    stored = cache.get(cache_key)
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def store(cache_key: str, response) -> None:
    """Keep a complete 200 answer (rendered, with its ETag) under ``cache_key``."""
    if response.status_code != 200 or response.streaming:
        return
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    cache.set(cache_key, (response.content, headers), settings.RESPONSE_CACHE_SECONDS)
