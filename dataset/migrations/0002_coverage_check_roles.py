"""Editors draft coverage checks, reviewers publish and retract them (dataset.roles)."""

from django.db import migrations


def sync_groups(apps, schema_editor):
    from dataset.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("dataset", "0001_curator_groups"), ("partnerships", "0008_coverage_data_version")]

    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]
