#!/usr/bin/env bash
# The run command (`npm start`): installs what is missing, builds the app and serves the build
# on 127.0.0.1 (PORT, default 4173), printing the URL to open.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npx vite build
PORT="${PORT:-4173}"
echo
echo "SCR Initial Upload is at: http://127.0.0.1:${PORT}/  (Ctrl+C stops it)"
echo
exec npx vite preview --host 127.0.0.1 --port "$PORT" --strictPort
