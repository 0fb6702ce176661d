"""Span type shared by all finders (phones, order numbers, persons, cities)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    """A found entity: character offsets into the original text and its value."""

    start: int
    end: int
    value: str
