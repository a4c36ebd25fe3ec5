# Jobtro — the two commands of the README, and their parts.
#   make demo   sets up .venv and assets, builds the demo database, serves http://127.0.0.1:8000
#   make test   sets up .venv, runs `make lint` and the whole test suite (SQLite; PostgreSQL
#               too when JOBTRO_TEST_DATABASE_URL is set or CI=true)
#   make lint   ruff, import-linter, mypy, and a check that no migration is missing

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/jobtro/static/vendor
DATA_DIR ?= var
PYTEST_ARGS ?=
# Test processes (pytest-xdist): `auto` is one per CPU; 0 runs the suite in one process.
# Each worker gets its own test database; tests/conftest.py groups the tests into work
# units for loadgroup (a file whole, so its module fixtures are built once).
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup

.PHONY: demo test setup assets lint typecheck test-sqlite test-postgres messages bench clean wheel wheel-check

$(BIN)/jobtro: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/.stamp: node_modules/.package-lock.json
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/dkfds/css $(VENDOR)/dkfds/js $(VENDOR)/htmx
	cp node_modules/dkfds/dist/css/dkfds.min.css node_modules/dkfds/dist/css/dkfds.min.css.map $(VENDOR)/dkfds/css/
	cp node_modules/dkfds/dist/js/dkfds.min.js node_modules/dkfds/dist/js/dkfds.min.js.map $(VENDOR)/dkfds/js/
	cp -r node_modules/dkfds/dist/fonts node_modules/dkfds/dist/img $(VENDOR)/dkfds/
	cp node_modules/dkfds/LICENSE.md $(VENDOR)/dkfds/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	@touch $@

setup: $(BIN)/jobtro assets
assets: $(VENDOR)/.stamp

messages: $(BIN)/jobtro
	cd src/jobtro && ../../$(BIN)/django-admin compilemessages --ignore=.venv

demo: setup
	$(BIN)/jobtro demo --data-dir $(DATA_DIR)

lint: $(BIN)/jobtro
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(MAKE) --no-print-directory typecheck
	JOBTRO_DATA_DIR=$$(mktemp -d) $(BIN)/jobtro manage makemigrations --check --dry-run

# mypy with the django-stubs plugin; which packages are strict is in pyproject.toml.
typecheck: $(BIN)/jobtro
	JOBTRO_DATA_DIR=$$(mktemp -d) $(BIN)/mypy

test-sqlite: setup
	$(PYTEST) $(PYTEST_ARGS)

test-postgres: setup
	@if [ -n "$$JOBTRO_TEST_DATABASE_URL" ]; then \
		echo "== the whole suite again on PostgreSQL =="; \
		DATABASE_URL="$$JOBTRO_TEST_DATABASE_URL" $(PYTEST) $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "CI=true but JOBTRO_TEST_DATABASE_URL is not set: PostgreSQL must be tested" >&2; exit 1; \
	else \
		echo "(PostgreSQL skipped: set JOBTRO_TEST_DATABASE_URL=postgres://… to run the suite on it)"; \
	fi

test: lint test-sqlite test-postgres wheel-check

# The wheel is the whole product: the vendored design system and htmx go inside it.
wheel: setup
	rm -rf build
	$(BIN)/pip wheel --quiet --no-deps -w dist .
	@ls dist/jobtro-*.whl

# Build the wheel, install it in a fresh venv outside the repository, serve one page.
wheel-check: setup
	rm -rf build
	PYTHON=$(PYTHON) $(BIN)/python .ci/check_wheel.py

bench: setup
	$(BIN)/python bench/analysis.py
	$(BIN)/python bench/language.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/imports.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
