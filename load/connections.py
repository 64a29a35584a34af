"""Sample the database server's client connections while a load runs, and report the peak.

``python -m load.connections OUTPUT`` polls ``pg_stat_activity`` five times a second until it is stopped
(SIGTERM or SIGINT), then writes one line to OUTPUT: the peak number of client connections to the whole
server (every process's, not only the load's), the peak of those active at once, and the server's
``max_connections``. Its own connection is not counted.
"""

import os
import signal
import sys
import time
from pathlib import Path

INTERVAL = 0.2  # seconds

_QUERY = """
    SELECT count(*), count(*) FILTER (WHERE state = 'active'), current_setting('max_connections')::int
      FROM pg_stat_activity
     WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
"""


def main(output: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    peak = peak_active = samples = 0
    limit = None
    with connection.cursor() as cursor:
        while not stopping:
            cursor.execute(_QUERY)
            total, active, limit = cursor.fetchone()
            peak, peak_active, samples = max(peak, total), max(peak_active, active), samples + 1
            time.sleep(INTERVAL)
    output.write_text(
        f"CONNECTIONS peak={peak} peak_active={peak_active} max_connections={limit} samples={samples}\n"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
