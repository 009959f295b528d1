# Two commands: `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND := src/saidanddone/core/static/dist/saidanddone.css
export DJANGO_SETTINGS_MODULE ?= saidanddone.settings.local

.PHONY: run test setup lint typecheck check clean serve worker

run: setup
	$(BIN)/saidanddone setup
	@echo "Background tasks run in a worker beside the web server; Ctrl+C stops both."
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/saidanddone worker --interval 1 >var/worker.log 2>&1 & \
	  $(BIN)/saidanddone serve 127.0.0.1:8000

test: setup
	bash scripts/test.sh

setup: $(STAMP) $(FRONTEND)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	mkdir -p var
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

$(FRONTEND): node_modules/.installed frontend/main.scss frontend/build.mjs frontend/init.js frontend/page-feedback.js
	npm run --silent build

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy src/saidanddone/analysis src/saidanddone/importers

check: lint typecheck test

clean:
	rm -rf $(VENV) node_modules src/saidanddone/core/static/dist var
