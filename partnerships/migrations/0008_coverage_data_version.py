"""A change to a coverage check draws a new data version (core.data_version): the map shows them."""

from django.db import migrations

from core.data_version import redrawn_by


class Migration(migrations.Migration):
    dependencies = [("core", "0001_data_version"), ("partnerships", "0007_coverage_checks")]

    operations = [redrawn_by("partnerships_coveragecheck", "partnerships_coveragecheckcitation")]
