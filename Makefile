# Zero Corruption e-learning platform. `make run` and `make test` do all set-up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV := DJANGO_SETTINGS_MODULE=lms.settings.dev

.PHONY: install run test lint format bench bench-smoke loadtest clean

install: $(VENV)/.installed node_modules/.installed locale-compiled

$(VENV)/.installed: pyproject.toml
	scripts/system-packages.sh run
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

locale-compiled: $(VENV)/.installed
	$(DEV) $(PY) manage.py compilemessages --ignore "$(VENV)" --ignore node_modules -v0

run: install
	$(DEV) $(PY) manage.py migrate --noinput -v0
	$(DEV) $(PY) manage.py seed_demo
	@echo "Serving http://localhost:$(PORT)/ (admin: http://localhost:$(PORT)/admin/)"
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	scripts/system-packages.sh test
	scripts/with-test-services.sh $(PY) -m pytest $(PYTEST_ARGS)

lint:
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	scripts/system-packages.sh test
	scripts/with-test-services.sh $(PY) -m bench.run --size $(or $(SIZE),medium)

bench-smoke: install
	scripts/system-packages.sh test
	scripts/with-test-services.sh $(PY) -m bench.run --size small --smoke

# The exam-day load test (locust, headless, loopback): 1,000 officers by default; USERS=… to change.
loadtest: install
	scripts/system-packages.sh test
	scripts/with-test-services.sh $(PY) -m bench.loadtest --users $(or $(USERS),1000)

clean:
	rm -rf $(VENV) node_modules var db.sqlite3 bench/results
