# Helsedocs: the entry points README, CI and developers share.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run install system-deps test lint format migrate ingest index screenshots bench clean

# The venv is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@bash scripts/system-deps.sh run
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Helsedocs needs Python 3.11 (set PYTHON=...)")'
	@echo "==> Creating $(VENV) and installing Helsedocs"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	@echo "==> Migrating the database"
	@$(PY) manage.py migrate --noinput

ingest: migrate
	@echo "==> Ingesting seeds/ (unchanged files are skipped)"
	@$(PY) manage.py ingest seeds/

index: ingest
	@echo "==> Bringing the search index up to date"
	@$(PY) manage.py check_index --repair

# The worker that ingests uploads runs in the background beside the server and is stopped
# with it (Ctrl+C, or the server exiting). --no-reload: a reloading worker's parent would
# leave its child behind.
run: index
	@echo "==> Starting the ingest worker (manage.py db_worker) in the background"
	@echo "==> Serving Helsedocs on http://$(HOST):$(PORT)/"
	@$(PY) manage.py db_worker --no-reload --verbosity 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	@bash scripts/system-deps.sh test
	@$(PY) -m pytest --playwright $(PYTEST_ARGS)

# The performance table (ingest, search on each engine beside plain PostgreSQL full-text
# search, pages, exports, load against gunicorn on 127.0.0.1) at 1x and synthetic larger
# corpora, printed and written to var/bench.json. Needs PostgreSQL (BENCH_POSTGRES).
BENCH_ARGS ?= --scales 1,10
bench: install
	@$(PY) scripts/benchmark.py $(BENCH_ARGS)

# Screenshots of the main pages into docs/screenshots/ (README links them).
screenshots: index
	@bash scripts/system-deps.sh test
	@$(PY) scripts/screenshots.py --out docs/screenshots

lint: install
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .

format: install
	@$(PY) -m ruff format .
	@$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
