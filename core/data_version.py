"""The data version: a token PostgreSQL draws anew whenever a table that readers see changes.

Kept answers (``core.kept_answers``) are keyed by it: one cheap read per request tells whether a kept
answer still shows the current data. A statement-level trigger on each table that feeds the API and the
pages draws a new random token in the writing transaction: readers see it when the change commits, a
rolled-back change leaves the old one, and replicas receive it with the data it describes.

The table and its function are created by core's first migration; each app registers the tables it owns
in a migration of its own, with ``redrawn_by``.
"""

from django.db import connections, migrations, router

TABLE = "entente_data_version"
FUNCTION = "entente_bump_data_version"

CREATE_TABLE_AND_FUNCTION = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id smallint PRIMARY KEY CHECK (id = 1),
    token uuid NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO {TABLE} VALUES (1, gen_random_uuid(), now()) ON CONFLICT (id) DO NOTHING;
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {TABLE} SET token = gen_random_uuid(), changed_at = now() WHERE id = 1;
    RETURN NULL;
END $$;
"""
DROP_TABLE_AND_FUNCTION = f"DROP FUNCTION IF EXISTS {FUNCTION}() CASCADE;\nDROP TABLE IF EXISTS {TABLE};\n"


def redrawn_by(*tables: str) -> migrations.RunSQL:
    """A migration operation: any change to one of ``tables`` draws a new data version."""
    return migrations.RunSQL(
        "".join(
            f"CREATE OR REPLACE TRIGGER {TABLE} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}();\n"
            for table in tables
        ),
        "".join(f"DROP TRIGGER IF EXISTS {TABLE} ON {table};\n" for table in tables),
    )


def current() -> str:
    """The current data version, read from the database this request reads from (a replica, maybe)."""
    alias = router.db_for_read(None) or "default"
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT token FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return str(row[0]) if row else "none"
