#!/usr/bin/env bash
# `make telegram`: the assistant (action server + Rasa server, scripts/serve.sh) in the background, unless RASA_URL
# names one or one already answers on RASA_PORT, and the Telegram bot in the foreground. Ctrl-C stops everything
# it started.
# Server logs: var/serve.log. Settings: bot/telegram/config.py (TELEGRAM_BOT_TOKEN is required).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${TELEGRAM_BOT_TOKEN:?set TELEGRAM_BOT_TOKEN to the token @BotFather gave the bot}"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
RASA_PORT=${RASA_PORT:-5005}
given_url=${RASA_URL:-}
export RASA_URL=${RASA_URL:-http://localhost:$RASA_PORT}
mkdir -p var

ready() { curl -fs "$RASA_URL/status" 2>/dev/null | grep -q '"model_file"'; }
if [ -n "$given_url" ] || ready; then
  echo "Using the assistant at $RASA_URL"
else
  RASA_PORT=$RASA_PORT scripts/serve.sh > var/serve.log 2>&1 &
  serve_pid=$!
  trap 'kill $serve_pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
  echo "Starting the assistant (log: var/serve.log)…"
  for _ in $(seq 1 180); do
    ready && break
    kill -0 $serve_pid 2>/dev/null || { echo "The server stopped; see var/serve.log" >&2; tail -20 var/serve.log >&2; exit 1; }
    sleep 1
  done
  ready || { echo "The assistant did not start in 3 minutes; see var/serve.log" >&2; exit 1; }
fi
.venv/bin/python -m bot.telegram
