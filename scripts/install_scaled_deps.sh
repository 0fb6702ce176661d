#!/usr/bin/env bash
# Debian's Redis, PostgreSQL and HAProxy for the scaled topology (make serve-scaled, make test-scaled). Only the
# programs: the project's scripts start each server themselves, on a free port, in a throw-away directory (the
# packages' own services are left stopped). Quick when they are already there; installing needs root (apt-get).
set -euo pipefail
have() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ]; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if have redis-server && have haproxy && [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "redis-server, haproxy or postgresql is missing: run as root, or:" >&2
  echo "  sudo apt-get install -y redis-server haproxy postgresql" >&2
  exit 1
fi
apt-get update -qq
# policy-rc.d: the packages must not start their own services (the scripts start the servers they need).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server haproxy postgresql >/dev/null
redis-server --version
haproxy -v | head -1
