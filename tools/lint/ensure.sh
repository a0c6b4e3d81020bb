#!/usr/bin/env bash
# Installs the lint toolchain into tools/lint/node_modules when it is missing or older than its
# lock file. It is a tree of its own (see index.js), so the app's `npm ci` leaves it out.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing the lint toolchain (npm ci in tools/lint)…"
  npm ci --no-audit --no-fund
fi
