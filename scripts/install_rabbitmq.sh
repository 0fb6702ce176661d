#!/usr/bin/env bash
# Debian's RabbitMQ for the scale event broker (Rasa's Pika broker; make serve-scaled, tests/analytics_broker).
# Only the program: bot/rabbitmq_server.py starts a throw-away node on free ports in a temporary directory (the
# package's own service is left stopped). Quick when it is already there; installing needs root (apt-get).
set -euo pipefail
if [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "rabbitmq-server is missing: run as root, or: sudo apt-get install -y rabbitmq-server" >&2
  exit 1
fi
install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null; }
# policy-rc.d: the package must not start its own service on the default ports.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# The package lists are refreshed only when they do not know the package (a fresh image has none).
if ! apt-cache show rabbitmq-server >/dev/null 2>&1; then
  apt-get update -qq
fi
install
ls /usr/lib/rabbitmq/bin/rabbitmq-server >/dev/null
