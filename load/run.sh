#!/usr/bin/env bash
# make load: 64 connections for 60 s on the public API and pages, against gunicorn with production
# settings (DEBUG=false) on the configured database, throttling raised so that the app itself is measured.
# Loopback only; bounded in time; stops the server it started.
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

$BIN/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --worker-class gthread \
	--workers "${LOAD_WORKERS:-3}" --threads "${LOAD_THREADS:-8}" --timeout 30 --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 60); do
	curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/api/v1/schemes/" && break
	sleep 1
done

wrk --threads 2 --connections "$CONNECTIONS" --duration "$DURATION" --timeout 10s --latency \
	--script load/paths.lua "http://127.0.0.1:$PORT" | tee /tmp/entente-load.txt
grep -q "LOAD .* errors=0 " /tmp/entente-load.txt || { echo "load: errors or timeouts, see above" >&2; exit 1; }
