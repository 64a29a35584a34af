"""Endpoints that read meetings with levels: meetings, people, sources, a pair's record, changes, export."""

import datetime as dt

from django import forms
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view, permission_classes, renderer_classes
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from core.api.pagination import CursorPagination, PageNumberPagination, requested_page_size
from core.api.views import ApiViewMixin, OptimisticConcurrencyMixin, conditional
from events import dataset
from events.api.changes import changes_after, decode_position, encode_position
from events.api.filters import MeetingFilterSet, PersonFilterSet, SourceFilterSet
from events.api.queries import backing_sources, timeline
from events.api.serializers import (
    MeetingDetailSerializer,
    MeetingSerializer,
    MeetingWriteSerializer,
    PersonRowSerializer,
    PersonSerializer,
    RelationshipDetailSerializer,
    SourceDetailSerializer,
    SourceSerializer,
)
from events.models import PAIR_RECORD_MEETINGS, Meeting, Person
from partnerships.api import views as partnerships_views
from partnerships.models import LevelPeriod, Party, Relationship


@extend_schema_view(
    list=extend_schema(summary="Meetings", description="Latest first; cursor-paginated."),
    retrieve=extend_schema(summary="One meeting with participants, citations and the levels it announced"),
    create=extend_schema(summary="Record a meeting (editors)"),
    update=extend_schema(summary="Correct a meeting (editors)"),
    partial_update=extend_schema(summary="Correct part of a meeting (editors)"),
)
class MeetingViewSet(
    OptimisticConcurrencyMixin,
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = MeetingFilterSet
    pagination_class = CursorPagination
    ordering = ("-start_date", "-id")
    lookup_value_regex = "[0-9]+"
    lookup_example = 88
    lookup_description = "The meeting's number."

    def get_queryset(self):
        meetings = Meeting.objects.visible_to(self.request.user)
        if self.action == "list":
            return meetings.for_public_list()
        return meetings.for_public_page()

    def get_serializer_class(self):
        if self.action == "list":
            return MeetingSerializer
        if self.action == "retrieve":
            return MeetingDetailSerializer
        return MeetingWriteSerializer


@extend_schema_view(
    list=extend_schema(summary="People", description="By name."),
    retrieve=extend_schema(summary="One person with the offices they held"),
)
class PersonViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    csv_serializer_class = PersonRowSerializer
    filterset_class = PersonFilterSet
    pagination_class = PageNumberPagination
    lookup_field = "slug"
    lookup_example = "hun-manet"
    lookup_description = "The person's slug."

    def get_queryset(self):
        return Person.objects.for_public_page().order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Sources", description="Latest publication first; each with the claims it backs."
    ),
    retrieve=extend_schema(summary="One source with the levels and meetings it backs, quotes included"),
)
class SourceViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = SourceFilterSet
    pagination_class = PageNumberPagination
    lookup_value_regex = "[0-9]+"
    lookup_example = 17
    lookup_description = "The source's number."

    def get_queryset(self):
        sources = backing_sources(self.request.user)
        return sources.order_by("-published_on", "publisher", "pk")

    def get_serializer_class(self):
        return SourceSerializer if self.action == "list" else SourceDetailSerializer

    def get_object(self):
        source = super().get_object()
        user = self.request.user
        levels = LevelPeriod.objects.visible_to(user).cited_by(source).with_parties()
        source.backed_levels = levels.order_by("start_date", "pk")
        source.backed_meetings = (
            Meeting.objects.visible_to(user).cited_by(source).order_by("start_date", "pk")
        )
        return source


def _pair(key: str) -> tuple[Party, Party]:
    codes = key.upper().split("-")
    if len(codes) != 2:
        raise Http404("A pair is two codes joined by a hyphen: CN-KH.")
    parties = [Party.objects.by_code(code).first() for code in codes]
    if None in parties or parties[0] == parties[1]:
        raise Http404("No such pair of parties.")
    return parties[0], parties[1]


@extend_schema_view(
    retrieve=extend_schema(
        summary="A pair's full record",
        description="Every level, scheme by scheme, with its citations and the meeting that announced it; "
        "and the pair's meetings.",
    ),
)
class RelationshipViewSet(mixins.RetrieveModelMixin, partnerships_views.RelationshipViewSet):
    lookup_field = "key"
    lookup_value_regex = "[A-Za-z0-9]+-[A-Za-z0-9]+"
    lookup_example = "CN-KH"
    lookup_description = "Two party codes joined by a hyphen, in either order: CN-KH or KH-CN (alpha-3 too)."

    def get_serializer_class(self):
        return RelationshipDetailSerializer if self.action == "retrieve" else super().get_serializer_class()

    def get_object(self):
        first, second = _pair(self.kwargs["key"])
        user = self.request.user
        visible = LevelPeriod.objects.visible_to(user)
        relationship = Relationship.objects.between(first, second).holding(visible).for_api().first()
        if relationship is None:
            raise Http404("No levels are recorded for this pair.")
        relationship.timeline = timeline(
            visible.filter(relationship=relationship), Meeting.objects.visible_to(user)
        )
        pair_meetings = Meeting.objects.visible_to(user).between(first, second)
        relationship.meeting_count = pair_meetings.count()
        relationship.pair_meetings = pair_meetings.for_public_list().latest_first()[:PAIR_RECORD_MEETINGS]
        relationship.meetings_path = (
            f"/api/v1/meetings/?party={relationship.party_a.code},{relationship.party_b.code}"
        )
        return relationship


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
    """The change log (see events.api.changes)."""

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
    name, content = dataset.build_zip()
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "public, max-age=300"
    return conditional(request, response)
