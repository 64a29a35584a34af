"""Loading plans that join levels and meetings (a pair's record)."""

from django.db.models import Prefetch


def timeline(levels, meetings):
    """``levels`` in timeline order, with citations and ``announcements`` (those of ``meetings``)."""
    return (
        levels.for_api()
        .prefetch_related(
            Prefetch("announced_at", queryset=meetings.order_by("start_date", "pk"), to_attr="announcements")
        )
        .order_by("scheme__slug", "start_date", "pk")
    )
