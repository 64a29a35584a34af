"""The data version's table and function (core.data_version); apps register their tables afterwards.

Databases migrated before this app existed have both already (events migration 0007 made them): hence
IF NOT EXISTS and OR REPLACE.
"""

from django.db import migrations

from core.data_version import CREATE_TABLE_AND_FUNCTION, DROP_TABLE_AND_FUNCTION


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [migrations.RunSQL(CREATE_TABLE_AND_FUNCTION, DROP_TABLE_AND_FUNCTION)]
