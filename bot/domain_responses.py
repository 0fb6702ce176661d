"""The domain file's responses, read by the channel fronts that speak without the assistant: the Telegram front's
own notices and the IVR's prompts (a supervisor edits them with the rest of the script)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, List

import yaml

Variant = Dict[str, Any]


@functools.lru_cache(maxsize=4)
def responses(domain_file: Path) -> Dict[str, List[Variant]]:
    """The domain's responses, parsed once per file ({} when there is no such file); callers only read it."""
    try:
        data = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return {}
    return dict(data.get("responses") or {})


def plain_response(domain_file: Path, name: str) -> str:
    """The variant of a response without a `condition` (it needs no slots, so it is safe to say anywhere)."""
    for variant in responses(domain_file).get(name) or []:
        if isinstance(variant, dict) and not variant.get("condition") and variant.get("text"):
            return str(variant["text"])
    raise SystemExit(f"{domain_file}: response {name} has no plain text variant")
