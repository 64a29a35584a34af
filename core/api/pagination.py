"""Every list is paginated, in a stable order, with a maximum page size.

A malformed ``page``, ``page_size`` or ``cursor`` answers 400 naming the parameter, never a silent
default. The next and previous pages are also given in a ``Link`` header, which CSV clients can read.
"""

from base64 import b64encode
from urllib import parse

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def requested_page_size(request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValidationError({name: [f"A whole number from 1 to {MAX_PAGE_SIZE}, not {raw!r}."]})
    if int(raw) > MAX_PAGE_SIZE:
        raise ValidationError(
            {name: [f"At most {MAX_PAGE_SIZE} items per page; follow the next link for more."]}
        )
    return int(raw)


def _link_header(response, next_link, previous_link):
    links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", next_link), ("prev", previous_link)) if url]
    if links:
        response["Link"] = ", ".join(links)
    return response


_PAGE_SIZE_DESCRIPTION = f"Items per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."


_ENVELOPE_HELP = {
    "count": "How many items the list holds, all pages together.",
    "next": "The following page; null on the last. Also in the Link header.",
    "previous": "The preceding page; null on the first. Also in the Link header.",
    "results": "This page's items.",
}


def _described(schema: dict) -> dict:
    for name, prop in schema["properties"].items():
        prop["description"] = _ENVELOPE_HELP[name]
    return schema


class _SizedPagesWithLinks:
    """What both paginations share: the page size a client may ask for, and the Link header."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return requested_page_size(request, self.page_size_query_param, self.page_size)

    def get_paginated_response_schema(self, schema):
        return _described(super().get_paginated_response_schema(schema))

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        return _link_header(response, self.get_next_link(), self.get_previous_link())

    def position_parameter(self) -> dict:
        raise NotImplementedError

    def get_schema_operation_parameters(self, view):
        return [
            self.position_parameter(),
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": _PAGE_SIZE_DESCRIPTION,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "example": 500},
            },
        ]


class FirstPageCountingPaginator(Paginator):
    """Django's paginator, counting a list that fits on its first page by that page's rows.

    The first page is read with one row more than it shows: when that row is missing the list is that
    long, and the COUNT query (the whole filter compiled and run a second time) is not needed. A longer
    list is counted by a query, as before, and its first page is the rows already read.
    """

    def page(self, number):
        if str(number) != "1" or "count" in self.__dict__:
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        # ``count`` is a cached property: storing it here is what Django's own first read would do.
        self.__dict__["count"] = len(rows) if len(rows) <= self.per_page else self.object_list.count()
        return self._get_page(rows[: self.per_page], 1, self)


class PageNumberPagination(_SizedPagesWithLinks, pagination.PageNumberPagination):
    django_paginator_class = FirstPageCountingPaginator

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param, "1")
        if raw != "last" and (not raw.isdigit() or int(raw) < 1):
            raise ValidationError({self.page_query_param: [f"A page number from 1, or “last”; not {raw!r}."]})
        return paginator.num_pages if raw in self.last_page_strings else raw

    def position_parameter(self) -> dict:
        return {
            "name": self.page_query_param,
            "required": False,
            "in": "query",
            "description": "Page number, from 1.",
            "schema": {"type": "integer", "minimum": 1, "example": 2},
        }


class CursorPagination(_SizedPagesWithLinks, pagination.CursorPagination):
    """For the big lists: pages stay consistent while records are added. Views set ``ordering``."""

    def get_ordering(self, request, queryset, view):
        return view.ordering

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, DjangoValidationError):
            # A well-formed cursor from another list: its position is not of this list's ordering's type.
            raise ValidationError(
                {self.cursor_query_param: ["Not a cursor from this list: follow the next or previous link."]}
            ) from None

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = None
            valid = False
        else:
            # DRF reads any base64 text as a cursor ("AAAA" as the first page): only one it could have
            # written itself, encoded exactly so, is a position in this list.
            raw = request.query_params.get(self.cursor_query_param)
            valid = cursor is None or (bool(cursor.position) and _encoded(cursor) == raw)
        if not valid:
            raise ValidationError(
                {self.cursor_query_param: ["Not a cursor from this list: follow the next or previous link."]}
            ) from None
        return cursor

    def position_parameter(self) -> dict:
        return {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": "Opaque position in the list; take it from the `next` or `previous` link.",
            "schema": {"type": "string", "example": "cD0yMDE5LTA2LTA1"},
        }


def _encoded(cursor) -> str:
    """The cursor parameter DRF's ``CursorPagination.encode_cursor`` writes for ``cursor``."""
    tokens = {}
    if cursor.offset != 0:
        tokens["o"] = str(cursor.offset)
    if cursor.reverse:
        tokens["r"] = "1"
    tokens["p"] = cursor.position
    return b64encode(parse.urlencode(tokens, doseq=True).encode("ascii")).decode("ascii")
