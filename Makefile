# Liaison: `make run` sets up and serves the demo; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export LIAISON_DATABASE_URL ?= sqlite:///$(CURDIR)/var/liaison.sqlite3

.PHONY: run test install install-test chromium lint typecheck test-sqlite test-postgresql bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/liaison migrate
	$(BIN)/liaison demo seed
	$(BIN)/liaison serve

# Browser tests drive Debian's chromium (never a downloaded browser).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

lint: install-test
	$(BIN)/ruff check src tests bench

typecheck: install-test
	$(BIN)/mypy

test-sqlite: install-test chromium
	LIAISON_TEST_DATABASE_URL= $(BIN)/pytest

# PostgreSQL runs before every test run on this machine kind (CI included); use it when it answers.
test-postgresql: install-test chromium
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(subst +psycopg,,$(PG_URL))', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== the suite again on PostgreSQL"; \
	  LIAISON_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest; \
	else \
	  echo "PostgreSQL does not answer at $(PG_URL): suite ran on SQLite only"; \
	fi

test: lint typecheck test-sqlite test-postgresql

bench: install-test
	$(BIN)/python bench/policy.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-artifacts
