"""Loading plans that join levels and meetings, for the API and the data package."""

from django.db.models import Prefetch

from events.models import Meeting, MeetingCitation
from partnerships.models import LevelPeriod, LevelPeriodCitation
from sources.models import Source


def backing_sources(user):
    """Sources backing a claim ``user`` may see, with ``level_ids`` and ``meeting_ids``: those claims."""
    levels = LevelPeriod.objects.visible_to(user)
    meetings = Meeting.objects.visible_to(user)
    return Source.objects.defer(*Source.BULKY_FIELDS).backing(
        level_ids=(LevelPeriodCitation.objects.filter(level_period__in=levels), "level_period_id"),
        meeting_ids=(MeetingCitation.objects.filter(meeting__in=meetings), "meeting_id"),
    )


def timeline(levels, meetings):
    """``levels`` in timeline order, with citations and ``announcements`` (those of ``meetings``)."""
    return (
        levels.for_api()
        .prefetch_related(
            Prefetch("announced_at", queryset=meetings.order_by("start_date", "pk"), to_attr="announcements")
        )
        .order_by("scheme__slug", "start_date", "pk")
    )
