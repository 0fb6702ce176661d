"""The domain's fixed phrases (responses without slots) as a caller hears them, for the TTS cache."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def fixed_phrases(domain: Path = ROOT / "domain.yml") -> list[str]:
    """Per response its `channel: voice` variants, or its plain ones when it has none; slot-free texts only."""
    responses = yaml.safe_load(domain.read_text(encoding="utf-8")).get("responses", {})
    phrases: list[str] = []
    for variants in responses.values():
        variants = [v for v in variants or [] if isinstance(v, dict) and v.get("text")]
        voice = [v for v in variants if v.get("channel") == "voice"]
        for variant in voice or [v for v in variants if not v.get("channel")]:
            text = variant["text"].strip()
            if "{" not in text:  # a slot is filled per conversation: rendered when first asked for
                phrases.append(text)
    return list(dict.fromkeys(phrases))
