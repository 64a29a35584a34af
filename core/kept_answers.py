"""Anonymous answers kept in the cache for as long as the data they show is unchanged.

An answer is kept under the request's path, query and ``Accept`` header and the *data version*: a token
PostgreSQL draws anew whenever a table the API and the pages read from changes (``core.data_version``).
Each request reads the token (one indexed single-row query) and finds the answer made from the current
data, or makes it. No answer is ever stale, so nothing needs invalidating; a change simply makes the old
entries unreachable until the cache evicts them.

``KeptAnswerMiddleware`` is the whole mechanism. It runs before sessions, authentication and the view, for
GET requests that cannot be signed in (no session cookie, no ``Authorization`` header): a kept answer then
costs the data-version read and little else. What it keeps, the views decide the HTTP way: a complete 200
answer that says ``Cache-Control: public`` and sets no cookie is the same for every anonymous reader.

The cache is Django's ``answers`` one (apart from throttling counts, which would evict answers): files
every worker of the machine shares, or Redis shared by every machine when ``REDIS_URL`` is set
(config/settings.py). A cache that fails costs a miss, never an error. ``RESPONSE_CACHE_SECONDS=0`` turns
it off.
"""

import contextlib
import hashlib
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import parse_http_date_safe

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


class KeptAnswers:
    """The kept answer to one request: found, or kept once the view has made it."""

    def __init__(self, request):
        # Read before the view runs: an answer made while the data changes is kept under the older version.
        text = f"{data_version.current()}|{request.get_full_path()}|{request.headers.get('Accept', '')}"
        self.key = "answer:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def find(self) -> HttpResponse | None:
        """The kept answer, as a fresh response (its ETag and Last-Modified included), or None."""
        try:
            stored = caches["answers"].get(self.key)
        except OSError:  # a full or unwritable disk under the file cache
            return None
        if stored is None:
            return None
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response

    def keep(self, response) -> None:
        """Keep ``response`` if it is the same for every anonymous reader (see the module docstring)."""
        if not _same_for_everyone(response):
            return
        headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
        with contextlib.suppress(OSError):  # as in find(): the answer is simply not kept
            caches["answers"].set(self.key, (response.content, headers), settings.RESPONSE_CACHE_SECONDS)


def _same_for_everyone(response) -> bool:
    directives = {
        part.strip().split("=")[0].lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return (
        response.status_code == 200
        and not response.streaming
        and "public" in directives
        and response.has_header("ETag")
        and not response.cookies
    )


def _can_only_be_anonymous(request) -> bool:
    cookies = request.COOKIES
    return (
        "Authorization" not in request.headers
        and settings.SESSION_COOKIE_NAME not in cookies
        # A flash message waits for this reader: the page must be made for them.
        and "messages" not in cookies
    )


def _within_rate(request) -> bool:
    """Whether the view that would answer lets this reader have another answer now, by its own throttles.

    API views count anonymous readers (429 over the rate); pages have no throttles.
    """
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return True
    throttles = getattr(getattr(view, "cls", None), "throttle_classes", ())
    # What a throttle reads of a request: who (no one, here) and from where.
    reader = SimpleNamespace(user=AnonymousUser(), META=request.META, headers=request.headers)
    return all(throttle().allow_request(reader, None) for throttle in throttles)


class KeptAnswerMiddleware:
    """Answer an anonymous GET from a kept answer, before sessions, authentication and the view; keep the
    view's answer otherwise. Over the view's rate, the request goes on to the view, which refuses it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            settings.RESPONSE_CACHE_SECONDS > 0
            and request.method == "GET"
            and _can_only_be_anonymous(request)
        ):
            return self.get_response(request)
        answers = KeptAnswers(request)
        kept = answers.find()
        if kept is not None and _within_rate(request):
            last_modified = parse_http_date_safe(kept.get("Last-Modified", ""))
            return get_conditional_response(
                request, etag=kept["ETag"], last_modified=last_modified, response=kept
            )
        response = self.get_response(request)
        answers.keep(response)
        return response
