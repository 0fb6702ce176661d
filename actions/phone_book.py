"""«Список номеров»: carrier and partner phones, looked up by any case form of their names."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Tuple

import yaml

from bot.russian.morphology import lemma

PHONE_BOOK = Path(__file__).with_name("phone_book.yml")


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    phone: str
    tracking: Optional[str]
    alias_lemmas: Tuple[Tuple[str, ...], ...]


def _lemmas(text: str) -> Tuple[str, ...]:
    return tuple(lemma(w) for w in text.replace("«", " ").replace("»", " ").split())


@lru_cache(maxsize=1)
def entries() -> List[Entry]:
    raw = yaml.safe_load(PHONE_BOOK.read_text(encoding="utf-8"))
    return [
        Entry(e["name"], e["kind"], str(e["phone"]), e.get("tracking"),
              tuple(_lemmas(a) for a in [e["name"], *e.get("aliases", [])]))
        for e in raw
    ]


def find(text: str) -> List[Entry]:
    """Entries named in a text, longest alias first («top delivery москва» before «top delivery»)."""
    words = _lemmas(text.lower())
    found: List[Tuple[int, Entry]] = []
    for entry in entries():
        best = max((len(a) for a in entry.alias_lemmas if _contains(words, a)), default=0)
        if best:
            found.append((best, entry))
    found.sort(key=lambda pair: -pair[0])
    return [entry for _, entry in found]


def _contains(words: Tuple[str, ...], phrase: Tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def phone_of(name: str) -> Optional[str]:
    matches = find(name)
    return matches[0].phone if matches else None
