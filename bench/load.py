"""Loading a server: one probe per path (statuses, queries, first-request time), then wrk for a fixed time."""

import itertools
import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.servers import Server

# As production runs it: behind a TLS-terminating proxy (BEHIND_TLS_PROXY=true) that says so in this header.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# Seconds of unrecorded load before each measurement; the kept-answer server gets up to WARM_UP_ROUNDS of them
# (each worker keeps its own answers unless REDIS_URL shares them).
WARM_UP = 5
WARM_UP_ROUNDS = 12


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


def after_write(server: Server, paths: list[str], write, *, tries: int = 5) -> dict:
    """The wait of a reader right after a curator's write: ``write()`` (which redraws the data version,
    so every kept answer is stale), then one GET; ``tries`` times over the first paths."""
    waits = []
    for path in paths[:tries]:
        write()
        headers = {**PROXY_HEADERS, "X-Forwarded-For": "10.254.0.1"}
        began = time.monotonic()
        with urllib.request.urlopen(urllib.request.Request(server.url(path), headers=headers), timeout=120):
            pass
        waits.append((time.monotonic() - began) * 1000)
    waits.sort()
    return {"p50_ms": round(waits[len(waits) // 2], 1), "max_ms": round(waits[-1], 1), "tries": len(waits)}
