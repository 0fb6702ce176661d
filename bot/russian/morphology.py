"""pymorphy3-based Russian morphology with process-wide caching.

spaCy has no Russian model here and its pymorphy3 lemmatizer needs POS tags,
so we call pymorphy3 directly.  The analyzer is loaded once per process and
every per-word result is memoised: chat vocabulary is small and repetitive.
"""
from __future__ import annotations

import functools
import re
from typing import Iterator, List, Tuple

import pymorphy3
from pymorphy3.analyzer import Parse

# A "word" worth sending to pymorphy3: Cyrillic letters, optionally hyphenated
# ("ростов-на-дону", "кто-то").  Anything else (digits, Latin, emoji) is passed
# through lower-cased: pymorphy3 would only guess there.
_CYRILLIC_WORD_RE = re.compile(r"^[а-яё]+(?:-[а-яё]+)*$")
# Words with offsets in free text; hyphenated names/places stay one word.
_TEXT_WORD_RE = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)*")
_SPACES_RE = re.compile(r"\s+")


@functools.lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The process-wide MorphAnalyzer (loading the dictionaries is the slow part)."""
    return pymorphy3.MorphAnalyzer(lang="ru")


def yo(text: str) -> str:
    """ё→е: users mostly type е, the dictionary often answers with ё."""
    return text.replace("ё", "е").replace("Ё", "Е")


def normalize(text: str) -> str:
    """Lower-case, ё→е, collapse whitespace (and strip it at the ends)."""
    return _SPACES_RE.sub(" ", yo(text.lower())).strip()


def is_cyrillic_word(word: str) -> bool:
    """True for a lower-cased Cyrillic (possibly hyphenated) word."""
    return bool(_CYRILLIC_WORD_RE.match(word))


@functools.lru_cache(maxsize=100_000)
def parses(word: str) -> Tuple[Parse, ...]:
    """All pymorphy3 parses of a lower-cased word, best first (cached)."""
    return tuple(analyzer().parse(word))


@functools.lru_cache(maxsize=100_000)
def is_known(word: str) -> bool:
    """Whether the lower-cased word is in the dictionary (not a suffix guess)."""
    return bool(analyzer().word_is_known(word))


@functools.lru_cache(maxsize=100_000)
def _lemma_lower(word: str) -> str:
    if not is_cyrillic_word(word):
        return word
    found = parses(word)
    return yo(found[0].normal_form) if found else word


def lemma(word: str) -> str:
    """Lower-cased normal form of the most probable parse, ё→е.

    Non-words (numbers, Latin, punctuation, emoji) come back lower-cased.
    """
    return _lemma_lower(yo(word.lower()))


def words(text: str) -> List[str]:
    """The letter words of ``text``, lower-cased, ё→е."""
    return [yo(word.lower()) for _, _, word in iter_words(text or "")]


def iter_words(text: str) -> Iterator[Tuple[int, int, str]]:
    """(start, end, word) for every letter word in ``text`` (original casing)."""
    for m in _TEXT_WORD_RE.finditer(text):
        yield m.start(), m.end(), m.group()
