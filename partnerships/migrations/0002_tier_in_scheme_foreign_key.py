from django.db import migrations

# A level period's tier must belong to its scheme. Django has no composite foreign keys, so the rule is
# stated in SQL; LevelPeriod.clean() gives the same answer in words.
ADD = """
ALTER TABLE partnerships_levelperiod
    ADD CONSTRAINT level_period_tier_in_scheme
    FOREIGN KEY (tier_id, scheme_id) REFERENCES partnerships_tier (id, scheme_id);
"""
DROP = "ALTER TABLE partnerships_levelperiod DROP CONSTRAINT level_period_tier_in_scheme;"


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunSQL(ADD, DROP)]
