# Switchboard: `make start` runs the portal (web + worker), `make test` runs the tests,
# `make demo` runs a demo: seeded data, both store sandboxes, the portal and a worker.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIND ?= 127.0.0.1:8000

.PHONY: start demo test lint format migrate

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

.env:
	$(PY) -m portal.devenv .env

start: $(VENV)/.runtime .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py check --database default
	$(PY) manage.py ensure_admin
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py runportal --bind $(BIND)

demo: $(VENV)/.runtime .env
	$(PY) manage.py demo --bind $(BIND)

test: $(VENV)/.dev .env
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
