from django.db import migrations


def create_groups(apps, schema_editor):
    from events.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_review"),
        ("partnerships", "0005_review"),
        ("sources", "0004_versions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
