#!/usr/bin/env bash
# jambonz's own published verb and callback JSON Schemas, for the jambonz contract tests.
# They ship in the MIT-licensed jambonz-python-sdk wheel (jambonz_sdk/schema/). The SDK itself needs
# pydantic 2 and a newer jsonschema than Rasa 3.6 allows, so it is not installed: the pinned wheel is
# downloaded (hash-checked) and only its schema folder is unpacked into a git-ignored cache.
# Usage: scripts/fetch_jambonz_schemas.sh [DEST]   (prints the schema directory)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.4.0
SHA256=52c5bd7eb7302b4d6616f7e83672e5c4587627ac450841d29bbe2ac219fd5df7
DEST=${1:-.cache/jambonz-schema/$VERSION}
PY=${PY:-.venv/bin/python}
if [ ! -f "$DEST/jambonz-app.schema.json" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  printf 'jambonz-python-sdk==%s --hash=sha256:%s\n' "$VERSION" "$SHA256" > "$tmp/requirements.txt"
  "$PY" -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
    -r "$tmp/requirements.txt" -d "$tmp/wheel" >&2
  "$PY" - "$tmp"/wheel/*.whl "$DEST" <<'PYEOF'
import pathlib, sys, zipfile
wheel, dest = sys.argv[1], pathlib.Path(sys.argv[2])
prefix = "jambonz_sdk/schema/"
with zipfile.ZipFile(wheel) as archive:
    members = [m for m in archive.namelist() if m.startswith(prefix) and m.endswith(".json")]
    for member in members:
        target = dest / member[len(prefix):]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(member))
    (dest / "SOURCE").write_text(f"{pathlib.Path(wheel).name}: {prefix} (MIT, the jambonz project)\n")
if not (dest / "jambonz-app.schema.json").is_file():
    sys.exit("the wheel has no jambonz-app.schema.json")
PYEOF
fi
echo "$DEST"
