#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter: python3.10 on PATH if it runs, else pyenv's.
set -euo pipefail
if command -v python3.10 >/dev/null 2>&1 && python3.10 -c 'import sys' >/dev/null 2>&1; then
  command -v python3.10; exit 0
fi
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for candidate in "$root"/versions/3.10*/bin/python3.10; do
  [ -x "$candidate" ] && { echo "$candidate"; exit 0; }
done
echo "Python 3.10 not found: install it (e.g. 'pyenv install 3.10') and retry." >&2
exit 1
