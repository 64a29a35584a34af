"""A change to any of these tables draws a new data version (core.data_version)."""

from django.db import migrations

from core.data_version import redrawn_by


class Migration(migrations.Migration):
    dependencies = [("core", "0001_data_version"), ("sources", "0005_search_indexes")]

    operations = [
        redrawn_by(
            "sources_source",
        )
    ]
