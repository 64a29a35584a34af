"""A change to any of these tables draws a new data version (core.data_version)."""

from django.db import migrations

from core.data_version import redrawn_by


class Migration(migrations.Migration):
    dependencies = [("core", "0001_data_version"), ("events", "0008_search_indexes")]

    operations = [
        redrawn_by(
            "events_person",
            "events_position",
            "events_multilateralevent",
            "events_meeting",
            "events_meetingparty",
            "events_participant",
            "events_meetingcitation",
            "events_meeting_announced_levels",
        )
    ]
