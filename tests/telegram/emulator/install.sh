#!/usr/bin/env bash
# Installs the Telegram Bot API emulator used by tests/telegram from package-lock.json (npm ci), only when
# node_modules is missing or older than the lock file.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "Node.js and npm are needed for the Telegram tests (e.g. apt-get install nodejs npm)." >&2; exit 1; }
stamp=node_modules/.installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
