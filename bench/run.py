"""``make bench``: build (or reuse) the dataset, serve app and baselines under gunicorn, load them with wrk.

Each endpoint is loaded for a fixed time at a fixed number of connections, rotating through a fixed list
of paths drawn from the data (so that no single cached answer is measured); its baselines are loaded the
same way in the same run. Writes ``bench/results.json`` and prints the table; ``--docs`` also puts the
table in ``docs/performance.md``.

    python -m bench.run [--scale 0.1] [--duration 15] [--connections 4] [--docs]
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from bench import generate
from bench.load import WARM_UP, after_write, measure, probe
from bench.paths import sample_paths
from bench.report import DOCS, query_range, ratio, table, write_docs
from bench.servers import HOST, ROOT, Server

RESULTS = ROOT / "bench" / "results.json"

# name: (what it measures, whether the baselines serve it)
ENDPOINTS = {
    "relationships_list": ("relationships list, as_of and party", True),
    "pair_as_of": ("one pair's level on a date (API relationships, two parties and as_of)", True),
    "pair_timeline": ("a pair's record (API)", True),
    "levels_list": ("levels list, by party", True),
    "meetings_list": ("meetings list, by party and year", True),
    "meeting_detail": ("one meeting (API)", True),
    "party_page": ("party page (HTML)", False),
    "pair_page": ("pair page (HTML)", False),
    "search_page": ("search page (HTML)", False),
    "map_page": ("world map as of a date (HTML)", False),
}
NO_BASELINE = "server-rendered HTML page: both baselines are JSON APIs (the target here is p95 only)"


def versions(url: str) -> dict:
    import django
    import gunicorn
    import rest_framework

    with psycopg.connect(url) as db:
        (postgres,) = db.execute("SHOW server_version").fetchone()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "djangorestframework": rest_framework.VERSION,
        "postgresql": postgres,
        "gunicorn": gunicorn.__version__,
        "wrk": wrk.strip() or "wrk",
        "psycopg": psycopg.__version__,
    }


def server_url() -> str:
    """The PostgreSQL server to use: DATABASE_URL's, or the embedded one (started and held for the run)."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    sys.path.insert(0, str(ROOT))
    from config.embedded_db import embedded_database_url

    return embedded_database_url(Path(os.environ.get("ENTENTE_DATA_DIR", ROOT / ".data")))


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the API and pages against two baselines.")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("SCALE") or 1))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION") or 15))
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--only", help="comma-separated endpoint names")
    parser.add_argument("--docs", action="store_true", help="also write the table into docs/performance.md")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: `apt-get install wrk` (make bench does it).", file=sys.stderr)
        return 1

    started = time.monotonic()
    marker_before = generate.marker(generate.database_url(server := server_url()))
    dataset = generate.ensure_dataset(server, arguments.scale)
    url = generate.database_url(server)
    built = marker_before != dataset
    # A reused dataset gets the migrations added since it was built (indexes, say).
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DEBUG": "true"},
        check=True,
    )
    paths = sample_paths(url)
    with psycopg.connect(url, autocommit=True) as db:
        # A new data version: answers kept by an earlier run (in Redis, say) are not found, the first request
        # for each path is measured uncached.
        db.execute("UPDATE entente_data_version SET token = gen_random_uuid()")

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "BEHIND_TLS_PROXY": "true",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "LOG_LEVEL": "ERROR",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    workdir = Path(tempfile.mkdtemp(prefix="entente-bench-"))
    # Interrupted or terminated, still stop the servers (the finally below).
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: sys.exit(130))
    servers = []
    try:
        app = Server("app", "config.wsgi:application", env, arguments.workers, workdir)
        servers.append(app)
        # The same app keeping no answers: what every request costs when each asks something new.
        uncached = Server(
            "uncached",
            "config.wsgi:application",
            {**env, "RESPONSE_CACHE_SECONDS": "0"},
            arguments.workers,
            workdir,
        )
        servers.append(uncached)
        raw = Server("raw", "bench.raw_app:application", env, arguments.workers, workdir)
        servers.append(raw)
        names = arguments.only.split(",") if arguments.only else list(ENDPOINTS)
        endpoints, baselines = {}, {}
        timing = {"duration": arguments.duration, "connections": arguments.connections, "workdir": workdir}
        for name in names:
            description, has_baselines = ENDPOINTS[name]
            found = probe(app, paths[name])
            if set(found["statuses"]) != {200}:
                print(f"  {name}: answers {found['statuses']} (see {workdir}/app.log)")
            measured = measure(app, paths[name], until_kept=True, **timing)
            measured_uncached = measure(uncached, paths[name], **timing)
            row = {
                "description": description,
                **measured,
                "first_request_ms": found["first_request_ms"],
                "uncached": measured_uncached,
                "queries_per_request": query_range(found),
            }
            compared = {}
            if has_baselines:
                # A few paths suffice to warm a baseline and count its queries (naive DRF can take seconds
                # each).
                raw_probe = probe(raw, paths[name][:5])
                compared["raw"] = measure(raw, paths[name], **timing)
                naive_paths = [f"/naive{path}" for path in paths[name]]
                naive_probe = probe(app, naive_paths[:5])
                for baseline, found_there in (("raw", raw_probe), ("naive DRF", naive_probe)):
                    if set(found_there["statuses"]) != {200}:
                        print(f"  {name}, {baseline}: answers {found_there['statuses']}")
                compared["naive_drf"] = measure(app, naive_paths, **timing)
                compared["naive_drf"]["queries_per_request"] = query_range(naive_probe)
                row["ratio_to_raw"] = ratio(row["rps"], compared["raw"])
                row["ratio_to_naive_drf"] = ratio(row["rps"], compared["naive_drf"])
                measured_uncached["ratio_to_raw"] = ratio(measured_uncached["rps"], compared["raw"])
                measured_uncached["ratio_to_naive_drf"] = ratio(
                    measured_uncached["rps"], compared["naive_drf"]
                )
            else:
                row["ratio_to_raw"] = row["ratio_to_naive_drf"] = None
                row["no_baseline_reason"] = NO_BASELINE
            endpoints[name], baselines[name] = row, compared
            print(
                f"  {name}: {row['rps']:.0f} req/s, p95 {row['p95_ms']:.1f} ms,"
                f" {row['queries_per_request']} queries"
                f"; uncached {measured_uncached['rps']:.0f} req/s, p95 {measured_uncached['p95_ms']:.1f} ms"
                + (
                    f"; raw {compared['raw']['rps']:.0f} req/s,"
                    f" naive DRF {compared['naive_drf']['rps']:.0f} req/s"
                    if compared
                    else ""
                ),
                flush=True,
            )
        # Measured only if it answers as an endpoint does: an error page is no floor.
        floor_statuses = probe(uncached, ["/bench-floor/"])["statuses"]
        if floor_statuses != {200: 1}:
            raise RuntimeError(f"The framework floor did not answer 200: {floor_statuses}")
        floor = measure(uncached, ["/bench-floor/"], **timing)
        if floor["errors"]:
            raise RuntimeError(f"The framework floor answered {floor['errors']} errors under load.")
        print(f"  framework floor: {floor['rps']:.0f} req/s, p95 {floor['p95_ms']:.1f} ms", flush=True)
        with psycopg.connect(url, autocommit=True) as db:

            def curators_write():
                # As a curator's save does: one statement on a level period redraws the data version.
                db.execute(
                    "UPDATE partnerships_levelperiod SET notes = notes"
                    " WHERE id = (SELECT min(id) FROM partnerships_levelperiod)"
                )

            waits = {name: after_write(app, paths[name], curators_write) for name in names}
        print(
            "  after a write: " + ", ".join(f"{name} {wait['max_ms']:.0f} ms" for name, wait in waits.items())
        )
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    command = "make bench" + (f" SCALE={arguments.scale:g}" if arguments.scale != 1 else "")
    results = {
        "command": command,
        "date": time.strftime("%Y-%m-%d"),
        "scale": arguments.scale,
        "dataset": dataset["sizes"],
        "build_seconds": round(dataset["build_seconds"], 1),
        "built_this_run": built,
        "cpu_count": os.cpu_count(),
        "versions": versions(url),
        "load": {
            "tool": "wrk",
            "connections": arguments.connections,
            "duration_s": arguments.duration,
            "workers": arguments.workers,
            "worker_class": "gthread, 1 thread",
            "warm_up_s": WARM_UP,
            "cache": "redis (REDIS_URL)" if os.environ.get("REDIS_URL") else "in-process memory, per worker",
            "paths_per_endpoint": {name: len(paths[name]) for name in names},
        },
        "endpoints": endpoints,
        "baselines": baselines,
        "framework_floor": floor,
        "after_write": waits,
        "seconds": round(time.monotonic() - started, 1),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results))
    print(f"\nWrote {RESULTS.relative_to(ROOT)} ({results['seconds']:.0f} s).")
    if arguments.docs:
        write_docs(results)
        print(f"Updated {DOCS.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
