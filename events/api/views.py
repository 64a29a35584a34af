"""Endpoints that read meetings with levels: meetings, people, sources, a pair's record, changes, export."""

from django.http import Http404
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from core.api.lean import LeanAnswersMixin, documents, json_text
from core.api.pagination import CursorPagination, PageNumberPagination
from core.api.views import ApiViewMixin
from core.api.viewsets import EditableRecordViewSet, editable_record_schema
from events.api.documents import MEETING_RECORD, MEETING_ROWS, pair_record_sql
from events.api.filters import MeetingFilterSet, PersonFilterSet
from events.api.queries import timeline
from events.api.serializers import (
    MeetingDetailSerializer,
    MeetingSerializer,
    MeetingWriteSerializer,
    PersonRowSerializer,
    PersonSerializer,
    RelationshipDetailSerializer,
)
from events.models import PAIR_RECORD_MEETINGS, Meeting, Person
from partnerships.api import views as partnerships_views
from partnerships.models import LevelPeriod, Party, Relationship


@editable_record_schema(
    "meeting",
    list_summary="Meetings",
    list_description="Latest first; cursor-paginated.",
    retrieve_summary="One meeting with participants, citations and the levels it announced",
)
class MeetingViewSet(LeanAnswersMixin, EditableRecordViewSet):
    filterset_class = MeetingFilterSet
    pagination_class = CursorPagination
    ordering = ("-start_date", "-id")
    lean_fields = ("pk", "start_date", "version", "updated_at")
    lean_record_sql = MEETING_RECORD
    lookup_value_regex = "[0-9]+"
    lookup_example = 88
    lookup_description = "The meeting's number."

    def get_queryset(self):
        meetings = Meeting.objects.visible_to(self.request.user)
        if self.lean:
            # Which meetings, no more: their documents come from PostgreSQL (``lean_documents``).
            return meetings
        if self.action == "list":
            return meetings.for_public_list()
        return meetings.for_public_page()

    def lean_documents(self, ids, filtered):
        return documents(MEETING_ROWS, ids, using=filtered.db)

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


# The meetings list of a pair: this, then the pair's codes (party_a's first).
PAIR_MEETINGS_PATH = "/api/v1/meetings/?party="


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

    def retrieve(self, request, *args, **kwargs):
        if not self.answers_lean():
            return super().retrieve(request, *args, **kwargs)
        first, second = _pair(self.kwargs["key"])
        visible = LevelPeriod.objects.visible_to(request.user)
        relationship = Relationship.objects.between(first, second).holding(visible).only("pk").first()
        if relationship is None:
            raise Http404("No levels are recorded for this pair.")
        meetings = Meeting.objects.visible_to(request.user)
        announcing = meetings.filter(announced_levels__relationship=relationship).values("pk")
        announcing_sql, announcing_params = announcing.query.sql_with_params()
        shown = visible.filter(relationship=relationship).values("pk")
        shown_sql, shown_params = shown.query.sql_with_params()
        pair_sql, pair_params = meetings.between(first, second).values("pk").query.sql_with_params()
        params = [*announcing_params, *shown_params, *pair_params, *pair_params]
        # The pair's two codes follow in SQL, as in meetings_path below.
        address = request.build_absolute_uri(PAIR_MEETINGS_PATH)
        sql = pair_record_sql(shown_sql, announcing_sql, pair_sql, PAIR_RECORD_MEETINGS)
        return Response(json_text(sql, [*params, address, relationship.pk], using=visible.db))

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
            f"{PAIR_MEETINGS_PATH}{relationship.party_a.code},{relationship.party_b.code}"
        )
        return relationship
