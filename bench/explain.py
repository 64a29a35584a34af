"""Where the time of an uncached answer goes: each benchmark endpoint's queries, slowest first, with plans.

Serves a few of ``make bench``'s paths in-process with nothing kept (``RESPONSE_CACHE_SECONDS=0``), times
every SQL query they run, and prints ``EXPLAIN (ANALYZE, BUFFERS)`` for the slowest ones: the evidence for
the indexes in the migrations (docs/performance.md).

    BENCH_DATABASE_NAME=entente_bench_full python -m bench.explain [--only search_page] [--paths 3]
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shorten(text: str, limit: int = 1200) -> str:
    """Long id lists make plans unreadable: keep the start of each line."""
    return text if len(text) <= limit else text[:limit] + " …"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated endpoint names")
    parser.add_argument("--paths", type=int, default=3, help="paths per endpoint (the busiest first)")
    parser.add_argument("--plans", type=int, default=2, help="plans to print per endpoint")
    arguments = parser.parse_args()

    from bench import generate
    from bench.paths import sample_paths
    from bench.run import server_url

    url = generate.database_url(server_url())
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="true",
        RESPONSE_CACHE_SECONDS="0",
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    paths = sample_paths(url)
    names = arguments.only.split(",") if arguments.only else list(paths)
    for name in names:
        timed = []
        for path in paths[name][: arguments.paths]:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
            print(f"{name} {path}: {response.status_code}, {elapsed:.0f} ms, {len(captured)} queries")
            for query in captured.captured_queries:
                timed.append((float(query["time"]) * 1000, path, query["sql"]))
        timed.sort(reverse=True)
        for milliseconds, path, sql in timed[: arguments.plans]:
            print(f"\n--- {name}: {milliseconds:.1f} ms ({path})\n{shorten(sql)}\n")
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                print("\n".join(shorten(row[0], 160) for row in cursor.fetchall()))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
