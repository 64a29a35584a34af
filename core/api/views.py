"""What every API view shares: strict parameters, CSV on lists, conditional GET and caching headers."""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, transaction
from django.http import Http404
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

from core import history
from core.api.parameters import refuse_repeated, refuse_unknown
from core.api.renderers import CSVRenderer
from core.versioning import StaleVersion, lock_at_version

# How long shared caches and browsers may keep an anonymous answer (seconds).
ANONYMOUS_MAX_AGE = 300
# Query parameters every list understands besides its filters.
_GENERAL_PARAMETERS = {"format"}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The change conflicts with a record saved meanwhile; reload and try again."
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Send If-Match with the ETag of the record as you read it (GET it first), "
        "so that no one's edit is lost."
    )
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


IF_MATCH_HELP = (
    "Send `If-Match` with the ETag of a GET of the record: without it the answer is 428; if the record "
    "changed since, 412 with its current version and what changed meanwhile."
)

_VERSION_IN_ETAG = re.compile(r'^(?:W/)?"v(\d+)-')


def exception_handler(exc, context):
    """DRF's handler, also answering 400 for a model's ValidationError and 409 for a database conflict."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, IntegrityError):
        exc = Conflict()
    elif isinstance(exc, DataError):
        # A value no column can hold (a NUL character, say) that reached a lookup: the client's input, not
        # ours.
        exc = exceptions.ValidationError(
            {
                "detail": [
                    "A value in the request cannot be stored or looked up (for example a NUL character)."
                ]
            }
        )
    return drf_exception_handler(exc, context)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, refusing a query parameter the endpoint does not know instead of ignoring it."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "detail", False):
            # A record is named by its address: a list's filters are not its parameters (the schema names
            # none for any record), and building the filter set and its form was a third of a record's time.
            refuse_unknown(request.query_params, _GENERAL_PARAMETERS)
            return queryset
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(filterset_class.base_filters) if filterset_class else set()
        known |= _GENERAL_PARAMETERS | _pagination_parameters(view)
        refuse_unknown(request.query_params, known)
        return super().filter_queryset(request, queryset, view)


def _pagination_parameters(view) -> set[str]:
    paginator = getattr(view, "paginator", None)
    names = ("page_query_param", "page_size_query_param", "cursor_query_param")
    return {getattr(paginator, name) for name in names if getattr(paginator, name, None)}


class ApiViewMixin:
    """Mixed into every API view.

    * Lists also answer in CSV, through ``csv_serializer_class`` when the JSON shape is not flat.
    * GET answers carry an ETag (a hash of the body) and, for a record with ``updated_at``, a
      Last-Modified; a matching ``If-None-Match`` or ``If-Modified-Since`` answers 304.
    * Anonymous answers may be cached publicly for ``ANONYMOUS_MAX_AGE`` seconds (and are kept server-side
      while the data is unchanged, ``core.kept_answers``); others are private.
    """

    csv_serializer_class = None
    # Views that are lists without being a viewset's ``list`` action say so.
    is_list = False
    last_modified = None
    version = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_repeated(request.query_params)

    def get_renderers(self):
        renderers = super().get_renderers()
        # Lists only, and only for reading: an OPTIONS answer (the endpoint's description) has no rows.
        is_list = self.is_list or getattr(self, "action", None) == "list"
        if is_list and self.request.method in ("GET", "HEAD"):
            renderers.append(CSVRenderer())
        return renderers

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            formats = ", ".join(renderer.format for renderer in self.get_renderers())
            raise exceptions.ValidationError(
                {"format": [f"Not a format of this endpoint: use {formats}."]}
            ) from None

    @property
    def wants_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == CSVRenderer.format

    def get_serializer_class(self):
        if self.csv_serializer_class and self.wants_csv:
            return self.csv_serializer_class
        return super().get_serializer_class()

    def get_object(self):
        obj = super().get_object()
        self.last_modified = getattr(obj, "updated_at", None)
        self.version = getattr(obj, "version", None)
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        patch_vary_headers(response, ["Accept", "Cookie", "Authorization"])
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=ANONYMOUS_MAX_AGE)
        if response.status_code != status.HTTP_200_OK:
            return response
        if self.wants_csv:
            name = getattr(self, "basename", None) or "export"
            response["Content-Disposition"] = f'inline; filename="{name}.csv"'
        return conditional(request, response, self.last_modified, self.version)


def conditional(request, response, last_modified=None, version=None):
    """Set ETag (and Last-Modified when given) on a rendered-or-renderable answer; 304 on a match.

    A versioned record's ETag starts with its version (``"v3-…"``): the value to send back in If-Match.
    """
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    set_response_etag(response)
    if version is not None:
        response["ETag"] = f'"v{version}-{response["ETag"].strip(chr(34))}"'
    timestamp = None
    if last_modified is not None:
        timestamp = int(last_modified.timestamp())
        response["Last-Modified"] = http_date(timestamp)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )


class OptimisticConcurrencyMixin:
    """Updates need ``If-Match`` with the ETag of a GET: 428 without it, 412 when the record changed since.

    The row is locked from the check to the save, so two clients cannot both pass it.
    """

    def update(self, request, *args, **kwargs):
        if_match = request.headers.get("If-Match", "").strip()
        if not if_match:
            raise PreconditionRequired()
        match = _VERSION_IN_ETAG.match(if_match)
        if not match and if_match != "*":
            raise PreconditionFailed('If-Match must be the ETag of a GET of this record, such as "v3-…".')
        with transaction.atomic():
            obj = self.get_object()
            if match:
                read_at = int(match.group(1))
                try:
                    lock_at_version(type(obj), obj.pk, read_at)
                except StaleVersion as stale:
                    changes = history.changes_since(type(obj), obj.pk, read_at)
                    raise PreconditionFailed(
                        {
                            "detail": "The record changed since you read it; "
                            "GET it again and reapply your change.",
                            "current_version": stale.current_version,
                            "changed_meanwhile": [
                                {
                                    "when": entry.when.isoformat(),
                                    "by": entry.who,
                                    "changes": {
                                        change.field: [change.old, change.new] for change in entry.changes
                                    },
                                }
                                for entry in changes
                            ],
                        }
                    ) from None
            response = super().update(request, *args, **kwargs)
        obj.refresh_from_db(fields=["version"])
        response["ETag"] = f'"v{obj.version}-updated"'
        return response
