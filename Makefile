# Two commands: `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND := src/saidanddone/core/static/dist/saidanddone.css
export DJANGO_SETTINGS_MODULE ?= saidanddone.settings.local

.PHONY: run test setup lint typecheck check clean serve worker audit lock mutation

run: setup
	$(BIN)/saidanddone setup
	@echo "Background tasks run in a worker beside the web server; Ctrl+C stops both."
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/saidanddone worker --interval 1 >var/worker.log 2>&1 & \
	  $(BIN)/saidanddone serve 127.0.0.1:8000

test: setup
	bash scripts/test.sh

setup: $(STAMP) $(FRONTEND)

# Every install comes from requirements.lock: exact versions, each file checked by its hash
# (decision 0216). The project itself goes in last, without dependencies.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check
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
	$(BIN)/mypy src tests benchmarks

check: lint typecheck test

# Known advisories in the locked versions (pip-audit). Says plainly, and fails, when the
# advisory database cannot be reached: a skipped audit is never reported as a clean one.
audit: setup
	$(BIN)/python scripts/audit.py

# Mutation testing of one module that guards people (decision 0228, docs/mutation.md):
# `make mutation MODULE=disclosure` (MINUTES=10 to time-box it); `make mutation` lists them.
MODULE ?= --list
MINUTES ?= 0
mutation: setup
	$(BIN)/python scripts/mutation.py $(MODULE) --minutes $(MINUTES)

# Rewrite requirements.lock after changing a range in pyproject.toml (needs the network).
lock:
	$(PYTHON) -m venv var/tools
	var/tools/bin/pip install --quiet 'uv>=0.13,<0.14'
	var/tools/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
	  --python-version 3.11 --index-url https://pypi.org/simple -o requirements.lock

clean:
	rm -rf $(VENV) node_modules src/saidanddone/core/static/dist var
