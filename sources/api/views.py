"""The Sources API: sources with the claims they back (the kinds registered in sources.api.citing)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from core.api.pagination import PageNumberPagination
from core.api.views import ApiViewMixin
from sources.api import citing
from sources.api.filters import SourceFilterSet
from sources.api.serializers import SourceDetailSerializer, SourceSerializer


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
        sources = citing.backing_sources(self.request.user)
        return sources.order_by("-published_on", "publisher", "pk")

    def get_serializer_class(self):
        return SourceSerializer if self.action == "list" else SourceDetailSerializer

    def get_object(self):
        return citing.attach_backed_claims(super().get_object(), self.request.user)
