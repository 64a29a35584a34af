"""``make bench``: build (or reuse) the dataset, serve app and baselines under gunicorn, load them with wrk.

Each endpoint is loaded for a fixed time at a fixed number of connections, rotating through a fixed list
of paths drawn from the data (so that no single cached answer is measured); its baselines are loaded the
same way in the same run. Writes ``bench/results.json`` and prints the table; ``--docs`` also puts the
table in ``docs/performance.md``.

    python -m bench.run [--scale 0.1] [--duration 15] [--connections 4] [--docs]
"""

import argparse
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

from bench import generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DOCS = ROOT / "docs" / "performance.md"
HOST = "127.0.0.1"  # load goes to this machine only
AS_OF_YEARS = (2000, 2005, 2010, 2015, 2020)
SEARCH_WORDS = ("Hanoi", "Nairobi", "fisheries", "Cambodia", "Kovacs", "rubber exports", "Lisbon", "Tanaka")
# As production runs it: behind a TLS-terminating proxy (BEHIND_TLS_PROXY=true) that says so in this header.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# Seconds of unrecorded load before each measurement; the kept-answer server gets up to WARM_UP_ROUNDS of them
# (each worker keeps its own answers unless REDIS_URL shares them).
WARM_UP = 5
WARM_UP_ROUNDS = 12
# Requests the app may take to start; every wait below is bounded.
START_TIMEOUT = 60

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def sample_paths(url: str, per_endpoint: int = 40) -> dict[str, list[str]]:
    """Paths to request, spread evenly over the data (deterministic for a given dataset)."""
    with psycopg.connect(url) as db:
        codes = [
            code
            for (code,) in db.execute(
                """SELECT p.code FROM partnerships_party p
                   WHERE EXISTS (SELECT 1 FROM partnerships_relationship r
                                 WHERE r.party_a_id = p.id OR r.party_b_id = p.id)
                   ORDER BY p.id"""
            )
        ]
        codes = codes[:: max(1, len(codes) // 20)][:20]
        pairs = [
            key
            for (key,) in db.execute(
                """SELECT a.code || '-' || b.code FROM partnerships_relationship r
                   JOIN partnerships_party a ON a.id = r.party_a_id JOIN partnerships_party b ON
                       b.id = r.party_b_id
                   WHERE EXISTS (SELECT 1 FROM partnerships_levelperiod l
                                 WHERE l.relationship_id = r.id AND l.status = 'published')
                   ORDER BY r.id"""
            )
        ]
        pairs = pairs[:: max(1, len(pairs) // per_endpoint)][:per_endpoint]
        (last_meeting,) = db.execute("SELECT max(id) FROM events_meeting").fetchone()
        meetings = [
            meeting
            for (meeting,) in db.execute(
                "SELECT id FROM events_meeting WHERE status = 'published' AND id %% %s = 1"
                " ORDER BY id LIMIT %s",
                [max(1, last_meeting // per_endpoint), per_endpoint],
            )
        ]
    return {
        "relationships_list": [
            f"/api/v1/relationships/?as_of={year}-06-30&party={code}"
            for index, code in enumerate(codes)
            for year in AS_OF_YEARS[index % 2 :: 2]
        ],
        "pair_as_of": [
            f"/api/v1/relationships/?party={key.replace('-', ',')}"
            f"&as_of={AS_OF_YEARS[index % len(AS_OF_YEARS)]}-06-30"
            for index, key in enumerate(pairs)
        ],
        "pair_timeline": [f"/api/v1/relationships/{key}/" for key in pairs],
        "levels_list": [f"/api/v1/levels/?party={code}" for code in codes],
        "meetings_list": [
            f"/api/v1/meetings/?party={code}&start_from={year}-01-01&start_to={year}-12-31"
            for index, code in enumerate(codes)
            for year in AS_OF_YEARS[index % 2 :: 2]
        ],
        "meeting_detail": [f"/api/v1/meetings/{meeting}/" for meeting in meetings],
        "party_page": [f"/parties/{code}/" for code in codes],
        "pair_page": [f"/relationships/{key}/" for key in pairs],
        "search_page": [f"/search/?q={word.replace(' ', '+')}" for word in SEARCH_WORDS],
        "map_page": [
            f"/map/?scheme={scheme}&as_of={year}-06-30" for scheme in ("cn", "vn") for year in AS_OF_YEARS
        ],
    }


class Server:
    """A gunicorn serving ``app`` on a free port of 127.0.0.1, stopped by ``stop()`` (or at exit)."""

    def __init__(self, name: str, app: str, env: dict, workers: int, log_dir: Path):
        self.name, self.port = name, free_port()
        # Open for the server's lifetime: stop() closes it.
        self.log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                app,
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                "1",
                "--keep-alive",
                "5",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited at start; see {self.log.name}")
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{name} did not start within {START_TIMEOUT} s; see {self.log.name}")

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        self.log.close()


_PROBE_CLIENTS = itertools.count()


def probe(server: Server, paths: list[str]) -> dict:
    """GET each path once (this also warms the server): statuses and the queries each cost (X-Queries)."""
    statuses, queries, seconds = {}, [], []
    for path in paths:
        began = time.monotonic()
        try:
            client = next(_PROBE_CLIENTS)
            headers = {**PROXY_HEADERS, "X-Forwarded-For": f"10.255.{client // 256 % 256}.{client % 256}"}
            request = urllib.request.Request(server.url(path), headers=headers)
            with urllib.request.urlopen(request, timeout=120) as answer:
                status, header = answer.status, answer.headers.get("X-Queries")
        except urllib.error.HTTPError as error:
            status, header = error.code, error.headers.get("X-Queries")
        seconds.append(time.monotonic() - began)
        statuses[status] = statuses.get(status, 0) + 1
        if header is not None:
            queries.append(int(header))
    return {
        "statuses": statuses,
        "queries": (min(queries), max(queries)) if queries else None,
        # The first request for each path, before anything is kept: what an uncached answer costs.
        "first_request_ms": {
            "p50": round(sorted(seconds)[len(seconds) // 2] * 1000, 1),
            "max": round(max(seconds) * 1000, 1),
        },
    }


_WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  -- Many readers, as behind the proxy: each request from one of 65,536 client addresses
  -- (throttling is per client).
  local client = "10." .. math.floor(counter / 65536) %% 256 .. "." ..
                 math.floor(counter / 256) %% 256 .. "." .. counter %% 256
  return wrk.format("GET", paths[(counter %% #paths) + 1],
                    {["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = client})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, ' ..
    '"max_us": %%d, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def load(server: Server, paths: list[str], *, duration: int, connections: int, workdir: Path) -> dict:
    """wrk for ``duration`` seconds at ``connections`` connections, rotating through ``paths``."""
    script = workdir / f"{server.name}.lua"
    script.write_text(_WRK_SCRIPT % ", ".join(json.dumps(path) for path in paths))
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(connections),
            "--duration",
            f"{duration}s",
            "--timeout",
            "10s",
            "--script",
            str(script),
            server.url("/"),
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    match = re.search(r"BENCH_JSON (\{.*\})", output)
    if not match:
        raise RuntimeError(f"wrk gave no summary:\n{output}")
    raw = json.loads(match.group(1))
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "errors": errors,
        "requests": raw["requests"],
    }


def warm_up(server: Server, paths: list[str], *, connections: int, workdir: Path) -> None:
    """Load until the answers are kept: rounds of WARM_UP seconds until one has no request far slower than
    the typical one (a request that makes its answer takes 20 ms to seconds; a kept answer, a few ms)."""
    for _ in range(WARM_UP_ROUNDS):
        round_ = load(server, paths, duration=WARM_UP, connections=connections, workdir=workdir)
        if round_["max_ms"] <= 10 * round_["p50_ms"] + 20:
            return


def measure(
    server: Server, paths: list[str], *, duration: int, connections: int, workdir: Path, until_kept=False
) -> dict:
    """Warm ``server`` up, then load it for ``duration`` seconds.

    ``until_kept``: the server keeps answers, and each worker keeps its own unless REDIS_URL shares them;
    warm it until they are kept rather than for one round.
    """
    if until_kept:
        warm_up(server, paths, connections=connections, workdir=workdir)
    else:
        load(server, paths, duration=WARM_UP, connections=connections, workdir=workdir)
    return load(server, paths, duration=duration, connections=connections, workdir=workdir)


def query_range(found: dict) -> int | str | None:
    """The SQL queries a request cost, from a probe: one number, or ``low-high``."""
    low, high = found["queries"] or (None, None)
    return low if low == high else f"{low}-{high}"


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


def ratio(value: float, baseline: dict | None) -> float | None:
    if not baseline or not baseline["rps"]:
        return None
    return round(value / baseline["rps"], 3)


def table(results: dict) -> str:
    lines = [
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors | queries/request | × raw | × naive DRF "
        "| uncached: req/s | p95 ms | × raw | × naive DRF |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def times(value):
        return "—" if value is None else f"{value:.2f}"

    for name, row in results["endpoints"].items():
        cold = row["uncached"]
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} "
            f"| {row['errors']} | {row['queries_per_request']} "
            f"| {times(row['ratio_to_raw'])} | {times(row['ratio_to_naive_drf'])} "
            f"| {cold['rps']:.0f} | {cold['p95_ms']:.1f} "
            f"| {times(cold.get('ratio_to_raw'))} | {times(cold.get('ratio_to_naive_drf'))} |"
        )
    lines.append("")
    lines.append("| baseline | " + " | ".join(name for name in results["baselines"]) + " |")
    lines.append("|---|" + "---:|" * len(results["baselines"]))
    for kind in ("raw", "naive_drf"):
        cells = []
        for name in results["baselines"]:
            measured = results["baselines"][name].get(kind)
            cells.append(f"{measured['rps']:.0f} req/s, p95 {measured['p95_ms']:.0f} ms" if measured else "—")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_docs(results: dict) -> None:
    """Replace the table between the markers of docs/performance.md with this run's."""
    text = DOCS.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    dataset = ", ".join(f"{count:,} {name.replace('_', ' ')}" for name, count in results["dataset"].items())
    block = (
        f"{start}\n"
        f"Produced by `{results['command']}` on {results['date']}: {results['cpu_count']} CPUs, "
        f"PostgreSQL {results['versions']['postgresql']}, {results['load']['connections']} connections, "
        f"{results['load']['duration_s']} s per endpoint, gunicorn {results['load']['workers']} workers. "
        f"Dataset (scale {results['scale']}, built in {results['build_seconds']:.0f} s): {dataset}.\n\n"
        f"{table(results)}\n{end}"
    )
    DOCS.write_text(re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S))


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
