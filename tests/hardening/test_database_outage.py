"""The database stops under a running app and comes back: readers get a short 503 meanwhile, and the app
recovers by itself, without a restart. Also the production server's HTTPS behaviour and headers.

Runs gunicorn with production settings against a throwaway PostgreSQL cluster of its own, never the
shared one.
"""

import json
import threading
import time
import urllib.request
from collections import Counter

import pytest

from tests.hardening.servers import (
    NoRedirects,
    ThrowawayPostgres,
    fetch,
    gunicorn,
    manage,
    production_environment,
)

URLS = ["/api/v1/parties/?page_size=5", "/parties/", "/api/v1/levels/", "/meetings/", "/api/v1/schemes/"]
RECOVERY_LIMIT = 30  # seconds


@pytest.fixture(scope="module")
def database():
    postgres = ThrowawayPostgres()
    try:
        postgres.create()
        env = production_environment(postgres.url())
        manage("migrate", "--noinput", env=env)
        manage("collectstatic", "--noinput", env=env)
        yield postgres
    finally:
        postgres.remove()


@pytest.fixture(scope="module")
def app(database):
    # Answers kept in the cache would hide the outage; throttling would hide the app.
    env = production_environment(
        database.url(), RESPONSE_CACHE_SECONDS="0", API_ANON_RATE="100000/minute", DB_CONN_MAX_AGE="60"
    )
    with gunicorn(env) as base:
        yield base


class Traffic(threading.Thread):
    """Requests in a loop, one at a time, recording when each was sent and its status (``None``: no answer
    within 10 s)."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.results, self.running = base, [], True

    def run(self):
        number = 0
        while self.running:
            url = URLS[number % len(URLS)]
            number += 1
            sent = time.monotonic()
            try:
                status = fetch(self.base + url, timeout=10)[0]
            except OSError:
                status = None
            self.results.append((sent, status, url))
            time.sleep(0.05)


def wait_for(condition, limit: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if condition():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not within {limit} s")


def test_a_database_outage_answers_503_and_the_app_recovers_by_itself(app, database, capsys):
    assert all(fetch(app + url)[0] == 200 for url in URLS)
    traffic = Traffic(app)
    traffic.start()
    time.sleep(2)

    database.stop()
    stopped_at = time.monotonic()
    status, headers, body = fetch(app + "/api/v1/parties/")
    assert status == 503
    assert json.loads(body) == {
        "detail": "The database is unavailable for a moment; please try again shortly."
    }
    assert headers["Retry-After"] == "30"
    status, headers, body = fetch(app + "/parties/")
    assert status == 503 and headers["Content-Type"].startswith("text/html")
    assert "Temporarily unavailable" in body and "Traceback" not in body and len(body) < 1000
    time.sleep(3)

    restarting_at = time.monotonic()
    database.start()
    started_at = time.monotonic()
    recovery = wait_for(lambda: all(fetch(app + url)[0] == 200 for url in URLS), RECOVERY_LIMIT)
    time.sleep(2)
    traffic.running = False
    traffic.join(timeout=15)

    statuses = Counter(status for _, status, _ in traffic.results)
    during = Counter(status for moment, status, _ in traffic.results if stopped_at <= moment < restarting_at)
    after = [status for moment, status, _ in traffic.results if moment > started_at + recovery]
    with capsys.disabled():
        print(
            f"\noutage run: {len(traffic.results)} requests {dict(statuses)}; while stopped "
            f"({restarting_at - stopped_at:.1f} s): {dict(during)}; "
            f"recovered {recovery:.2f} s after the restart; after: {len(after)} requests, "
            f"all 200: {set(after) <= {200}}"
        )
    assert set(statuses) <= {200, 503}, statuses  # no 500, no timeout
    assert during[503] > 0 and set(during) <= {503}, [
        (round(moment - stopped_at, 2), status, url)
        for moment, status, url in traffic.results
        if stopped_at <= moment < restarting_at and status != 503
    ]
    assert after and set(after) == {200}


def test_production_redirects_plain_http_to_https(app):
    opener = urllib.request.build_opener(NoRedirects)
    request = urllib.request.Request(app + "/parties/")
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request, timeout=10)
    assert answer.value.code == 301 and answer.value.headers["Location"].startswith("https://")


def test_production_answers_carry_hsts_and_the_policy(app):
    status, headers, _ = fetch(app + "/admin/login/")
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    cookie = headers["Set-Cookie"]
    assert "Secure" in cookie and "csrftoken" in cookie


def test_production_errors_show_no_traceback(app):
    status, _, body = fetch(app + "/api/v1/levels/?as_of=2023-02-30")
    assert status == 400 and "Traceback" not in body
    status, _, body = fetch(app + "/no/such/page/")
    assert status == 404 and "Traceback" not in body and "urlpatterns" not in body
