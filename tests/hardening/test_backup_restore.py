"""A backup restores into an empty database with every record and every history entry."""

import io

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.backups import conninfo
from partnerships import review

pytestmark = pytest.mark.django_db(transaction=True)


def server_uri(name: str) -> str:
    return conninfo(connection.settings_dict, name=name)


def fingerprint(name: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of all its rows."""
    with psycopg.connect(server_uri(name), autocommit=True) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {
            table: db.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            ).fetchone()
            for table in tables
        }


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(server_uri("postgres"), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(server_uri("postgres"), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_every_record_and_its_history(world, empty_database, tmp_path):
    review.retract(world["levels"][0], reason="superseded by a later statement")
    dump = tmp_path / "entente.dump"
    out = io.StringIO()
    call_command("backup_database", "--output", str(dump), stdout=out)
    assert "Backed up to" in out.getvalue()

    call_command("restore_database", str(dump), "--database-name", empty_database, stdout=io.StringIO())

    original, restored = fingerprint(connection.settings_dict["NAME"]), fingerprint(empty_database)
    assert restored == original
    history = {table: rows for table, (rows, _) in restored.items() if table.endswith("event")}
    assert history["partnerships_levelperiodevent"] >= 5 and history["events_meetingevent"] >= 2
    assert restored["partnerships_levelperiod"][0] == 5


def test_restore_refuses_a_file_that_is_not_a_dump(tmp_path, empty_database):
    bogus = tmp_path / "bogus.dump"
    bogus.write_text("not a dump")
    with pytest.raises(CommandError, match="Restore failed"):
        call_command("restore_database", str(bogus), "--database-name", empty_database)
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore_database", str(tmp_path / "missing.dump"))
