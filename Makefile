# sendit: `make run` to try it, `make test` for the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTHON ?= python3


.PHONY: audit
.PHONY: install run serve worker test test-fast lint format migrations-check bench clean backup restore

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Embedded default: SQLite in the project and tasks in-process. Set
# DATABASE_URL and CELERY_BROKER_URL to run on PostgreSQL and Redis instead.
run: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:8000

worker: install
	DEBUG=$${DEBUG:-true} $(VENV)/bin/celery -A sendit worker --loglevel=INFO

# The suite runs on every core (pytest-xdist; each worker has its own test
# database, Redis databases and cache prefix: tests/xdist_env.py).
# PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto

test: install lint migrations-check audit
	SENDIT_TESTING=true $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile

test-fast: install
	SENDIT_TESTING=true $(PY) -m pytest -m "not browser"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	SENDIT_TESTING=true $(VENV)/bin/mypy

# Dependencies and code: bandit and pip-audit (scripts/dependency_audit.sh).
audit: install
	VENV=$(VENV) bash scripts/dependency_audit.sh

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	SENDIT_TESTING=true $(PY) manage.py makemigrations --check --dry-run

# Backups (README, "Backups"): the database and MEDIA_ROOT into BACKUP_DIR
# (default ./backups); restore into an empty database.
backup: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/sendit-backup-....tar.gz"; exit 2; }
	DEBUG=$${DEBUG:-true} $(PY) manage.py restore "$(FILE)"

# The benchmark (README, "Benchmark"; needs DATABASE_URL on PostgreSQL and
# CELERY_BROKER_URL on Redis): a large school and a trust of ten in databases
# of their own, the key pages under load through gunicorn (locust, in a
# virtualenv of its own), each report in a worker; writes bench/results.md.
BENCH_VENV ?= .venv-bench
bench: install
	test -x $(BENCH_VENV)/bin/locust || { $(PYTHON) -m venv $(BENCH_VENV) && $(BENCH_VENV)/bin/pip install --quiet locust==2.47.0; }
	DEBUG=$${DEBUG:-true} LOCUST=$(BENCH_VENV)/bin/locust $(PY) manage.py bench

clean:
	rm -rf $(VENV) $(BENCH_VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
