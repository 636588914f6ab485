# Espace presse de la Région Grand Est — development commands.
# `make run` and `make test` do all the set-up they need on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Development mode for the server and the checks only: tests run with production-like
# settings (DEBUG off, see pyproject.toml), which the security tests rely on.
run check: export DEBUG ?= True

# `make serve` and `make bench` run the production settings locally, over http:// on the
# loopback: the key below is for these local runs only, never for a real server.
PG := -h 127.0.0.1 -U postgres
serve bench bench-instructions bench-search: export DEBUG = False
serve bench bench-instructions bench-search: export SECRET_KEY = local-production-run-only-not-a-secret-9f4c2e7b1d8a6035
serve bench bench-instructions bench-search: export ALLOWED_HOSTS = 127.0.0.1,localhost
serve bench bench-instructions bench-search: export SECURE_SSL_REDIRECT = False
serve bench bench-instructions bench-search: export SESSION_COOKIE_SECURE = False
serve bench bench-instructions bench-search: export CSRF_COOKIE_SECURE = False
serve: export DATABASE_URL = postgres://postgres@127.0.0.1:5432/grandest_press
serve: export CACHE_URL = redis://127.0.0.1:6379/1
bench bench-instructions: export DATABASE_URL = postgres://postgres@127.0.0.1:5432/grandest_press_bench
bench-mail: export DEBUG = False
bench-mail: export SECRET_KEY = local-production-run-only-not-a-secret-9f4c2e7b1d8a6035
bench-mail: export DATABASE_URL = postgres://postgres@127.0.0.1:5432/grandest_press_bench_mail
bench-import: export DEBUG = False
bench-import: export SECRET_KEY = local-production-run-only-not-a-secret-9f4c2e7b1d8a6035
bench-import: export DATABASE_URL = postgres://postgres@127.0.0.1:5432/grandest_press_bench_import
bench bench-instructions: export CACHE_URL = redis://127.0.0.1:6379/2
bench-instructions: export RESPONSE_CACHE = off
# The search benchmark's own database (100 000 releases) and Redis database.
bench-search: export DATABASE_URL = postgres://postgres@127.0.0.1:5432/grandest_press_bench_search
bench-search: export CACHE_URL = redis://127.0.0.1:6379/14
bench-search: export RESPONSE_CACHE = off
BENCH_SEARCH_PORT ?= 8104

.PHONY: help install tools run serve cluster cluster-stop bench bench-instructions bench-search bench-mail bench-import redis test test-postgres test-quality lint format check lock clean

help:
	@echo "make run            installe, migre, charge le POCE et sert sur http://$(HOST):$(PORT)/ (avec le worker des envois)"
	@echo "make serve          configuration de production (gunicorn, PostgreSQL, Redis) sur http://$(HOST):$(PORT)/"
	@echo "make cluster        cluster local : PostgreSQL primaire + réplique, Redis, 2 gunicorn, HAProxy (http://$(HOST):8100/)"
	@echo "make cluster-stop   arrête ce que make cluster a démarré"
	@echo "make bench          banc d'essai HTTP sur 10 000 communiqués (PostgreSQL, Redis, wrk)"
	@echo "make bench-instructions  instructions par requête de chaque page (valgrind), stable d'une machine à l'autre"
	@echo "make bench-search   recherche sur 100 000 communiqués : en processus (p50, p95) puis HTTP (wrk)"
	@echo "make bench-mail     envoi à 5 000 destinataires vers un serveur SMTP local : temps et mémoire du worker"
	@echo "make bench-import   import d'une archive de 2 000 fichiers générés : temps et mémoire"
	@echo "make test           lance toute la suite de tests (SQLite, ou DATABASE_URL)"
	@echo "make test-postgres  lance la suite sur PostgreSQL (127.0.0.1:5432)"
	@echo "make test-quality   accessibilité (axe-core), HTML valide (vnu), navigateur, sécurité"
	@echo "make tools          installe vnu.jar (npm) pour la validation HTML"
	@echo "make lint           ruff check + ruff format --check"
	@echo "make format         reformate le code"
	@echo "make lock           recalcule requirements.lock depuis pyproject.toml"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

# A git-ignored .env for this checkout: `manage.py` works by hand in development mode.
# Variables set in the environment win over it (tests, make serve, CI's deploy check).
.env:
	printf '# Local development only (git-ignored). Production sets its own environment.\nDEBUG=True\n' > .env

install: $(STAMP) .env

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_poce
	$(BIN)/python manage.py load_poce_invitation
	@echo ""
	@echo "Pour vous connecter à l'administration (http://$(HOST):$(PORT)/admin/), créez un compte :"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo "Les courriels envoyés s'écrivent dans var/courriels/ ; le worker des envois tourne à côté."
	@echo ""
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# $(call debian_tool,NAME): installs Debian's package NAME (sudo unless root) when its
# command is missing.
debian_tool = command -v $(1) >/dev/null || { SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $(1); }

# $(call createdb,NAME): creates the PostgreSQL database NAME when it is missing.
createdb = psql $(PG) -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(1)'" \
	| grep -q 1 || createdb $(PG) $(1)

redis:
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes \
		--bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
		--dir /var/lib/redis --logfile /var/log/redis/ci.log

serve: install redis
	$(call createdb,grandest_press)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py load_poce
	$(BIN)/python manage.py load_poce_invitation
	GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c grandest_press/gunicorn.conf.py

# Not part of `make run`: the production topology on the loopback, in var/cluster/ (begun
# afresh each time): a PostgreSQL primary (5434) and its streaming replica (5435), Redis
# (6380), two gunicorn app servers (8101, 8102) and HAProxy on http://127.0.0.1:8100/.
# PostgreSQL's server programs come from Debian's postgresql package, HAProxy from haproxy.
cluster: install
	@$(call debian_tool,haproxy)
	$(BIN)/python manage.py cluster start

cluster-stop:
	$(BIN)/python manage.py cluster stop

# Not part of CI. Seeds its own database once (10 000 releases), then about 5 minutes of
# load on the loopback; wrk comes from Debian.
bench: install redis
	@$(call debian_tool,wrk)
	$(call createdb,grandest_press_bench)
	$(BIN)/python manage.py migrate --no-input --verbosity 0
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py bench_http

# Not part of CI either: the instructions one request executes, page by page, under
# valgrind (Debian), a count that does not drift with the machine's speed (~3 minutes).
bench-instructions: install redis
	@$(call debian_tool,valgrind)
	$(call createdb,grandest_press_bench)
	$(BIN)/python manage.py migrate --no-input --verbosity 0
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py bench_instructions

# Not part of CI: the search at 100 000 releases (seeded once into its own database,
# ~2 minutes), on one warm connection in process, then through gunicorn without the page
# cache on 127.0.0.1:$(BENCH_SEARCH_PORT) (20 s of wrk). About 3 minutes once seeded.
bench-search: install redis
	@$(call debian_tool,wrk)
	$(call createdb,grandest_press_bench_search)
	$(BIN)/python manage.py migrate --no-input --verbosity 0
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py bench_search --releases 100000 --http-port $(BENCH_SEARCH_PORT)

# Not part of CI either: one sending to 5 000 journalists, through the real worker, to
# an SMTP server on the loopback that discards what it gets (about 100 s).
bench-mail: install
	$(call createdb,grandest_press_bench_mail)
	$(BIN)/python manage.py migrate --no-input --verbosity 0
	$(BIN)/python manage.py bench_mail

# Not part of CI: 2 000 generated files (texts and saved pages) through import_archive.
bench-import: install
	$(call createdb,grandest_press_bench_import)
	$(BIN)/python manage.py migrate --no-input --verbosity 0
	$(BIN)/python manage.py bench_import --files 2000

test: install
	$(BIN)/pytest

# The quality gates alone. Browser tests need Debian's chromium (/usr/bin/chromium);
# HTML validation needs Java and `make tools`. Missing, they are skipped; CI sets
# REQUIRE_BROWSER=1 REQUIRE_TOOLS=1 so that they fail instead.
test-quality: install
	$(BIN)/pytest tests/e2e tests/grandest_press/test_html_validity.py \
		tests/grandest_press/test_security.py tests/grandest_press/test_admin_permissions.py

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

tools: node_modules/.package-lock.json

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/grandest_press} $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Resolves pyproject.toml's dependencies (runtime and the dev group) and pins every
# package with its hashes, so CI installs exactly what was tested. uv is used only
# here, in a scratch venv, because pip cannot compile a lock from dependency groups.
lock:
	rm -rf /tmp/grandest-lock && $(PYTHON) -m venv /tmp/grandest-lock
	/tmp/grandest-lock/bin/python -m pip install --quiet uv
	/tmp/grandest-lock/bin/uv pip compile pyproject.toml --group dev --group nlp --generate-hashes \
		--python-version 3.13 --quiet --output-file requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules artifacts
