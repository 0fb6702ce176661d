#!/usr/bin/env bash
# Debian's headless Chromium for the desk's browser tests (Playwright drives it; its own browser download cannot
# work offline). Quick when it is already there; installing needs root (apt-get).
set -euo pipefail
if [ -x /usr/bin/chromium ] && /usr/bin/chromium --version >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing: run as root, or: sudo apt-get install -y chromium" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
