#!/usr/bin/env bash
# The whole suite: lint, import boundaries, then pytest. Fails if no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=saidanddone.settings.test

echo "== ruff"
$BIN/ruff check src tests benchmarks
echo "== import boundaries (the pure packages never import Django)"
$BIN/lint-imports
echo "== mypy (strict on the project and benchmarks; the tests a little less, decision 0227)"
$BIN/mypy src tests benchmarks
echo "== pytest on ${DATABASE_URL:-SQLite}, with branch coverage"
if ! $BIN/python -c "import pytest_cov" 2>/dev/null; then
  echo "pytest-cov is missing from .venv: run 'make lock' and 'make setup' (decision 0228)." >&2
  exit 1
fi
set +e
# Coverage is measured on every run (settings in pyproject.toml, [tool.coverage.*]); the floor
# is checked below, and only for the whole suite: a run of a few files covers little.
$BIN/pytest -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" --cov --cov-report= \
  --cov-fail-under=0 "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "No tests were collected: that is a failure, not a pass." >&2
  exit 1
fi
if [ "$status" -eq 0 ] && [ "$#" -eq 0 ]; then
  echo "== branch coverage (floor: fail_under in pyproject.toml)"
  $BIN/python scripts/coverage_summary.py
fi
exit "$status"
