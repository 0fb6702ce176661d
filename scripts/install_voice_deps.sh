#!/usr/bin/env bash
# Debian packages for `make voice-demo`: festival with the Russian voice (festvox-ru, msu_ru_nsh_clunits)
# and sox to join the synthesised lines into one WAV. Nothing else in the project needs them.
set -euo pipefail
packages=(festival festvox-ru sox)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "Installing ${missing[*]} (Debian packages for the voice demo)…"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
