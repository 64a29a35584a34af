#!/usr/bin/env bash
# make load: 64 connections for 60 s on the public API and pages, against gunicorn with production
# settings (DEBUG=false) on the configured database, throttling raised so that the app itself is measured.
# Loopback only; bounded in time; stops the server it started. The report ends with the peak number of
# client connections the database server had meanwhile (load/connections.py: every process's, so a
# `make run` serving beside it counts too).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
CONNECTIONS=${LOAD_CONNECTIONS:-64}
DURATION=${LOAD_DURATION:-60s}
PORT=${LOAD_PORT:-8765}

command -v wrk >/dev/null || {
	echo "Installing wrk…"
	SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
	$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
}

export DEBUG=false ALLOWED_HOSTS=127.0.0.1 BEHIND_TLS_PROXY=true
export SECRET_KEY=${SECRET_KEY:-$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(64))')}
export API_ANON_RATE=100000000/minute API_USER_RATE=100000000/minute
$BIN/python manage.py collectstatic --noinput >/dev/null

WORKERS=${LOAD_WORKERS:-3} THREADS=${LOAD_THREADS:-8}
REPORT=$(mktemp -d /tmp/entente-load.XXXXXX)
SERVER= SAMPLER=
trap 'kill $SAMPLER $SERVER 2>/dev/null; wait $SAMPLER $SERVER 2>/dev/null; rm -rf "$REPORT"' EXIT
# Each thread keeps one persistent connection: the server holds at most workers × threads.
echo "load: gunicorn $WORKERS workers × $THREADS threads, at most $((WORKERS * THREADS)) database connections"
$BIN/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --worker-class gthread \
	--workers "$WORKERS" --threads "$THREADS" --timeout 30 --log-level warning &
SERVER=$!
for _ in $(seq 60); do
	curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/api/v1/schemes/" && break
	sleep 1
done

$BIN/python -m load.connections "$REPORT/connections.txt" &
SAMPLER=$!
wrk --threads 2 --connections "$CONNECTIONS" --duration "$DURATION" --timeout 10s --latency \
	--script load/paths.lua "http://127.0.0.1:$PORT" | tee "$REPORT/wrk.txt"
kill $SAMPLER && wait $SAMPLER || true
SAMPLER=
[ -s "$REPORT/connections.txt" ] || echo "CONNECTIONS unknown (the sampler failed)" >"$REPORT/connections.txt"
cat "$REPORT/connections.txt"
cat "$REPORT/wrk.txt" "$REPORT/connections.txt" >/tmp/entente-load.txt
grep -q "LOAD .* errors=0 " /tmp/entente-load.txt || { echo "load: errors or timeouts, see above" >&2; exit 1; }
