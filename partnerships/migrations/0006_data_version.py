"""A change to any of these tables draws a new data version (core.data_version)."""

from django.db import migrations

from core.data_version import redrawn_by


class Migration(migrations.Migration):
    dependencies = [("core", "0001_data_version"), ("partnerships", "0005_review")]

    operations = [
        redrawn_by(
            "partnerships_party",
            "partnerships_partyalias",
            "partnerships_scheme",
            "partnerships_tier",
            "partnerships_relationship",
            "partnerships_levelperiod",
            "partnerships_levelperiodcitation",
        )
    ]
