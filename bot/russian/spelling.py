"""Words a transcript spells by ear: an out-of-dictionary word read as the dictionary word one reduced vowel
away (аканье «навосибирске» → «новосибирске», иканье «тагили» → «тагиле», «виктаровича» → «викторовича»)."""
from __future__ import annotations

import functools
import re
from typing import Callable, Tuple

from bot.russian import morphology

# An unstressed vowel is written as heard: о as а, е as и (and the other way by a typist unsure of it).
_SWAPS = {"а": "о", "о": "а", "и": "е", "е": "и"}
_MIN_LEN = 5
_WORD_RE = re.compile(r"[А-Яа-яЁё]+")
# Words of speech written as they sound, whole: not one vowel away from the dictionary word.
_SPOKEN_FORMS = {"што": "что", "штоб": "чтоб", "штобы": "чтобы", "чо": "что", "щас": "сейчас", "ща": "сейчас"}
_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")


@functools.lru_cache(maxsize=20_000)
def vowel_variants(word: str) -> Tuple[str, ...]:
    """Dictionary words one swapped vowel away from a lower-case word, left to right; () for a short one.
    For a word that is itself in the dictionary only context can tell («валкова» before «ольга николаевна»)."""
    if len(word) < _MIN_LEN or not morphology.is_cyrillic_word(word):
        return ()
    variants = (word[:i] + _SWAPS[c] + word[i + 1:] for i, c in enumerate(word) if c in _SWAPS)
    return tuple(v for v in variants if morphology.is_known(v))


def by_ear_variants(word: str) -> Tuple[str, ...]:
    """``vowel_variants`` of an out-of-dictionary word; () for a known word or a short one."""
    return () if morphology.is_known(word) else vowel_variants(word)


def respelt(text: str, accept: Callable[[str], bool]) -> str:
    """``text`` with each out-of-dictionary word replaced by its first variant ``accept`` takes; the same
    length, so that spans in the result are spans in ``text``."""

    def replace(m: "re.Match[str]") -> str:
        raw = m.group()
        word = morphology.yo(raw.lower())
        for variant in by_ear_variants(word):
            if accept(variant):
                return variant.capitalize() if raw[:1].isupper() else variant
        return raw

    return _WORD_RE.sub(replace, text)


@functools.lru_cache(maxsize=50_000)
def heard_as(word: str) -> str:
    """The dictionary word a lower-case out-of-dictionary word was meant as: a spoken form («щас» → «сейчас»),
    one vowel swapped («пасылку» → «посылку»), or a doubled consonant a transcript wrote once («класный» →
    «классный»); else the word itself. For the intent classifier, which otherwise sees a misspelt word as a
    feature it never saw in training."""
    if word in _SPOKEN_FORMS:
        return _SPOKEN_FORMS[word]
    if len(word) < _MIN_LEN or morphology.is_known(word) or not morphology.is_cyrillic_word(word):
        return word
    variants = vowel_variants(word)
    if variants:
        return variants[0]
    doubled = (word[:i + 1] + c + word[i + 1:] for i, c in enumerate(word) if c in _CONSONANTS and 0 < i)
    return next((v for v in doubled if morphology.is_known(v)), word)


# Most reduced vowels one word may carry: a name said by ear rarely has more than two.
_MAX_REDUCED = 2
# Longer than any Russian word or place name («комсомольске-на-амуре»): not worth the pairs of swaps.
_MAX_LEN = 32


@functools.lru_cache(maxsize=50_000)
def _yo_spelling(word: str) -> str:
    """The word as the dictionary writes it with «ё» (a stressed vowel, never reduced); else the word."""
    for p in morphology.parses(word):
        if len(p.word) == len(word) and "ё" in p.word and morphology.yo(p.word) == word:
            return p.word
    return word


def _doubled_once(word: str) -> Tuple[str, ...]:
    """The word with one of its doubled consonants written once («кирилл» → «кирил»), each in turn."""
    return tuple(word[:i] + word[i + 1:] for i in range(1, len(word)) if word[i] == word[i - 1] and word[i] in _CONSONANTS)


@functools.lru_cache(maxsize=50_000)
def heard_alike(said: str, meant: str) -> bool:
    """Could a transcript write the lower-case word ``meant`` as ``said``: the same word, or up to two
    unstressed vowels written as heard (а↔о, е↔и; never a vowel the dictionary writes «ё») and a doubled
    consonant written once («антан» for «антон», «виктаровича» for «викторовича», «кирил» for «кирилл»).
    Words under five letters only as themselves: «лена» and «лина» are two names."""
    if said == meant:
        return True
    if min(len(said), len(meant)) < _MIN_LEN:
        return False
    spelt = _yo_spelling(meant)
    for form in (spelt,) + _doubled_once(spelt):
        if len(form) != len(said):
            continue
        differ = [(a, b) for a, b in zip(said, form) if a != morphology.yo(b)]
        if len(differ) <= _MAX_REDUCED and all(b != "ё" and _SWAPS.get(b) == a for a, b in differ):
            return True
    return False


@functools.lru_cache(maxsize=20_000)
def reduced_variants(word: str) -> Tuple[str, ...]:
    """Dictionary words one or two swapped vowels away from a lower-case out-of-dictionary word, the nearer
    first: an ending said as heard takes two («залесскага» → «залесского», «камински» → «каменске»); ()
    for a known word or a short one."""
    if not _MIN_LEN <= len(word) <= _MAX_LEN or morphology.is_known(word) or not morphology.is_cyrillic_word(word):
        return ()
    at = [i for i, c in enumerate(word) if c in _SWAPS]
    once = [word[:i] + _SWAPS[word[i]] + word[i + 1:] for i in at]
    twice = [w[:j] + _SWAPS[w[j]] + w[j + 1:] for k, w in enumerate(once) for j in at[k + 1:]]
    return tuple(v for v in once + twice if morphology.is_known(v))


@functools.lru_cache(maxsize=20_000)
def spellings_by_ear(word: str) -> Tuple[str, ...]:
    """The lower-case word, then the dictionary words a transcript may have written it for, the nearer first: one
    vowel away (also from a known word, where only the context can tell) and, from an out-of-dictionary word,
    two; each once."""
    return tuple(dict.fromkeys((word, *vowel_variants(word), *reduced_variants(word))))
