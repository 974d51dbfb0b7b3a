# Two commands matter: `make run` and `make test`. Both create the virtualenv and install the pinned
# dependencies first, so a machine with nothing but Python 3.11+ is enough.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto

.PHONY: run test install messages translations lock bench bench-site bench-contest bench-learning bench-search bench-quiz clean-venv worker beat

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --disable-pip-version-check -q -r requirements.lock
	@touch $(STAMP)

install: $(STAMP) translations

# .mo files are built from locale/*.po at install time with polib (no GNU gettext needed).
translations: $(STAMP)
	@$(MANAGE) compile_translations

run: install
	$(MANAGE) migrate --noinput
	@test -f var/demo-seeded || { $(MANAGE) seed_demo && touch var/demo-seeded; }
	@$(MANAGE) demo_logins --url http://$(HOST):$(PORT)/
	$(MANAGE) runserver $(HOST):$(PORT)

# The whole suite. PostgreSQL and Redis when DATABASE_URL/REDIS_URL are set, SQLite and eager
# Celery otherwise. Browser tests need /usr/bin/chromium (Debian's `chromium`; .ci/run installs it).
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Regenerate locale/*/LC_MESSAGES/django.po from the source (needs GNU gettext's xgettext).
messages: $(STAMP)
	$(MANAGE) makemessages -l vi -l en --ignore=.venv --ignore=var --ignore=bench --no-obsolete
	$(MANAGE) makemessages -d djangojs -l vi -l en --ignore=.venv --ignore=var --ignore=static_collected --no-obsolete

lock: $(STAMP)
	$(PIP) freeze --exclude-editable | sed '1i # Full pinned set the Makefile installs (pip freeze of a working venv). Regenerate with `make lock`.' > requirements.lock

worker: install
	$(VENV)/bin/celery -A portal worker -l info

beat: install
	$(VENV)/bin/celery -A portal beat -l info

bench-site: install
	$(PY) bench/site.py $(BENCH_ARGS)

bench-contest: install
	$(PY) bench/contest.py $(BENCH_ARGS)

bench-learning: install
	$(PY) bench/learning.py $(BENCH_ARGS)

bench-search: install
	$(PY) bench/search.py $(BENCH_ARGS)

bench-quiz: install
	$(PY) bench/quiz_import.py $(BENCH_ARGS)

bench: bench-site bench-contest bench-learning bench-search bench-quiz

clean-venv:
	rm -rf $(VENV)
