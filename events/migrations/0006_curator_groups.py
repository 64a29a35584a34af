"""Once created the curators' groups; dataset's migration 0001 does now (dataset.roles). Kept so that
databases that applied it keep a consistent migration history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_review"),
        ("partnerships", "0005_review"),
        ("sources", "0004_versions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
