"""When the database is unreachable, answer a short 503 rather than a 500 with a traceback.

The connection is health-checked before each use (``CONN_HEALTH_CHECKS``), so once the server is back the
next request reconnects by itself: no restart is needed.
"""

import logging

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


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exception)
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": MESSAGE}, status=503)
        else:
            response = HttpResponse(_PAGE, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
