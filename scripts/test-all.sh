#!/usr/bin/env bash
# The one test command (`npm test`): sets up what is missing (npm packages, Debian's Chromium and
# nginx), type-checks, lints, runs the unit tests, builds the app, runs the browser tests against the build,
# and ends with one line totalling every check and test: `N passed, N failed[, N skipped]` (the
# type-check and the lint count as one check each).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
bash scripts/ensure-chromium.sh || exit 1
bash scripts/ensure-nginx.sh || exit 1
mkdir -p reports
rm -f reports/checks.txt reports/unit-results.json reports/e2e-shared.json reports/e2e-alone.json

status=0
# Runs a whole-project check and records its outcome for the summary line.
check() {
  local name=$1
  shift
  if "$@"; then echo "passed $name" >>reports/checks.txt; else echo "failed $name" >>reports/checks.txt; status=1; fi
}

echo "== Type-check"
check typecheck npm run --silent typecheck

echo "== Lint (ESLint with typescript-eslint, react-hooks and jsx-a11y; zero warnings)"
check lint npm run --silent lint

echo "== Unit tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/unit-results.json || status=1

echo "== Build (a test build: the browser tests may move the engine's clock)"
if VITE_TEST_CLOCK=1 npx vite build; then
  # Two at a time, then the specs that need the machine to themselves (RUN_ALONE in playwright.config.ts).
  echo "== Browser tests, two at a time"
  E2E_REPORT=reports/e2e-shared.json npx playwright test --project=shared --workers=2 || status=1
  echo "== Browser tests that run alone"
  E2E_REPORT=reports/e2e-alone.json npx playwright test --project=alone --workers=1 || status=1
else
  status=1
fi

node scripts/test-summary.mjs reports/checks.txt reports/unit-results.json reports/e2e-shared.json reports/e2e-alone.json || status=1
exit $status
