"""How fast ``import_dataset`` imports: the per-row and the set-based path on the same file, in one run.

Builds the import benchmark's file (``bench/build_import_file.py``: the starter dataset repeated to
ROWS level rows, with its sources), then for each path imports it into an empty database (reference
data only, copied from a template) and imports it again unchanged, each in its own process under
``/usr/bin/time -v``. Prints rows/s and peak memory (RSS) as a table.

    .venv/bin/python -m bench.import_speed [--rows 100000 --rows 1000000] [--skip-per-row-above 200000]

``--profile`` instead times each SQL statement of one set-based import (into an empty database, then
unchanged) and prints the slowest, where the time goes (docs/import.md):

    .venv/bin/python -m bench.import_speed --rows 100000 --profile
"""

import argparse
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = "entente_import_template"
TARGET = "entente_import_bench"


def server_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    sys.path.insert(0, str(ROOT))
    from config.embedded_db import embedded_database_url

    return embedded_database_url(Path(os.environ.get("ENTENTE_DATA_DIR", ROOT / ".data")))


def database_url(server: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def _env(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only",
        "DB_POOL": "false",
    }


def _run(args: list[str], url: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=_env(url), capture_output=True, text=True, **kwargs)


def ensure_template(server: str) -> str:
    """A database holding only the migrations and the reference data (parties, schemes, tiers)."""
    with psycopg.connect(server, autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE]).fetchone():
            db.execute(f'CREATE DATABASE "{TEMPLATE}"')
    url = database_url(server, TEMPLATE)
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], url, check=True)
    load = "from bench.build_import_file import load_reference; load_reference()"
    _run([sys.executable, "manage.py", "shell", "-c", load], url, check=True)
    return url


def build_file(template_url: str, rows: int) -> Path:
    out = Path(f"/tmp/entente-import-{rows}")
    if not (out / "level_periods.csv").exists():
        _run(
            [sys.executable, "bench/build_import_file.py", str(out), "--rows", str(rows)],
            template_url,
            check=True,
        )
    return out


def fresh_database(server: str, name: str = TARGET) -> str:
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    return database_url(server, name)


def timed_import(url: str, path: Path, per_row: bool) -> dict:
    """One import in its own process: rows, seconds, rows/s (the command's own count) and peak RSS."""
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "manage.py",
        "import_dataset",
        str(path),
        "--no-progress",
    ]
    if per_row:
        command.append("--per-row")
    started = time.perf_counter()
    done = _run(command, url)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"import failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    rows = int(re.search(r"Imported ([\d,]+) rows", done.stdout)[1].replace(",", ""))
    seconds = float(re.search(r"rows in ([\d.]+) s", done.stdout)[1])
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1])
    counts = [line for line in done.stdout.splitlines() if line.startswith(("sources:", "level_periods:"))]
    return {"rows": rows, "seconds": seconds, "wall": wall, "rss_mb": rss_kb / 1024, "counts": counts}


def profile_import(path: str, top: int = 25) -> None:
    """Import ``path`` set-based in this process, timing every statement; print the slowest."""
    from django.core.management import call_command
    from django.db import connection

    from dataset.importing import staging

    spent: dict[str, list] = defaultdict(lambda: [0.0, 0])

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = spent[" ".join(sql.split())[:150]]
            entry[0] += time.perf_counter() - started
            entry[1] += 1

    copy_in = staging.copy_in

    def timed_copy(name, columns, records, progress=None):
        started = time.perf_counter()
        count = copy_in(name, columns, records, progress)
        entry = spent[f"COPY {name} (rows read in Python and sent)"]
        entry[0] += time.perf_counter() - started
        entry[1] += 1
        return count

    # The COPYs go round Django's cursor: timed where the modules call them.
    modules = [module for module in sys.modules.values() if getattr(module, "copy_in", None) is copy_in]
    for module in modules:
        module.copy_in = timed_copy
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(timed):
            call_command("import_dataset", path, "--no-progress")
    finally:
        for module in modules:
            module.copy_in = copy_in
    total = time.perf_counter() - started
    print(f"{total:.2f} s in all, {sum(s for s, _ in spent.values()):.2f} s in statements and COPY")
    for statement, (seconds, calls) in sorted(spent.items(), key=lambda item: -item[1][0])[:top]:
        print(f"{seconds:7.2f} s  x{calls:<3} {statement}")


def _profile(server: str, path: Path) -> None:
    name = f"{TARGET}_profile"
    url = fresh_database(server, name)
    for state in ("empty", "unchanged"):
        print(f"\n## set-based import into an {state} database", flush=True)
        code = f"from bench.import_speed import profile_import; profile_import({str(path)!r})"
        done = _run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], url)
        print(done.stdout, done.stderr[-2000:] if done.returncode else "", flush=True)
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="level rows in the file (repeatable)")
    parser.add_argument(
        "--skip-per-row-above", type=int, default=200_000, help="no per-row run for files larger than this"
    )
    parser.add_argument(
        "--profile", action="store_true", help="time each statement of the set-based import instead"
    )
    args = parser.parse_args()
    sizes = args.rows or [100_000]
    server = server_url()
    template = ensure_template(server)
    if args.profile:
        for size in sizes:
            _profile(server, build_file(template, size))
        return 0
    results = []
    for size in sizes:
        path = build_file(template, size)
        for per_row in (True, False):
            if per_row and size > args.skip_per_row_above:
                continue
            url = fresh_database(server)
            for state in ("empty", "unchanged"):
                result = timed_import(url, path, per_row)
                result.update(size=size, path="per-row" if per_row else "set-based", state=state)
                results.append(result)
                print(
                    f"  {result['path']:9} {size:>9,} rows into {state:9} database: "
                    f"{result['seconds']:6.1f} s, {result['rows'] / result['seconds']:8,.0f} rows/s, "
                    f"{result['rss_mb']:6.0f} MB; " + "; ".join(result["counts"]),
                    file=sys.stderr,
                    flush=True,
                )
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{TARGET}"')
    header = ("file rows", "path", "into", "rows imported", "s (import)", "rows/s", "s (process)", "peak RSS")
    print("\n| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for r in results:
        print(
            f"| {r['size']:,} | {r['path']} | {r['state']} database | {r['rows']:,} | {r['seconds']:.1f} | "
            f"{r['rows'] / r['seconds']:,.0f} | {r['wall']:.1f} | {r['rss_mb']:.0f} MB |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
