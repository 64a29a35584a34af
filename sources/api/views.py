"""What every API view shares: strict parameters, CSV on lists, conditional GET and caching headers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
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

from sources.api.renderers import CSVRenderer

# How long shared caches and browsers may keep an anonymous answer (seconds).
ANONYMOUS_MAX_AGE = 300
# Query parameters every list understands besides its filters.
_GENERAL_PARAMETERS = {"format"}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The change conflicts with a record saved meanwhile; reload and try again."
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, also answering 400 for a model's ValidationError and 409 for a database conflict."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, IntegrityError):
        exc = Conflict()
    return drf_exception_handler(exc, context)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, refusing a query parameter the endpoint does not know instead of ignoring it."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(filterset_class.base_filters) if filterset_class else set()
        known |= _GENERAL_PARAMETERS | _pagination_parameters(view)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [f"Unknown parameter. This endpoint understands: {', '.join(sorted(known))}."]
                    for name in unknown
                }
            )
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
    * Anonymous answers may be cached publicly for ``ANONYMOUS_MAX_AGE`` seconds; others are private.
    """

    csv_serializer_class = None
    # Views that are lists without being a viewset's ``list`` action say so.
    is_list = False
    last_modified = None

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.is_list or getattr(self, "action", None) == "list":
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
        return conditional(request, response, self.last_modified)


def conditional(request, response, last_modified=None):
    """Set ETag (and Last-Modified when given) on a rendered-or-renderable answer; 304 on a match."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    set_response_etag(response)
    timestamp = None
    if last_modified is not None:
        timestamp = int(last_modified.timestamp())
        response["Last-Modified"] = http_date(timestamp)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )
