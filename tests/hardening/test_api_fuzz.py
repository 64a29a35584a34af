"""schemathesis against /api/schema/: every operation with generated inputs, as an editor (so that writes are
exercised too), against gunicorn with production settings. No server error, no answer outside the schema.

Bounded: FUZZ_EXAMPLES cases per operation (default 25) and a fixed seed, so a run takes a few minutes and
a failure can be replayed. ``make fuzz`` runs this module alone; ``make test`` runs it with the rest.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.authtoken.models import Token

from tests.hardening.servers import gunicorn, production_environment

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("FUZZ_SEED", "20240608"))
# status_code_conformance is left out: the schema documents only the success answers, so every 400, 401,
# 403, 404, 412 and 428 (all intended) counts as "undocumented" there; see docs/security.md.
CHECKS = [
    "not_a_server_error",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
]


def test_database_url() -> str:
    """The test database as a URL that another process (gunicorn) can use."""
    database = connection.settings_dict
    host = database["HOST"] or database["OPTIONS"].get("host", "")
    port = f":{database['PORT']}" if database["PORT"] else ""
    credentials = quote(database["USER"] or "") + (
        f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    )
    if host.startswith("/"):
        return f"postgres://{credentials}@{port}/{database['NAME']}?host={quote(host)}"
    return f"postgres://{credentials}@{host}{port}/{database['NAME']}"


test_database_url.__test__ = False


def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_schema(world, users, tmp_path, capsys):
    token = Token.objects.create(user=users["reviewer"]).key
    env = production_environment(
        test_database_url(),
        # Plain http on the loopback; throttling and kept answers off so that the app itself is tested.
        SECURE_SSL_REDIRECT="false",
        BEHIND_TLS_PROXY="false",
        RESPONSE_CACHE_SECONDS="0",
        API_ANON_RATE="1000000/minute",
        API_USER_RATE="1000000/minute",
    )
    report = tmp_path / "junit.xml"
    with gunicorn(env, workers=2) as base:
        result = subprocess.run(
            [
                str(Path(sys.executable).with_name("schemathesis")),
                "run",
                f"{base}/api/schema/",
                f"--checks={','.join(CHECKS)}",
                f"--max-examples={EXAMPLES}",
                f"--seed={SEED}",
                "--workers=2",
                "--phases=examples,coverage,fuzzing",
                "--request-timeout=30",
                "--header",
                f"Authorization: Token {token}",
                "--suppress-health-check=all",
                "--report=junit",
                f"--report-junit-path={report}",
                "--no-color",
            ],
            # schemathesis keeps a cache of past failures in its working directory: not in the repository.
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=900,
            env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false"},
        )
    output = result.stdout + result.stderr
    # The whole report, for reading after a failure (test-artifacts/ is not committed).
    artifacts = settings.BASE_DIR / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "schemathesis.txt").write_text(output)
    summary = "\n".join(
        line
        for line in output.splitlines()
        if re.search(r"Operations|Test cases|generated|passed|failed|Seed", line)
    )
    with capsys.disabled():
        print(f"\nschemathesis, {EXAMPLES} examples per operation, seed {SEED}:\n{summary}")
    assert result.returncode == 0, output[-5000:]
