# Liaison: `make run` sets up and serves the demo; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
VENDOR := src/liaison/web/static/vendor
export LIAISON_DATABASE_URL ?= sqlite:///$(CURDIR)/var/liaison.sqlite3

.PHONY: run test install install-test web-assets chromium lint typecheck test-sqlite test-postgresql bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# The console's JavaScript libraries (package.json, exact versions in package-lock.json) come
# from the npm registry once, and are served from this node under /static/vendor/ (git-ignored):
# pages never load code from elsewhere. Re-run only when package-lock.json changes.
$(VENDOR)/cytoscape.min.js: package-lock.json
	@if ! command -v npm >/dev/null; then \
	  echo "Installing Debian's npm for the console's JavaScript libraries"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; \
	fi
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/cytoscape/dist/cytoscape.min.js $@

web-assets: $(VENDOR)/cytoscape.min.js

install: $(VENV)/.installed web-assets
install-test: $(VENV)/.installed-test web-assets

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
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-artifacts node_modules $(VENDOR)
