"""jambonz's own JSON Schemas (from the pinned jambonz-python-sdk wheel, see scripts/fetch_jambonz_schemas.sh)
with the jsonschema that Rasa 3.6 allows: draft 2020-12, $refs resolved through the schemas' $ids."""
from __future__ import annotations

import json
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

from jsonschema import Draft202012Validator, RefResolver

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_BASE = "https://jambonz.org/schema/"


@lru_cache(maxsize=1)
def schema_dir() -> Path:
    out = subprocess.run([str(ROOT / "scripts" / "fetch_jambonz_schemas.sh")], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return ROOT / out


class JambonzSchemas:
    def __init__(self, directory: Path) -> None:
        self.store: Dict[str, Dict[str, Any]] = {}
        for path in directory.rglob("*.schema.json"):
            schema = json.loads(path.read_text(encoding="utf-8"))
            self.store[schema["$id"]] = schema
        if SCHEMA_BASE + "jambonz-app" not in self.store:
            raise RuntimeError(f"no jambonz-app schema in {directory}")

    def _validator(self, schema_id: str) -> Draft202012Validator:
        schema = self.store[SCHEMA_BASE + schema_id]
        return Draft202012Validator(schema, resolver=RefResolver.from_schema(schema, store=self.store))

    def errors(self, schema_id: str, instance: Any) -> List[str]:
        return [f"{'/'.join(map(str, e.absolute_path)) or '/'}: {e.message}"
                for e in self._validator(schema_id).iter_errors(instance)]

    def app_errors(self, verbs: Any) -> List[str]:
        """A webhook response: the application schema, then each verb against its own schema (clearer errors)."""
        found = self.errors("jambonz-app", verbs)
        for verb in verbs if isinstance(verbs, list) else []:
            name = verb.get("verb") if isinstance(verb, dict) else None
            if SCHEMA_BASE + f"verbs/{name}" not in self.store:
                found.append(f"unknown verb {name!r}")
            else:
                found += [f"{name}: {e}" for e in self.errors(f"verbs/{name}", verb)]
        return found


@lru_cache(maxsize=1)
def jambonz_schemas() -> JambonzSchemas:
    return JambonzSchemas(schema_dir())
