# Two commands do all set-up: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app mediation_app
PORT ?= 5000
CATALOGS := $(patsubst %.po,%.mo,$(wildcard mediation_app/translations/*/LC_MESSAGES/messages.po))

WORKERS ?= 2

.PHONY: run serve test lint bench system-deps install translations clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed translations

system-deps:
	@bash scripts/ensure-system-deps.sh

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile -i $< -o $@ >/dev/null

translations: $(CATALOGS)

run: system-deps install
	$(FLASK) db upgrade
	$(FLASK) demo load
	@echo "Serving on http://127.0.0.1:$(PORT)"
	$(BIN)/honcho -f Procfile.embedded start -p $(PORT)

# Production: gunicorn, WORKERS job workers and the timer, on PostgreSQL and Redis.
serve: system-deps install
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "Set DATABASE_URL and REDIS_URL (see README)."; exit 1; }
	$(FLASK) db upgrade
	$(BIN)/honcho -f Procfile start -c worker=$(WORKERS)

test: system-deps install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n auto  # one worker per core (pytest-xdist)

bench: system-deps install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
