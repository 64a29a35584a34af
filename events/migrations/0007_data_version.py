"""The data version: a token PostgreSQL changes whenever a published-data table changes (cached answers).

Cached API answers and public pages are keyed by it (``core.kept_answers``): one cheap read per request
tells whether a cached answer still shows the current data. A statement-level trigger on each table that
feeds the API and the pages draws a new random token, in the writing transaction: readers see it when the
change commits, a rolled-back change leaves the old one, and replicas receive it with the data it describes.
"""

from django.db import migrations

TABLES = [
    "sources_source",
    "partnerships_party",
    "partnerships_partyalias",
    "partnerships_scheme",
    "partnerships_tier",
    "partnerships_relationship",
    "partnerships_levelperiod",
    "partnerships_levelperiodcitation",
    "events_person",
    "events_position",
    "events_multilateralevent",
    "events_meeting",
    "events_meetingparty",
    "events_participant",
    "events_meetingcitation",
    "events_meeting_announced_levels",
]

CREATE = """
CREATE TABLE entente_data_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    token uuid NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO entente_data_version VALUES (1, gen_random_uuid(), now());
CREATE FUNCTION entente_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entente_data_version SET token = gen_random_uuid(), changed_at = now() WHERE id = 1;
    RETURN NULL;
END $$;
""" + "".join(
    f"CREATE TRIGGER entente_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION entente_bump_data_version();\n"
    for table in TABLES
)

DROP = "".join(f"DROP TRIGGER IF EXISTS entente_data_version ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS entente_bump_data_version();\nDROP TABLE IF EXISTS entente_data_version;\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_curator_groups"),
        ("partnerships", "0005_review"),
        ("sources", "0004_versions"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
