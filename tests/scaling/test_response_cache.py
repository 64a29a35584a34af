"""Kept answers (core/kept_answers.py) and throttle counts live in Django's caches: Redis or memory.

With ``REDIS_URL`` set (a Redis runs beside the app) these tests check the entries really are in Redis;
without it, that the in-process cache holds them. Either way a kept answer costs one query, and a change to
the data is never answered from an older entry.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def stored_keys() -> list[str]:
    """The keys of the throttle counts and of the kept answers, read from the stores themselves.

    Kept answers in files are named by a hash of their key: each counts as an ``answer:`` key.
    """
    if settings.REDIS_URL:
        import redis

        return [key.decode() for key in redis.Redis.from_url(settings.REDIS_URL).keys("entente:*")]
    answers = Path(settings.CACHES["answers"]["LOCATION"])
    files = list(answers.glob("*.djcache")) if answers.exists() else []
    return [*caches["default"]._cache, *(f":answer:{file.stem}" for file in files)]


def test_the_caches_are_redis_when_configured_else_memory_and_files():
    expected = {
        "default": "django.core.cache.backends.locmem.LocMemCache",
        "answers": "django.core.cache.backends.filebased.FileBasedCache",
    }
    for alias in ("default", "answers"):
        backend = settings.CACHES[alias]["BACKEND"]
        assert backend == ("django_redis.cache.RedisCache" if settings.REDIS_URL else expected[alias])
    caches["default"].set("probe", "here")
    assert any(key.endswith("probe") for key in stored_keys())


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="one Redis holds both")
def test_kept_answers_are_shared_by_every_worker_of_the_machine():
    """Another process (a second gunicorn worker) finds what this one kept."""
    caches["answers"].set("answer:shared", "made by this worker", 60)
    script = (
        "import django; django.setup(); from django.core.cache import caches; "
        "print(caches['answers'].get('answer:shared'))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": settings.DATABASE_URL}
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert other.stdout.strip() == "made by this worker"


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="Redis evicts by memory, not by count")
def test_many_clients_throttle_counts_never_evict_kept_answers(client):
    CountryFactory(code="KH", alpha3="KHM", name="Cambodia")
    client.get("/api/v1/parties/")
    # Many readers of another answer, each leaving a throttle count: more than a 2,000-entry store holds.
    for number in range(2010):
        client.get("/api/v1/schemes/", REMOTE_ADDR=f"10.0.{number // 256}.{number % 256}")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/parties/")
    assert len(queries) == 1  # still kept: the data version only


def test_a_kept_answer_costs_one_query_and_keeps_its_etag(client):
    CountryFactory(code="KH", alpha3="KHM", name="Cambodia")
    first = client.get("/api/v1/parties/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/parties/")
    assert len(queries) == 1  # the data version
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert set(again["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    assert any(":answer:" in key for key in stored_keys())
    assert client.get("/api/v1/parties/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_throttle_counts_are_in_the_cache(client):
    client.get("/api/v1/parties/")
    assert any("throttle_anon" in key for key in stored_keys())


def test_a_change_is_never_answered_from_an_older_entry(client):
    party = CountryFactory(code="KH", alpha3="KHM", name="Cambodia")
    assert client.get("/api/v1/parties/KH/").json()["name"] == "Cambodia"
    party.name = "Kampuchea"
    party.save()
    assert client.get("/api/v1/parties/KH/").json()["name"] == "Kampuchea"


def test_a_kept_page_is_replaced_after_a_change(client):
    party = CountryFactory(code="KH", alpha3="KHM", name="Cambodia")
    assert "Cambodia" in client.get("/search/?q=Cambodia").content.decode()
    party.name = "Cambodia Kingdom"
    party.save()
    assert "Cambodia Kingdom" in client.get("/search/?q=Cambodia").content.decode()


def test_signed_in_answers_are_never_kept(client):
    CountryFactory()
    client.force_login(User.objects.create_user("editor", password="a long enough password"))
    client.get("/api/v1/parties/")
    assert not any(":answer:" in key for key in stored_keys())


@pytest.mark.parametrize("path", ["/api/v1/parties/", "/parties/"])
def test_a_kept_answer_is_served_before_sessions_and_views_with_every_header(client, path):
    CountryFactory(code="KH", alpha3="KHM", name="Cambodia")
    first = client.get(path)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)

    assert len(queries) == 1  # the data version
    # Authentication never ran: the answer came from KeptAnswerMiddleware.
    assert not hasattr(again.wsgi_request, "user")
    assert again.content == first.content
    for header in (
        "ETag",
        "Vary",
        "Cache-Control",
        "Content-Type",
        "X-Frame-Options",
        "X-Content-Type-Options",
    ):
        assert again[header] == first[header], header
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_reader_with_a_session_is_answered_by_the_view(client):
    CountryFactory(code="KH", alpha3="KHM", name="Cambodia")
    client.get("/api/v1/parties/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    again = client.get("/api/v1/parties/")
    assert again.status_code == 200
    assert hasattr(again.wsgi_request, "user")


def test_kept_api_answers_still_count_against_the_anonymous_rate(client, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "1000/minute"})
    CountryFactory(code="KH", alpha3="KHM", name="Cambodia")
    answers = [client.get("/api/v1/parties/") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert not hasattr(answers[1].wsgi_request, "user")  # kept, yet counted


def test_a_cache_that_fails_costs_a_miss_not_an_error(client, monkeypatch):
    CountryFactory(code="KH", alpha3="KHM", name="Cambodia")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(caches["answers"], "set", disk_full)
    monkeypatch.setattr(caches["answers"], "get", disk_full)
    assert client.get("/api/v1/parties/").status_code == 200
    assert client.get("/parties/KH/").status_code == 200


def test_an_answer_that_sets_a_cookie_or_is_not_public_is_never_kept(client):
    # The login page sets a CSRF cookie for its reader; an admin redirect is not public.
    login = client.get("/admin/login/")
    assert login.status_code == 200 and login.cookies
    client.get("/admin/")
    assert not any(":answer:" in key for key in stored_keys())
    again = client.get("/admin/login/")
    assert hasattr(again.wsgi_request, "user")  # made by the view again, with its own token
