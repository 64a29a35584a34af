"""The curators' groups (dataset.roles), created or brought up to date.

Databases migrated before this app existed have them already (events 0006 and intake 0002 made them);
syncing again changes nothing there.
"""

from django.db import migrations


def sync_groups(apps, schema_editor):
    from dataset.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("sources", "0006_data_version"),
        ("partnerships", "0006_data_version"),
        ("events", "0009_data_version"),
        ("intake", "0002_curator_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]
