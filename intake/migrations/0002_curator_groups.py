"""Once gave the curators' groups the intake screens; dataset's migration 0001 does now (dataset.roles).
Kept so that databases that applied it keep a consistent migration history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial"), ("events", "0006_curator_groups")]

    operations = []
