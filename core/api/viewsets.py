"""The endpoints of a curated record that editors write through the API.

(Apart from ``core.api.views``: DRF's viewsets import the filter backend set in settings, which lives there.)
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from core.api.views import IF_MATCH_HELP, ApiViewMixin, OptimisticConcurrencyMixin


class EditableRecordViewSet(
    OptimisticConcurrencyMixin,
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A curated record's endpoints: read by everyone, recorded and corrected by editors (never deleted)."""


def editable_record_schema(noun: str, *, list_summary: str, list_description: str, retrieve_summary: str):
    """The OpenAPI summaries of an ``EditableRecordViewSet`` of ``noun`` records ("level", "meeting")."""
    return extend_schema_view(
        list=extend_schema(summary=list_summary, description=list_description),
        retrieve=extend_schema(summary=retrieve_summary),
        create=extend_schema(summary=f"Record a {noun} (editors)"),
        update=extend_schema(summary=f"Correct a {noun} (editors)", description=IF_MATCH_HELP),
        partial_update=extend_schema(
            summary=f"Correct part of a {noun} (editors)", description=IF_MATCH_HELP
        ),
    )
