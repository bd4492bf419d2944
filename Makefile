# Two commands matter: `make run` and `make test` (see README).
SHELL := /bin/bash
# Debian's own Python 3.11 where it is installed, else the first python3.11 on
# PATH. Debian builds it with profile-guided and link-time optimisation; a
# self-compiled one (pyenv's default build, first on PATH on some machines)
# rendered the public pages 25-40 % slower (issue #20). An existing .venv
# keeps its Python: remove .venv to change it.
PYTHON ?= $(or $(wildcard /usr/bin/python3.11),python3.11)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FIXTURES := fixtures/concept.json fixtures/inquiries.json fixtures/monitoring.json \
	fixtures/roundtable.json
HOST ?= 127.0.0.1
PORT ?= 8000
ADMIN_USER ?= admin
ADMIN_PASSWORD ?= kassel-lokal
# System packages: WeasyPrint needs Pango/HarfBuzz, the upload check libmagic,
# the browser tests Chromium.
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-open-sans poppler-utils \
	libmagic1
BROWSER_PKGS := chromium

.PHONY: run serve bench test lint check system-deps browser-deps migrate fixtures locale clean \
	prod-check nginx-deps

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Fehlt: $(PYTHON). Installieren Sie Python 3.11 (Debian: apt-get install python3.11 python3.11-venv)."; exit 1; }
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV) || { echo "Fehlt: das venv-Modul. Debian: apt-get install python3.11-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

system-deps:
	@missing=$$(for p in $(SYSTEM_LIBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done | xargs); \
	if [ -n "$$missing" ]; then \
	  echo "Systempakete fehlen: $$missing"; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Bitte installieren: sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi

# Chromium for the browser tests: installed when missing and possible; without
# it the browser tests are skipped with a message naming the package.
browser-deps:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installiere $(BROWSER_PKGS) für die Browsertests ..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PKGS) >/dev/null) \
	      || echo "Hinweis: $(BROWSER_PKGS) ließ sich nicht installieren; Browsertests werden übersprungen."; \
	  else \
	    echo "Hinweis: Paket '$(BROWSER_PKGS)' fehlt (sudo apt-get install $(BROWSER_PKGS)); Browsertests werden übersprungen."; \
	  fi; }

migrate: $(STAMP) system-deps
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py createcachetable

fixtures: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_seed $(FIXTURES)

run: fixtures
	@DJANGO_DEBUG=1 DJANGO_SUPERUSER_PASSWORD=$(ADMIN_PASSWORD) $(BIN)/python manage.py \
	  createsuperuser --noinput --username $(ADMIN_USER) --email admin@localhost >/dev/null 2>&1 || true
	@echo
	@echo "  Website:     http://$(HOST):$(PORT)/"
	@echo "  Verwaltung:  http://$(HOST):$(PORT)/admin/  (Benutzer '$(ADMIN_USER)', Passwort '$(ADMIN_PASSWORD)', nur für die lokale Entwicklung)"
	@echo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-like: gunicorn + whitenoise, production settings, the database in
# DATABASE_URL (default SQLite). Plain HTTP on loopback, so HTTPS redirect and
# secure cookies are off here; behind the TLS proxy in production they are on.
SERVE_ENV := DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 \
	DJANGO_SECURE_HSTS_SECONDS=0
serve: $(STAMP) system-deps
	@test -f .env || echo "DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py createcachetable
	$(SERVE_ENV) $(BIN)/python manage.py load_seed $(FIXTURES)
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@echo "Website (Produktionsmodus): http://$(HOST):$(PORT)/"
	@# the task worker (report jobs) beside gunicorn, stopped with it
	$(SERVE_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(SERVE_ENV) $(BIN)/gunicorn kassel_integration.wsgi -b $(HOST):$(PORT) -w 2 --access-logfile -

# Benchmarks (bench/README.md), about 5 minutes, one table at the end: the
# import (DATABASE_URL or a temporary SQLite file), the report (temporary
# SQLite), then on PostgreSQL (DATABASE_URL if it names one, else a temporary
# database on the local server) every page at scale 1 and 100, the site
# search and the load test through gunicorn.
bench: $(STAMP) system-deps
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "Fehlt: wrk (Debian: sudo apt-get install wrk)"; exit 1; fi; }
	$(BIN)/python bench/run.py

# The README's deploy stack on this machine, driven end to end (about 2
# minutes): nginx with TLS on 127.0.0.1:18080/18443, gunicorn with two workers,
# the task worker, a fresh PostgreSQL database (PGHOST/PGPORT/PGUSER, default
# 127.0.0.1:5432 postgres); deploy/prod_check.py, one summary line at the end.
prod-check: $(STAMP) system-deps nginx-deps
	$(BIN)/python deploy/prod_check.py

nginx-deps:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installiere nginx für make prod-check ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else echo "Fehlt: nginx (Debian: sudo apt-get install nginx)"; exit 1; fi; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(STAMP) system-deps
	DJANGO_DEBUG=1 $(BIN)/python manage.py check
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

test: $(STAMP) system-deps browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py check
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=1 $(BIN)/pytest $(PYTEST_ARGS)

# Recompile the project's translations after editing locale/*/LC_MESSAGES/*.po
# (the .mo files are committed, so nothing else needs gettext).
locale:
	@command -v msgfmt >/dev/null || { echo "Fehlt: msgfmt (Debian: apt-get install gettext)"; exit 1; }
	for po in locale/*/LC_MESSAGES/*.po; do msgfmt -o "$${po%.po}.mo" "$$po"; done

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
