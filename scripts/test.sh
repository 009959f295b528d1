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
echo "== pytest on ${DATABASE_URL:-SQLite}"
set +e
$BIN/pytest -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "No tests were collected: that is a failure, not a pass." >&2
  exit 1
fi
exit "$status"
