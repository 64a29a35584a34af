"""Anonymous answers kept in the cache for as long as the data they show is unchanged.

An answer is stored under the request's path, query and ``Accept`` header and the *data version*: a token
PostgreSQL draws anew whenever a table the API and the pages read from changes (``core.data_version``).
Each request reads the token (one indexed single-row query) and finds the answer made from the current
data, or makes it. No answer is ever stale, so nothing needs invalidating; a change simply makes the old
entries unreachable until the cache evicts them.

Only anonymous GET and HEAD requests are served from the cache: editors see drafts, and their answers are
private. The cache is Django's ``answers`` one (apart from throttling counts, which would evict answers):
files every worker of the machine shares, or Redis shared by every machine when ``REDIS_URL`` is set
(config/settings.py). A cache that fails costs a miss, never an error. ``RESPONSE_CACHE_SECONDS=0`` turns
it off.

Views decide what is kept (``store``); ``KeptAnswerMiddleware`` answers a request that can only be
anonymous (no session cookie, no ``Authorization`` header) from a kept answer before sessions,
authentication and the view run: a kept answer then costs the data-version read and little else.
"""

import contextlib
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from rest_framework.throttling import AnonRateThrottle

from core import data_version

# Headers that belong to the answer and are the same for every anonymous reader.
_KEPT_HEADERS = (
    "Content-Type",
    "ETag",
    "Last-Modified",
    "Link",
    "Content-Disposition",
    "Vary",
    "Cache-Control",
)


def enabled_for(request, *, anonymous: bool) -> bool:
    return settings.RESPONSE_CACHE_SECONDS > 0 and anonymous and request.method in ("GET", "HEAD")


def key(request) -> str:
    """The request's cache key; the data version is read once per request (the middleware, then the view)."""
    request = getattr(request, "_request", request)  # DRF's request wraps Django's
    if not hasattr(request, "kept_answer_key"):
        accept = request.headers.get("Accept", "")
        text = f"{data_version.current()}|{request.get_full_path()}|{accept}"
        request.kept_answer_key = "answer:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return request.kept_answer_key


def load(cache_key: str) -> HttpResponse | None:
    """The stored answer, as a fresh response (its ETag and Last-Modified included), or None."""
    try:
        stored = caches["answers"].get(cache_key)
    except OSError:  # a full or unwritable disk under the file cache
        return None
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
    with contextlib.suppress(OSError):  # as in load(): the answer is simply not kept
        caches["answers"].set(cache_key, (response.content, headers), settings.RESPONSE_CACHE_SECONDS)


class _AnonymousClientThrottle(AnonRateThrottle):
    """The API's anonymous rate, counted in the same place, for a request not yet authenticated."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _can_only_be_anonymous(request) -> bool:
    cookies = request.COOKIES
    return (
        "Authorization" not in request.headers
        and settings.SESSION_COOKIE_NAME not in cookies
        # A flash message waits for this reader: the page must be made for them.
        and "messages" not in cookies
    )


class KeptAnswerMiddleware:
    """Answer an anonymous GET from a kept answer, before sessions, authentication and the view.

    API answers still count against the anonymous rate; over it, the request goes on to the view, which
    refuses it (429) as any other. Anything not kept goes on to the view, which may keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or not enabled_for(request, anonymous=_can_only_be_anonymous(request)):
            return self.get_response(request)
        kept = load(key(request))
        if kept is None:
            return self.get_response(request)
        if request.path.startswith("/api/") and not _AnonymousClientThrottle().allow_request(request, None):
            return self.get_response(request)
        last_modified = parse_http_date_safe(kept.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=kept["ETag"], last_modified=last_modified, response=kept
        )
