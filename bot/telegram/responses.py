"""Responses of the domain file read by the Telegram front itself (its own notices, the hold and apology phrases)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict

import yaml


@functools.lru_cache(maxsize=4)
def _responses(domain_file: Path) -> Dict[str, Any]:
    """The domain's responses, parsed once per file (the front reads several phrases at start-up)."""
    return (yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}).get("responses") or {}


def plain_response(domain_file: Path, name: str) -> str:
    """The variant of a response without a `condition` (it needs no slots, so it is safe to say anywhere)."""
    for variant in _responses(domain_file).get(name) or []:
        if isinstance(variant, dict) and not variant.get("condition") and variant.get("text"):
            return str(variant["text"])
    raise SystemExit(f"{domain_file}: response {name} has no plain text variant")
