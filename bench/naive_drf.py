"""Baseline (b): what a typical project ships — ``ReadOnlyModelViewSet``s, nested ``ModelSerializer``s, no
query
tuning (no select_related, no prefetch_related), page-number pagination with its count.

Mounted under /naive/ in the bench run only (``bench.urls``); it answers the same questions as the app's
endpoints, with the same fields, on the same data.
"""

import datetime as dt

from django.db.models import Q
from django.http import Http404
from django.urls import include, path
from rest_framework import pagination, serializers, viewsets
from rest_framework.routers import SimpleRouter

from events.models import Meeting, MeetingCitation, MeetingParty, Participant
from partnerships.models import LevelPeriod, LevelPeriodCitation, Party, Relationship, Scheme, Tier
from sources.models import Source


class Pagination(pagination.PageNumberPagination):
    page_size = 100


class NaiveViewSet(viewsets.ReadOnlyModelViewSet):
    """Filters read in ``get_queryset``, as a typical project does (not the app's strict filter backend)."""

    filter_backends = []
    pagination_class = Pagination


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["code", "name", "kind"]


class SchemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scheme
        fields = ["slug", "name"]


class TierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tier
        fields = ["slug", "name", "rank"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "published_on", "published_on_precision"]


class LevelCitationSerializer(serializers.ModelSerializer):
    source = SourceSerializer()

    class Meta:
        model = LevelPeriodCitation
        fields = ["source", "quote", "locator"]


class MeetingCitationSerializer(serializers.ModelSerializer):
    source = SourceSerializer()

    class Meta:
        model = MeetingCitation
        fields = ["source", "quote", "locator"]


LEVEL_FIELDS = [
    "id",
    "scheme",
    "tier",
    "wording",
    "start_date",
    "start_date_precision",
    "start_approximate",
    "end_status",
    "end_date",
    "end_date_precision",
    "end_approximate",
    "change_kind",
    "status",
]


class LevelSerializer(serializers.ModelSerializer):
    scheme = SchemeSerializer()
    tier = TierSerializer()
    citations = LevelCitationSerializer(many=True)

    class Meta:
        model = LevelPeriod
        fields = [*LEVEL_FIELDS, "citations"]


class RelationshipBriefSerializer(serializers.ModelSerializer):
    key = serializers.CharField()
    party_a = PartySerializer()
    party_b = PartySerializer()

    class Meta:
        model = Relationship
        fields = ["key", "party_a", "party_b"]


class LevelRowSerializer(serializers.ModelSerializer):
    relationship = RelationshipBriefSerializer()
    scheme = SchemeSerializer()
    tier = TierSerializer()
    source_ids = serializers.SerializerMethodField()

    class Meta:
        model = LevelPeriod
        fields = [*LEVEL_FIELDS, "relationship", "source_ids", "updated_at"]

    def get_source_ids(self, level):
        return [citation.source_id for citation in level.citations.all()]


class RelationshipSerializer(RelationshipBriefSerializer):
    levels = serializers.SerializerMethodField()

    class Meta(RelationshipBriefSerializer.Meta):
        fields = [*RelationshipBriefSerializer.Meta.fields, "levels"]

    def get_levels(self, relationship):
        levels = relationship.level_periods.filter(status="published")
        as_of = self.context["request"].query_params.get("as_of")
        as_of = dt.date.fromisoformat(as_of) if as_of else None
        levels = levels.filter(certain_span__contains=as_of) if as_of else levels.filter(end_status="ongoing")
        return LevelSerializer(levels, many=True).data


class MeetingBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "title", "mode", "start_date", "start_date_precision"]


class TimelineLevelSerializer(LevelSerializer):
    announced_at = MeetingBriefSerializer(many=True)

    class Meta(LevelSerializer.Meta):
        fields = [*LevelSerializer.Meta.fields, "announced_at"]


class MeetingPartySerializer(serializers.ModelSerializer):
    party = PartySerializer()

    class Meta:
        model = MeetingParty
        fields = ["party", "role"]


class ParticipantSerializer(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    party = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Participant
        fields = ["person", "party", "role_title"]


class MeetingSerializer(serializers.ModelSerializer):
    place = PartySerializer()
    parties = MeetingPartySerializer(source="meeting_parties", many=True)
    participants = ParticipantSerializer(many=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "mode",
            "start_date",
            "start_date_precision",
            "end_date",
            "city",
            "place",
            "multilateral_event",
            "parties",
            "participants",
            "status",
            "updated_at",
        ]


class AnnouncedLevelSerializer(serializers.ModelSerializer):
    relationship = RelationshipBriefSerializer()
    scheme = SchemeSerializer()
    tier = TierSerializer()

    class Meta:
        model = LevelPeriod
        fields = ["id", "relationship", "scheme", "tier", "start_date", "start_date_precision", "change_kind"]


class MeetingDetailSerializer(MeetingSerializer):
    citations = MeetingCitationSerializer(many=True)
    announced_levels = AnnouncedLevelSerializer(many=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "summary", "outcomes", "citations", "announced_levels"]


class RelationshipDetailSerializer(RelationshipBriefSerializer):
    levels = serializers.SerializerMethodField()
    meetings = serializers.SerializerMethodField()
    meeting_count = serializers.SerializerMethodField()

    class Meta(RelationshipBriefSerializer.Meta):
        fields = [*RelationshipBriefSerializer.Meta.fields, "levels", "meetings", "meeting_count"]

    def get_levels(self, relationship):
        levels = relationship.level_periods.filter(status="published").order_by("scheme__slug", "start_date")
        return TimelineLevelSerializer(levels, many=True).data

    def _meetings(self, relationship):
        return (
            Meeting.objects.filter(status="published", meeting_parties__party=relationship.party_a)
            .filter(meeting_parties__party=relationship.party_b)
            .order_by("-start_date", "-id")
        )

    def get_meetings(self, relationship):
        # The app's pair record lists the latest 20 (events.models.PAIR_RECORD_MEETINGS).
        return MeetingSerializer(self._meetings(relationship)[:20], many=True).data

    def get_meeting_count(self, relationship):
        return self._meetings(relationship).count()


def _party(code):
    party = Party.objects.filter(Q(code=code.upper()) | Q(alpha3=code.upper())).first()
    if party is None:
        raise Http404
    return party


class RelationshipViewSet(NaiveViewSet):
    lookup_field = "key"
    lookup_value_regex = "[A-Za-z0-9]+-[A-Za-z0-9]+"

    def get_serializer_class(self):
        return RelationshipDetailSerializer if self.action == "retrieve" else RelationshipSerializer

    def get_queryset(self):
        relationships = Relationship.objects.order_by("party_a__name", "party_b__name", "pk")
        codes = self.request.query_params.get("party", "").split(",")
        if len(codes) == 2:
            first, second = sorted((_party(code) for code in codes), key=lambda p: p.pk)
            relationships = relationships.filter(party_a=first, party_b=second)
        elif codes[0]:
            party = _party(codes[0])
            relationships = relationships.filter(Q(party_a=party) | Q(party_b=party))
        held = LevelPeriod.objects.filter(status="published")
        as_of = self.request.query_params.get("as_of")
        as_of = dt.date.fromisoformat(as_of) if as_of else None
        held = held.filter(certain_span__contains=as_of) if as_of else held.filter(end_status="ongoing")
        return relationships.filter(pk__in=held.values("relationship"))

    def get_object(self):
        first, second = sorted((_party(code) for code in self.kwargs["key"].split("-")), key=lambda p: p.pk)
        relationship = Relationship.objects.filter(party_a=first, party_b=second).first()
        if relationship is None:
            raise Http404
        return relationship


class LevelViewSet(NaiveViewSet):
    serializer_class = LevelRowSerializer

    def get_queryset(self):
        levels = LevelPeriod.objects.filter(status="published").order_by("id")
        if code := self.request.query_params.get("party"):
            party = _party(code)
            levels = levels.filter(Q(relationship__party_a=party) | Q(relationship__party_b=party))
        return levels


class MeetingViewSet(NaiveViewSet):
    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def get_queryset(self):
        meetings = Meeting.objects.filter(status="published").order_by("-start_date", "-id")
        if code := self.request.query_params.get("party"):
            meetings = meetings.filter(meeting_parties__party=_party(code))
        if start := self.request.query_params.get("start_from"):
            meetings = meetings.filter(start_date__gte=start)
        if end := self.request.query_params.get("start_to"):
            meetings = meetings.filter(start_date__lte=end)
        return meetings


router = SimpleRouter()
router.register("relationships", RelationshipViewSet, basename="naive-relationship")
router.register("levels", LevelViewSet, basename="naive-level")
router.register("meetings", MeetingViewSet, basename="naive-meeting")

urlpatterns = [path("api/v1/", include(router.urls))]
