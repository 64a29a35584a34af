# Entente: `make run` serves the app with demo data, `make test` runs the whole suite.
# Both install what they need into .venv from the lock file; nothing else needs setting up.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test browser lint format lock migrate demo clean-data

install: $(INSTALLED)

$(INSTALLED): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py ensure_local_admin
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; Playwright's own browser download cannot work here.
# fonts-noto-cjk: original-language terms (Chinese, Japanese, Korean) render, in tests and screenshots, as
# letters rather than boxes.
browser:
	@test -x $(CHROMIUM) || { \
		echo "Installing Debian's chromium for the browser tests…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || { \
		echo "Installing Debian's fonts-noto-cjk for the browser tests…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null; }

test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-pin every dependency after editing pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra dev \
		-o requirements.lock pyproject.toml

clean-data:
	rm -rf .data

# The benchmark (bench/run.py, docs/performance.md): a dataset at 100x real size built into its own database
# (reused while SCALE and the generator are unchanged), the app and two baselines under gunicorn, loaded by wrk.
# SCALE=0.1 builds a tenth of it for a quick run.
SCALE ?= 1
.PHONY: bench
bench: install
	@command -v wrk >/dev/null || { \
		echo "Installing Debian's wrk for the benchmark…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.run --scale $(SCALE) --docs

# import_dataset's speed (bench/import_speed.py): the per-row and the set-based path on the same file, into an
# empty database and again unchanged, rows/s and peak memory. IMPORT_ROWS="100000 1000000" for both sizes.
IMPORT_ROWS ?= 100000
.PHONY: bench-import
bench-import: install
	$(BIN)/python -m bench.import_speed $(foreach rows,$(IMPORT_ROWS),--rows $(rows))

# --- Hardening (docs/security.md) ---
.PHONY: fuzz load backup restore audit

# schemathesis against /api/schema/ (`make test` runs it too); FUZZ_EXAMPLES cases per operation.
fuzz: install
	$(BIN)/python -m pytest -m fuzz tests/hardening/test_api_fuzz.py $(PYTEST_ARGS)

# 64 connections for 60 s on the public API and pages, gunicorn with production settings (needs wrk; installed
# when missing); the report ends with the peak number of database connections (docs/connections.md).
load: demo
	BIN=$(BIN) load/run.sh

# The whole database to backups/<date>-<time>.dump; `make restore FILE=backups/….dump` puts one back.
backup: install
	$(BIN)/python manage.py backup_database

restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/<date>-<time>.dump" >&2; exit 2; }
	$(BIN)/python manage.py restore_database "$(FILE)"

# Known vulnerabilities in the pinned dependencies. Needs PyPI's JSON API: --strict fails, rather than passes,
# when a package cannot be looked up.
audit: install
	$(BIN)/pip-audit --strict --no-deps --disable-pip -r requirements.lock
