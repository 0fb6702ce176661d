"""Phrases the IVR says by itself (silence, the DTMF menu, the closing): the `utter_voice_*` responses
and `channel: voice` variants in domain.yml, where a supervisor edits them with the rest of the script.
Domain responses (e.g. utter_transfer_to_specialist) are available too, for when the assistant cannot
be reached.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, List, Mapping, Optional

from bot.domain_responses import Variant, responses

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "domain.yml"
CHANNEL = "voice"


class _SafeValues(dict):
    def __missing__(self, key: str) -> str:
        return ""


class Prompts:
    def __init__(self, responses: Mapping[str, List[Variant]]) -> None:
        self.responses = dict(responses)

    @classmethod
    def load(cls, domain_file: Path = DOMAIN) -> "Prompts":
        return cls(responses(domain_file))

    def _variant(self, name: str, slots: Mapping[str, Any]) -> Optional[Variant]:
        """Rasa's order: conditional+voice, voice, conditional, plain; conditions compare slot values."""
        variants = self.responses.get(name) or []

        def matches(v: Variant) -> bool:
            return all(slots.get(c.get("name")) == c.get("value") for c in v.get("condition") or [])

        ranked = [
            [v for v in variants if v.get("condition") and v.get("channel") == CHANNEL and matches(v)],
            [v for v in variants if not v.get("condition") and v.get("channel") == CHANNEL],
            [v for v in variants if v.get("condition") and not v.get("channel") and matches(v)],
            [v for v in variants if not v.get("condition") and not v.get("channel")],
        ]
        for group in ranked:
            if group:
                return group[0]
        return None

    def text(self, name: str, slots: Optional[Mapping[str, Any]] = None, **values: Any) -> str:
        slots = dict(slots or {})
        variant = self._variant(name, slots)
        if variant is None:
            logger.error("voice prompt %s is missing", name)
            return ""
        return str(variant.get("text") or "").format_map(_SafeValues({**slots, **values}))


@lru_cache(maxsize=1)
def default_prompts() -> Prompts:
    return Prompts.load()
