"""Endpoints over the whole dataset: the change log and the data package."""

import datetime as dt

from django import forms
from django.http import HttpResponse, JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes, renderer_classes
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from core.api.pagination import PageNumberPagination, requested_page_size
from core.api.parameters import refuse_repeated, refuse_unknown
from core.api.views import ApiViewMixin, conditional
from dataset import package
from dataset.changes import changes_after, decode_position, encode_position


class ChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="When the record was last saved.")
    record = serializers.CharField(help_text="level or meeting.")
    id = serializers.IntegerField(help_text="The record's number.")
    action = serializers.CharField(help_text="published (new or corrected), or retracted: drop the record.")
    summary = serializers.CharField(allow_null=True, help_text="What the record says; null when retracted.")
    url = serializers.CharField(help_text="The record in this API.")

    class Meta:
        examples = {
            "at": "2025-03-01T10:15:00.123456Z",
            "record": "level",
            "id": 412,
            "action": "published",
            "summary": "China – Cambodia: comprehensive strategic cooperative partnership (2010-12-13–)",
            "url": "/api/v1/levels/412/",
        }


class ChangePageSerializer(serializers.Serializer):
    next = serializers.CharField(
        allow_null=True, help_text="The following changes; null when you have them all."
    )
    results = ChangeSerializer(many=True, help_text="Changes, oldest first.")

    class Meta:
        examples = {
            "next": "https://entente.example/api/v1/changes/?after=MjAyNS0wMy0wMVQxMDoxNTowMHxsZXZlbHw0MTI"
        }


class ChangeParameters(forms.Form):
    since = forms.DateTimeField(required=False, error_messages={"invalid": "Enter an ISO 8601 timestamp."})
    after = forms.CharField(required=False)

    def clean_since(self):
        # PostgreSQL refuses the offsets beyond ±15:59 that ISO 8601 allows: compare in UTC.
        since = self.cleaned_data["since"]
        return since.astimezone(dt.UTC) if since else None

    def clean_after(self):
        token = self.cleaned_data["after"]
        if not token:
            return None
        try:
            return decode_position(token)
        except ValueError:
            raise forms.ValidationError("Not a position from this list: follow the next link.") from None


def _query(name, kind, description, example):
    return OpenApiParameter(
        name, kind, description=description, examples=[OpenApiExample(name, value=example)]
    )


class ChangeList(ApiViewMixin, GenericAPIView):
    """The change log (see dataset.changes)."""

    serializer_class = ChangeSerializer
    pagination_class = None
    filter_backends = []  # its few parameters are checked in get()
    permission_classes = [AllowAny]  # read only: the change log of published records
    is_list = True

    @extend_schema(
        summary="Published changes, oldest first",
        description="For clients that sync: read from the start (or from `since`), then follow `next`; "
        "keep the last `next` to resume. Retracted records appear as `retracted`. "
        "An Atom feed of the newest is at /api/v1/changes/feed/.",
        parameters=[
            _query(
                "since",
                OpenApiTypes.DATETIME,
                "Changes saved at or after this moment (ISO 8601).",
                "2025-01-31T00:00:00Z",
            ),
            _query(
                "after",
                OpenApiTypes.STR,
                "Position from a `next` link.",
                "MjAyNS0wMy0wMVQxMDoxNTowMHxsZXZlbHw0MTI",
            ),
            _query("page_size", OpenApiTypes.INT, "Changes per page, 1 to 1000 (default 100).", 500),
            _query("format", OpenApiTypes.STR, "`csv` for a CSV table; `json` by default.", "csv"),
        ],
        responses=ChangePageSerializer,
    )
    def get(self, request):
        unknown = set(request.query_params) - {"since", "after", "page_size", "format"}
        if unknown:
            raise ValidationError(
                {
                    name: ["Unknown parameter. This endpoint understands: after, format, page_size, since."]
                    for name in sorted(unknown)
                }
            )
        form = ChangeParameters(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        limit = requested_page_size(request, "page_size", PageNumberPagination.page_size)
        changes = changes_after(form.cleaned_data["after"], since=form.cleaned_data["since"], limit=limit + 1)
        next_link = None
        if len(changes) > limit:
            changes = changes[:limit]
            query = request.query_params.copy()
            query["after"] = encode_position(changes[-1])
            next_link = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        response = Response({"next": next_link, "results": ChangeSerializer(changes, many=True).data})
        if next_link:
            response["Link"] = f'<{next_link}>; rel="next"'
        return response


class ZipRenderer(BaseRenderer):
    media_type = "application/zip"
    format = "zip"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


@extend_schema(
    summary="The whole dataset",
    description="A zip of CSV files with a Frictionless `datapackage.json` describing every table, column, "
    "type and key, the release date, the licence and how to cite it.",
    responses={
        (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The data package.")
    },
)
@api_view(["GET"])
@permission_classes([AllowAny])
@renderer_classes([ZipRenderer])
def export(request):
    try:
        refuse_repeated(request.query_params)
        refuse_unknown(request.query_params, {"format"})
    except ValidationError as error:
        # The zip renderer cannot write an error: the refusal is JSON, as on every other endpoint.
        return JsonResponse(error.detail, status=400)
    name, content = package.build_zip()
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "public, max-age=300"
    return conditional(request, response)
