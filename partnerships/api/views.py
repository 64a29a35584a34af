"""Read endpoints for parties, schemes, tiers, pairs and levels; levels are also written here."""

import datetime as dt

from django import forms
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets

from core.api.lean import LeanAnswersMixin, documents
from core.api.pagination import CursorPagination, PageNumberPagination
from core.api.views import ApiViewMixin
from core.api.viewsets import EditableRecordViewSet, editable_record_schema
from partnerships.api.documents import LEVEL_ROWS, PAIRS
from partnerships.api.filters import (
    CoverageCheckFilterSet,
    LevelFilterSet,
    PartyFilterSet,
    RelationshipFilterSet,
    TierFilterSet,
)
from partnerships.api.serializers import (
    CoverageCheckRowSerializer,
    CoverageCheckSerializer,
    LevelDetailSerializer,
    LevelRowSerializer,
    PairLevelRowSerializer,
    PartySerializer,
    RelationshipSerializer,
    SchemeDetailSerializer,
    SchemeSerializer,
    TierHoldersSerializer,
)
from partnerships.api.writes import LevelWriteSerializer
from partnerships.models import CoverageCheck, LevelPeriod, Party, Relationship, Scheme, Tier
from partnerships.recorded import level_tables_as_recorded


class AsRecordedMixin:
    """Lists that answer ``?as_recorded=…`` as the database stood then (see partnerships.recorded)."""

    def list(self, request, *args, **kwargs):
        raw = request.query_params.get("as_recorded")
        if not raw:
            return super().list(request, *args, **kwargs)
        try:
            moment = self.filterset_class.base_filters["as_recorded"].field.clean(raw)
        except forms.ValidationError as error:
            raise exceptions.ValidationError({"as_recorded": error.messages}) from None
        with level_tables_as_recorded(moment):
            # The answer is read and serialised inside the block, while the recorded tables stand in.
            return super().list(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(summary="Countries and organisations", description="Ordered by name."),
    retrieve=extend_schema(summary="One party"),
)
class PartyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PartySerializer
    filterset_class = PartyFilterSet
    pagination_class = PageNumberPagination
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9]+"
    lookup_example = "KH"
    lookup_description = (
        "ISO 3166-1 alpha-2 (KH) or alpha-3 (KHM) code, or an organisation's code (ASEAN); any case."
    )

    def get_queryset(self):
        return Party.objects.for_api().order_by("name", "code")

    def get_object(self):
        party = Party.objects.for_api().by_code(self.kwargs["code"]).first()
        if party is None:
            raise Http404("No party has this code.")
        return party


@extend_schema_view(
    list=extend_schema(
        summary="Schemes with their tiers", description="Ordered by slug; tiers by rank, highest first."
    ),
    retrieve=extend_schema(summary="One scheme with its tiers"),
)
class SchemeViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SchemeDetailSerializer
    csv_serializer_class = SchemeSerializer
    pagination_class = PageNumberPagination
    lookup_field = "slug"
    lookup_example = "cn"
    lookup_description = "The scheme's slug: cn, cn-community, vn, eu."

    def get_queryset(self):
        ladder = Tier.objects.select_related("scheme").order_by("-rank", "name", "pk")
        return (
            Scheme.objects.select_related("declaring_party")
            .prefetch_related(Prefetch("tiers", queryset=ladder))
            .order_by("slug")
        )


@extend_schema_view(
    list=extend_schema(summary="Tiers", description="Scheme by scheme, highest rank first."),
)
class TierViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = TierHoldersSerializer
    filterset_class = TierFilterSet
    pagination_class = PageNumberPagination

    def get_queryset(self):
        tiers = Tier.objects.ladder().select_related("scheme").with_holder_counts(dt.date.today())
        return tiers.order_by("scheme__slug", "-rank", "name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Pairs and their levels",
        description="Each pair with its current level in each scheme, or the level on `as_of`; pairs with no "
        "such level are left out. In CSV, one row per pair and level.",
    ),
)
class RelationshipViewSet(
    AsRecordedMixin, LeanAnswersMixin, ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """The list of pairs; events.api adds each pair's timeline and meetings."""

    serializer_class = RelationshipSerializer
    csv_serializer_class = PairLevelRowSerializer
    filterset_class = RelationshipFilterSet
    pagination_class = PageNumberPagination

    def get_queryset(self):
        return Relationship.objects.for_api()

    def lean_documents(self, ids, filtered):
        # The levels the filters chose to show (as_of, scheme, tier…), for this page's pairs.
        return documents(PAIRS, ids, using=filtered.db, shown=filtered.shown_levels(ids))

    def get_serializer(self, *args, **kwargs):
        if self.wants_csv and args:
            # One row per level shown: each prefetched level knows its pair.
            args = ([level for pair in args[0] for level in pair.shown_levels], *args[1:])
        return super().get_serializer(*args, **kwargs)


@editable_record_schema(
    "level",
    list_summary="Level periods, one flat row each",
    list_description="For analysts: every level period with its pair, tier and dates; "
    "cursor-paginated by id.",
    retrieve_summary="One level period with its citations",
)
class LevelViewSet(AsRecordedMixin, LeanAnswersMixin, EditableRecordViewSet):
    filterset_class = LevelFilterSet
    pagination_class = CursorPagination
    ordering = ("id",)
    lookup_value_regex = "[0-9]+"
    lookup_description = "The level period's number."
    lean_fields = ("pk", "version", "updated_at")

    def get_queryset(self):
        levels = LevelPeriod.objects.visible_to(self.request.user)
        if self.action == "list":
            return levels.with_parties().with_source_ids()
        return levels.with_parties().for_api()

    def lean_documents(self, ids, filtered):
        return documents(LEVEL_ROWS, ids, using=filtered.db)

    def get_serializer_class(self):
        if self.action == "list":
            return LevelRowSerializer
        if self.action == "retrieve":
            return LevelDetailSerializer
        return LevelWriteSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Coverage: partners checked and no partnership found",
        description="Each check says that a scheme's declaring party was searched for a partnership with "
        "the party on `checked_on`, by `checked_by`, in the cited sources, and none was found. A party "
        "neither holding a level nor checked has simply not been checked. Ordered by scheme and party.",
    ),
    retrieve=extend_schema(summary="One coverage check"),
)
class CoverageCheckViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CoverageCheckSerializer
    csv_serializer_class = CoverageCheckRowSerializer
    filterset_class = CoverageCheckFilterSet
    pagination_class = PageNumberPagination

    def get_queryset(self):
        return (
            CoverageCheck.objects.visible_to(self.request.user)
            .for_api()
            .order_by("scheme_id", "party_id", "-checked_on", "-pk")
        )
