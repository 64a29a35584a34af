"""Give the curators' groups the intake screens.

The groups are created by events' migration 0006, before this app's permissions exist; this migration
syncs them again (admins get every permission) and lets editors and reviewers review candidates.
"""

from django.db import migrations

INTAKE_PERMISSIONS = {
    "editors": ["view_candidate", "change_candidate", "view_article", "add_article", "change_article"],
    "reviewers": ["view_candidate", "change_candidate", "view_article", "add_article", "change_article"],
}


def grant(apps, schema_editor):
    from events.roles import sync_groups

    sync_groups(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in INTAKE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="intake", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial"), ("events", "0006_curator_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
