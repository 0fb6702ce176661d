"""How long a reply takes to say, and a long one cut into parts a caller can follow (at most 30 s each).

The rate is measured, not guessed: festival's Russian voice (festvox-ru, msu_ru_nsh_clunits, the voice of
`make voice-demo`) says 12.3 characters a second over six of the longest voice replies of domain.yml
(2,385 characters in 193 s: scripts/measure_speech_rate.py). Cloud voices at their default rate are
a little faster (the issue's 1,153 characters in about 82 s is 14 a second), so parts cut at this rate stay
under the limit with either.
"""
from __future__ import annotations

import re
from typing import List

CHARS_PER_SECOND = 12.3
MAX_PART_SECONDS = 30.0

_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE_END_RE = re.compile(r"(?<=[;:,])\s+")


def speech_seconds(text: str, chars_per_second: float = CHARS_PER_SECOND) -> float:
    """Seconds of speech for a text at the given rate (runs of white space said as one pause)."""
    return len(" ".join(text.split())) / chars_per_second


def _pack(pieces: List[str], limit: int) -> List[str]:
    """Consecutive pieces joined while they fit in ``limit`` characters."""
    parts: List[str] = []
    for piece in pieces:
        if parts and len(parts[-1]) + 1 + len(piece) <= limit:
            parts[-1] += " " + piece
        else:
            parts.append(piece)
    return parts


def _pieces(text: str, limit: int) -> List[str]:
    """Sentences; a sentence longer than the limit by its clauses, a clause longer than that by its words."""
    out: List[str] = []
    for sentence in _SENTENCE_END_RE.split(text.strip()):
        if len(sentence) <= limit:
            out.append(sentence)
            continue
        for clause in _CLAUSE_END_RE.split(sentence):
            out.extend(_pack(clause.split(), limit) if len(clause) > limit else [clause])
    return [piece for piece in out if piece]


def split_for_speech(text: str, max_seconds: float = MAX_PART_SECONDS,
                     chars_per_second: float = CHARS_PER_SECOND) -> List[str]:
    """The text in parts of at most ``max_seconds`` of speech each, cut between sentences where possible;
    a text that fits is one part."""
    text = " ".join((text or "").split())
    limit = int(max_seconds * chars_per_second)
    if len(text) <= limit:
        return [text] if text else []
    return _pack(_pieces(text, limit), limit)
