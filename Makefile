# The README's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The SQLite pass of `make test` must not pick up a PostgreSQL DATABASE_URL.
SQLITE_ENV := env -u DATABASE_URL DJANGO_SETTINGS_MODULE=portal.settings.test
# pytest-xdist: one test process per core (each with its own test database); PYTEST_WORKERS=0
# runs everything in one process.
PYTEST_WORKERS ?= auto
XDIST := -n $(PYTEST_WORKERS)

.PHONY: run serve install install-dev test test-unit test-browser docs-screenshots ensure-chromium kern lint format messages bench bench-mixed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
	$(MANAGE) compile_translations

install-dev: $(VENV)/.dev
	$(MANAGE) compile_translations

# `make run` serves on RUN_ADDRESS; PORTAL_BASE_URL, the portal's public address that every
# link in e-mails, feeds and the sitemap names (and `migrate` writes into the Site record),
# is that address unless you set it (e.g. PORTAL_BASE_URL=http://localhost:8000 make run).
RUN_ADDRESS ?= 127.0.0.1:8000
PORTAL_BASE_URL ?= http://$(RUN_ADDRESS)
RUN_ENV := env PORTAL_BASE_URL=$(PORTAL_BASE_URL)

## make run: install, migrate, load demo content, create the dev admin, serve on :8000
run: install
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) load_demo_content
	$(RUN_ENV) $(MANAGE) ensure_dev_admin
	$(RUN_ENV) $(MANAGE) runserver $(RUN_ADDRESS)

## make test: everything - ruff, Django checks, pytest on SQLite and again on PostgreSQL if
## DATABASE_URL says so, then the browser suite (accessibility, keyboard, journeys)
test: test-unit test-browser

test-unit: install-dev lint
	$(SQLITE_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(SQLITE_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(SQLITE_ENV) $(BIN)/pytest -m "not browser" $(XDIST) $(PYTEST_ARGS)
	@case "$${DATABASE_URL:-}" in \
	  postgres*|pgsql*) \
	    echo "== pytest on PostgreSQL ($${DATABASE_URL})"; \
	    DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest -m "not browser" $(XDIST) --create-db $(PYTEST_ARGS) ;; \
	  *) echo "== DATABASE_URL does not point to PostgreSQL: skipped the PostgreSQL pass" ;; \
	esac

## make test-browser: start the portal under gunicorn (production settings, demo content) and
## drive Debian's Chromium through it; screenshots land in test-artifacts/screenshots/
test-browser: install-dev ensure-chromium
	$(SQLITE_ENV) $(BIN)/pytest -m browser tests/browser $(PYTEST_ARGS)

## make docs-screenshots: the browser suite's pictures of the home page, an article and the
## marketplace at 1280 and 375 px, written to docs/screenshots/ (committed) as well
docs-screenshots: install-dev ensure-chromium
	$(SQLITE_ENV) UPDATE_DOCS_SCREENSHOTS=1 $(BIN)/pytest -m browser tests/browser/test_screenshots.py $(PYTEST_ARGS)

## make kern: refresh the KERN UX files the portal serves itself (portal/static/kern/: Fira Sans
## fonts and licences) from npm (@kern-ux/native, pinned in package.json and package-lock.json).
## The files are committed, so `make run`, `make test` and CI need neither npm nor the network.
KERN := node_modules/@kern-ux/native
KERN_STATIC := portal/static/kern
kern:
	npm ci --ignore-scripts --no-audit --no-fund
	rm -f $(KERN_STATIC)/fonts/*.woff2 && mkdir -p $(KERN_STATIC)/fonts
	for weight in Regular SemiBold Bold; do \
	  cp $(KERN)/dist/fonts/fira-sans/FiraSans-$$weight.woff2 $(KERN_STATIC)/fonts/; \
	done
	cp $(KERN)/LICENSE.md $(KERN_STATIC)/LICENSE-EUPL-1.2.md
	node -p "require('./$(KERN)/package.json').version" > $(KERN_STATIC)/VERSION

ensure-chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "== installing Debian's chromium package"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make messages: refresh the .po catalogues from the source (needs GNU gettext)
messages: $(VENV)/.dev
	for app in portal home blog events community search demo subscriptions experts ideas library matchmaking workinggroups; do \
	  (cd $$app && ../$(MANAGE) makemessages -l de -l en --no-obsolete --add-location file); \
	done
	$(MANAGE) compile_translations

## make bench: the whole benchmark suite against gunicorn with production settings
bench: install-dev
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

## make bench-mixed: anonymous readers, signed-in members and writes at once (bench/README.md)
bench-mixed: install-dev
	$(BIN)/python bench/mixed_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
