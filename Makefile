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

.PHONY: help install tools run test test-postgres test-quality lint format check lock clean

help:
	@echo "make run            installe, migre, charge le POCE et sert sur http://$(HOST):$(PORT)/"
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

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_poce
	@echo ""
	@echo "Pour vous connecter à l'administration (http://$(HOST):$(PORT)/admin/), créez un compte :"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

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
	/tmp/grandest-lock/bin/uv pip compile pyproject.toml --group dev --generate-hashes \
		--python-version 3.13 --quiet --output-file requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules artifacts
