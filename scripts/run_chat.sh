#!/usr/bin/env bash
# `make run`: starts the servers and the operator desk in the background, waits until the model is loaded,
# prints the desk's address (and how to make a desk account), then opens a terminal chat. Server logs go to
# var/serve.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
scripts/serve.sh > var/serve.log 2>&1 &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
echo "Starting the assistant (log: var/serve.log)…"
for _ in $(seq 1 180); do
  if curl -fs http://localhost:${RASA_PORT:-5005}/status 2>/dev/null | grep -q '"model_file"'; then break; fi
  kill -0 $serve_pid 2>/dev/null || { echo "The server stopped; see var/serve.log" >&2; tail -20 var/serve.log >&2; exit 1; }
  sleep 1
done
if [ "${DESK:-1}" != 0 ]; then
  desk_up=
  for _ in $(seq 1 30); do
    if curl -fs "http://${DESK_HOST:-127.0.0.1}:${DESK_PORT:-5080}/health" >/dev/null 2>&1; then desk_up=1; break; fi
    sleep 1
  done
  if [ -n "$desk_up" ]; then .venv/bin/python -m desk banner
  else echo "The operator desk did not start; see var/serve.log" >&2; fi
fi
desk_url=""
if [ "${DESK:-1}" != 0 ]; then desk_url="http://${DESK_HOST:-127.0.0.1}:${DESK_PORT:-5080}"; fi
.venv/bin/python -m bot.terminal_chat --url "http://localhost:${RASA_PORT:-5005}/webhooks/rest/webhook" --desk-url "$desk_url"
