#!/usr/bin/env bash
# The one test command (`npm test`): sets up what is missing (npm packages, Debian's Chromium and
# nginx), type-checks, lints, runs the unit tests, builds the app, runs the browser tests against the build,
# and ends with one line totalling every test: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
bash scripts/ensure-chromium.sh || exit 1
bash scripts/ensure-nginx.sh || exit 1
mkdir -p reports
rm -f reports/unit-results.json reports/e2e-results.json

status=0
echo "== Type-check"
npm run --silent typecheck || status=1

echo "== Lint (ESLint with typescript-eslint, react-hooks and jsx-a11y; zero warnings)"
npm run --silent lint || status=1

echo "== Unit tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/unit-results.json || status=1

echo "== Build (a test build: the browser tests may move the engine's clock)"
if VITE_TEST_CLOCK=1 npx vite build; then
  echo "== Browser tests"
  npx playwright test || status=1
else
  status=1
fi

node scripts/test-summary.mjs reports/unit-results.json reports/e2e-results.json || status=1
exit $status
