"""Read replicas: anonymous reads go to a replica, everything else to the primary (``default``).

``ReplicaMiddleware`` marks an anonymous GET or HEAD outside the admin as a replica read and picks one of
``settings.DATABASE_REPLICAS`` (from ``DATABASE_REPLICA_URLS``) for the whole request, so that its queries
see one consistent copy. Writes, the admin, and whoever may be signed in (a session cookie, or an
``Authorization`` header for the API) stay on the primary: an editor always reads what they just wrote.
It runs before sessions and authentication (a kept answer's data version is read on the replica too), so
it decides by the request alone. With no replica configured, every query goes to ``default``.
"""

import random

from asgiref.local import Local
from django.conf import settings

_state = Local()


def replica_for_this_request() -> str | None:
    return getattr(_state, "replica", None)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return replica_for_this_request()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, first, second, **hints):
        # Replicas hold the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas receive the schema by replication.
        return db == "default"


def _reads_from_replica(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith("/admin/"):
        return False
    # Only a request carrying a session cookie or credentials can be signed in.
    return "Authorization" not in request.headers and settings.SESSION_COOKIE_NAME not in request.COOKIES


class ReplicaMiddleware:
    """Send this request's reads to a replica when it is an anonymous read (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = settings.DATABASE_REPLICAS
        if not replicas or not _reads_from_replica(request):
            return self.get_response(request)
        _state.replica = random.choice(replicas)
        try:
            response = self.get_response(request)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # templates read lazily: on the same replica
            return response
        finally:
            _state.replica = None
