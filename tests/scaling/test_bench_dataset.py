"""The benchmark's dataset (bench/generate.py) builds at a tiny scale and obeys the app's rules.

``make bench`` starts by building it; a schema change the generator's SQL does not follow (a new column that
makes a name ambiguous, a new NOT NULL column) must fail here, not at the start of a 40-minute run.
"""

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from bench import generate
from bench.paths import sample_paths

SCALE = 0.0005


@pytest.fixture
def bench_server(monkeypatch):
    """The project's server (any database on it), with the bench database named after the test database
    and dropped after the test."""
    name = f"{connection.settings_dict['NAME']}_bench"
    monkeypatch.setattr(generate, "DATABASE_NAME", name)
    yield settings.DATABASE_URL
    with psycopg.connect(generate.database_url(settings.DATABASE_URL, "postgres"), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_dataset_builds_checks_its_rules_and_is_reused(bench_server):
    built = generate.ensure_dataset(bench_server, SCALE, log=lambda *_: None)

    expected = generate.sizes(SCALE)
    counts = built["sizes"]
    assert counts["meetings"] == expected["meetings"]
    assert counts["level_periods"] == expected["level_periods"]
    assert counts["meeting_parties"] == 2 * expected["meetings"]
    url = generate.database_url(bench_server)
    with psycopg.connect(url) as db:
        # The day copied onto each meeting's parties (the build writes it, the trigger being off).
        (mismatched,) = db.execute(
            "SELECT count(*) FROM events_meetingparty mp JOIN events_meeting m ON m.id = mp.meeting_id "
            "WHERE mp.meeting_start_date IS DISTINCT FROM m.start_date"
        ).fetchone()
    assert mismatched == 0
    assert all(sample_paths(url).values()), "every endpoint has paths to load"

    logged = []
    again = generate.ensure_dataset(bench_server, SCALE, log=logged.append)
    assert again == built
    assert logged and logged[0].startswith("Reusing")
