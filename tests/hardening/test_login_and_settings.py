"""Admin login against brute force, password rules, session cookies, security headers, and the
production settings passing ``manage.py check --deploy``."""

import os
import secrets
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from tests.hardening.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_admin_login_locks_out_after_repeated_wrong_passwords():
    make_user("editor")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(attacker, "editor", "guess")
        assert (
            response.status_code == 200 and "Please enter the correct username" in response.content.decode()
        )
    assert log_in(attacker, "editor", "guess").status_code == 429
    # Locked out: even the right password is refused now, and no session is opened.
    response = log_in(attacker, "editor", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in attacker.session
    assert AccessAttempt.objects.get(username="editor").failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_a_lockout_holds_one_user_name_from_one_address_only():
    make_user("editor")
    make_user("reviewer")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, "editor", "guess")
    assert log_in(attacker, "editor", PASSWORD).status_code == 429
    assert log_in(Client(REMOTE_ADDR="198.51.100.7"), "editor", PASSWORD).status_code == 302
    assert log_in(attacker, "reviewer", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count():
    make_user("editor")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "editor", "guess")
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "editor", "guess").status_code == 200


@pytest.mark.parametrize("password", ["admin", "password123", "12345678901234", "editor-editor"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="editor-editor"))


def test_a_long_uncommon_password_is_accepted():
    validate_password(PASSWORD, User(username="editor"))


def test_the_admin_refuses_a_weak_password_for_a_new_user():
    client = Client()
    client.force_login(make_user("admin"))
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "newcomer", "password1": "short", "password2": "short", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newcomer").exists()


def test_session_cookie_is_http_only_and_short_lived():
    client = Client()
    make_user("editor")
    log_in(client, "editor", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) <= 12 * 60 * 60


@pytest.mark.parametrize("url", ["/", "/admin/login/", "/api/v1/parties/", "/api/docs/"])
def test_every_answer_carries_the_security_headers(url, reference_data):
    response = Client().get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_api_docs_need_no_inline_script():
    page = Client().get("/api/docs/").content.decode()
    assert "<script>" not in page
    script = Client().get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def production_environment(**extra) -> dict:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "entente.example",
        **extra,
    }
    # The test run's own overrides must not leak into the production check.
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"):
        env.pop(name, None)
    return env


def test_production_settings_pass_the_deployment_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_environment()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
