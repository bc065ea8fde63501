# Two commands: `make run` and `make test`. Both set up .venv from uv.lock on first use.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
export UV_SYSTEM_CERTS := 1
export UV_COMPILE_BYTECODE := 1
export UV_PYTHON_DOWNLOADS := never
export DAGSTER_HOME := $(CURDIR)/.dagster
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)

.PHONY: setup run test test-fast lint bench ui serve clean

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || [ -x "$(UV)" ] || $(PYTHON) -m pip install --user --quiet uv || $(PYTHON) -m pip install --user --quiet --break-system-packages uv
	$(UV) sync --frozen --extra test --python $(PYTHON)
	@# ctip itself is installed editable, so uv compiles no bytecode for it; with PYTHONDONTWRITEBYTECODE
	@# set, every command would compile its ~150 modules again (a stale .pyc is simply not used).
	$(VENV)/bin/python -m compileall -q pipelines > /dev/null
	@touch $@

setup: $(VENV)/.synced

run: setup
	@mkdir -p $(DAGSTER_HOME)
	$(VENV)/bin/ctip run
	@# The estimates' validation is its own (weekly) job; a fresh warehouse gets one at once.
	$(VENV)/bin/ctip validate

test: setup
	@bash .ci/install_chromium.sh
	@mkdir -p $(DAGSTER_HOME)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	@# Both cores (more where there are): each test file runs whole on one worker, so a module's
	@# fixtures are built once; the suite took 16.5 min on one core of this 2-core machine.
	$(VENV)/bin/python -m pytest -q -n auto --maxprocesses 4 --dist loadfile -m "not serial"
	$(VENV)/bin/python -m pytest -q -m serial

# Unit tests and small integrations: no test marked slow (whole Dagster runs, big corpora) or
# browser. The gate stays `make test`.
test-fast: setup
	@mkdir -p $(DAGSTER_HOME)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/python -m pytest -q -m "not slow and not browser" -p no:cacheprovider

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

bench: setup
	$(VENV)/bin/python -m bench

ui: setup
	$(VENV)/bin/ctip ui

serve: setup   # the members' portal on 127.0.0.1:8080 (accounts: ctip users add); SERVE_ARGS="--port 9000"
	$(VENV)/bin/ctip serve $(SERVE_ARGS)

clean:
	rm -rf $(VENV) .dagster data/marts/*.duckdb data/marts/feedback data/marts/exports data/marts/report
