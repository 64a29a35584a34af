"""DB_POOL=true gives each process a psycopg connection pool (Django's ``pool`` option) on every alias."""

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.db import connections
with connections["default"].cursor() as cursor:
    cursor.execute("SELECT 1")
    answer = cursor.fetchone()[0]
print(json.dumps({
    "answer": answer,
    "pool": settings.DATABASES["default"]["OPTIONS"].get("pool"),
    "replica_pool": settings.DATABASES["replica_1"]["OPTIONS"].get("pool"),
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "pooled": connections["default"].pool is not None,
}))
"""


def test_pooled_settings_connect_through_a_pool(db):
    # The server the tests use, pointed at the test database.
    database_url = urlunsplit(
        urlsplit(settings.DATABASE_URL)._replace(path=f"/{connection.settings_dict['NAME']}")
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_REPLICA_URLS": database_url,
        "DB_POOL": "true",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    run = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["answer"] == 1
    assert found["pooled"] is True
    assert found["pool"]["max_size"] == 10 and found["replica_pool"]["max_size"] == 10
    assert found["conn_max_age"] == 0  # a pool replaces persistent connections
