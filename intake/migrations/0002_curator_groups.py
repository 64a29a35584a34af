"""Give the curators' groups the intake screens.

The groups are created by events' migration 0006, before this app's permissions exist; this migration
syncs them again (admins get every permission) and lets editors and reviewers review candidates.
"""

from django.db import migrations


def grant(apps, schema_editor):
    from events.roles import sync_groups
    from intake.roles import grant_intake

    sync_groups(apps)
    grant_intake(apps)


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial"), ("events", "0006_curator_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
