#!/usr/bin/env bash
# Runs the action server (5055), the Rasa server (5005: REST, jambonz and voice channels), the
# FastAGI server for Asterisk (4573), the operator desk (5080; DESK=0 leaves it out) and, with SPEECH=1, the
# speech service (5070) until
# interrupted; when one stops, all stop. Prints the REST address and the desk's once the model is loaded. Trains first only when there is no model yet. Rasa starts
# through bot/rasa_cli.py: with the speed-ups unless RASA_SPEEDUPS=0.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3
ACTIONS_PORT=${ACTIONS_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
ENDPOINTS=${ENDPOINTS:-endpoints.yml}
mkdir -p var
[ -n "$(ls models/*.tar.gz 2>/dev/null)" ] || .venv/bin/python -m bot.rasa_cli train --quiet
[ "${SPEECH:-0}" != 1 ] || scripts/install_speech.sh
.venv/bin/python -m rasa_sdk --actions actions --port "$ACTIONS_PORT" &
actions_pid=$!
.venv/bin/python -m bot.rasa_cli run --enable-api --port "$RASA_PORT" --credentials credentials.yml --endpoints "$ENDPOINTS" "$@" &
rasa_pid=$!
.venv/bin/python -m bot.voice.fastagi --host "${FASTAGI_HOST:-127.0.0.1}" --port "${FASTAGI_PORT:-4573}" \
  --assistant-url "http://127.0.0.1:$RASA_PORT/webhooks/voice/webhook" &
fastagi_pid=$!
# The local speech service (speech/, its own venv) when SPEECH=1: Telegram voice notes, FastAGI's local mode.
speech_pid=
if [ "${SPEECH:-0}" = 1 ]; then
  .venv-speech/bin/python -m speech --port "${SPEECH_PORT:-5070}" &
  speech_pid=$!
fi
desk_pid=
if [ "${DESK:-1}" != 0 ]; then
  RASA_URL="http://127.0.0.1:$RASA_PORT" .venv/bin/python -m desk &
  desk_pid=$!
fi
# Once the model is loaded, say where everything is (Rasa's start-up log buries the desk's own first line).
announce() {
  for _ in $(seq 1 600); do
    if curl -fs "http://localhost:$RASA_PORT/status" 2>/dev/null | grep -q '"model_file"'; then
      echo "Assistant ready: http://localhost:$RASA_PORT/webhooks/rest/webhook"
      [ -z "$desk_pid" ] || .venv/bin/python -m desk banner
      return
    fi
    sleep 1
  done
}
announce &
announce_pid=$!
trap 'kill $actions_pid $rasa_pid $fastagi_pid $desk_pid $speech_pid $announce_pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
# Any of the servers stopping stops all (the announcement finishing does not).
wait -n $actions_pid $rasa_pid $fastagi_pid $desk_pid $speech_pid
