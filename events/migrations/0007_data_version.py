"""Once the data version's table, function and triggers; now core's migration 0001 makes the table and the
function, and each app registers its own tables (core.data_version.redrawn_by). Kept so that databases that
applied it keep a consistent migration history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_curator_groups"),
        ("partnerships", "0005_review"),
        ("sources", "0004_versions"),
    ]

    operations = []
