"""The servers a run loads: gunicorn on a free port of this machine, stopped however the run ends."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # load goes to this machine only
# Seconds the app may take to start; every wait below is bounded.
START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


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
