"""A tiny NLU model trained in a test's temp dir, for testing our components inside a real pipeline."""
from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest


def tiny_agent(tmp: Path, config: str, nlu: str) -> Iterator[Any]:
    """Trains `config` on `nlu` (YAML texts) and yields the loaded agent; Rasa's cache stays in `tmp`."""
    mp = pytest.MonkeyPatch()
    mp.setenv("RASA_CACHE_DIRECTORY", str(tmp / "cache"))
    mp.setenv("RASA_TELEMETRY_ENABLED", "false")
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    (tmp / "config.yml").write_text(textwrap.dedent(config), encoding="utf-8")
    (tmp / "nlu.yml").write_text(textwrap.dedent(nlu), encoding="utf-8")
    model = train_nlu(str(tmp / "config.yml"), str(tmp / "nlu.yml"), str(tmp / "models"))
    assert model, "training produced no model"
    try:
        yield Agent.load(model)
    finally:
        mp.undo()


def parse(agent: Any, text: str) -> Dict[str, Any]:
    return asyncio.run(agent.parse_message(text))
