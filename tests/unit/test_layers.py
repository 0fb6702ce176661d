"""Layers by runtime: the Russian text library and the channel side import without Rasa."""
from __future__ import annotations

import subprocess
import sys

import pytest

from bot.local_stack import ROOT

RASA_FREE = [
    "bot.russian.clauses", "bot.russian.dates", "bot.russian.entities", "bot.russian.morphology",
    "bot.russian.names", "bot.russian.number_words", "bot.russian.order_numbers", "bot.russian.phones", "bot.russian.places",
    "bot.russian.profanity", "bot.russian.spelling", "bot.local_stack",
]


@pytest.mark.parametrize("module", RASA_FREE)
def test_imports_without_rasa(module: str) -> None:
    probe = f"import sys, {module}; print(sorted(m for m in sys.modules if m == 'rasa' or m.startswith('rasa.')))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"{module} pulls in Rasa: {out.stdout[:300]}"


def test_production_code_never_imports_tests() -> None:
    offenders = []
    for folder in ("actions", "bot", "bench", "store", "scripts", "demo"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "from tests" in text or "import tests" in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
