"""The speech-style variant of a written message: what a voice channel's transcript (or a customer typing the
way they speak) makes of it, produced by a fixed, documented transform so a held-out set can be measured
in both forms.

The transform, in order:
1. lower case, «ё» → «е»;
2. numbers in words as people say them (num2words, Russian): up to four digits as one number
   («14» → «четырнадцать»); a longer run of digits (a phone, an order number) read in groups, the way it
   is dictated: an 11-digit phone as 1-3-3-2-2 («89161234567» → «восемь девятьсот шестнадцать сто
   двадцать три сорок пять шестьдесят семь»), 10 digits as 3-3-2-2, 7 as 3-2-2, 6 as 3-3, 5 as 2-3,
   anything else in groups of three; each leading zero of a group is said as «ноль»;
3. no punctuation: every character that is not a letter, a digit or a space becomes a space («трек-номер» →
   «трек номер»), spaces collapsed;
4. ASR-like errors in the words of the text (not in the numbers said for its digits), deterministic per text (a random generator seeded with the text's CRC-32): each word
   of five letters or more is, with probability 0.15, changed by the first rule of a shuffled list that
   applies to it: «тся»↔«ться», unstressed «о» → «а» after the first letter (аканье), «е» → «и» after the
   first letter (иканье), a doubled consonant made single, «что» → «што», «сейчас» → «щас».
"""
from __future__ import annotations

import random
import re
import zlib
from typing import Callable, List, Optional

from num2words import num2words

ERROR_RATE = 0.15
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
_DOUBLED = re.compile(r"([бвгджзклмнпрстфхцчшщ])\1")


def _number(digits: str) -> str:
    return num2words(int(digits), lang="ru")


def _digit_groups(digits: str) -> List[str]:
    sizes = {5: [2, 3], 6: [3, 3], 7: [3, 2, 2], 10: [3, 3, 2, 2], 11: [1, 3, 3, 2, 2]}.get(len(digits))
    if sizes is None:
        sizes = [3] * (len(digits) // 3) + ([len(digits) % 3] if len(digits) % 3 else [])
    groups, at = [], 0
    for size in sizes:
        groups.append(digits[at:at + size])
        at += size
    return groups


def _group_words(group: str) -> str:
    """A group as dictated: each leading zero said as «ноль» («05» → «ноль пять», «000» → «ноль ноль ноль»)."""
    rest = group.lstrip("0")
    zeros = len(group) - len(rest)
    return " ".join(["ноль"] * zeros + ([_number(rest)] if rest else []))


def _spoken_digits(match: "re.Match[str]") -> str:
    digits = match.group(0)
    groups = [digits] if len(digits) <= 4 else _digit_groups(digits)
    return " " + " ".join(_group_words(g) for g in groups) + " "


def _swap_tsya(word: str) -> Optional[str]:
    if word.endswith("ться"):
        return word[:-4] + "тся"
    if word.endswith("тся"):
        return word[:-3] + "ться"
    return None


def _akanye(word: str) -> Optional[str]:
    at = word.find("о", 1)
    return word[:at] + "а" + word[at + 1:] if at > 0 else None


def _ikanye(word: str) -> Optional[str]:
    at = word.find("е", 1)
    return word[:at] + "и" + word[at + 1:] if at > 0 else None


def _single_consonant(word: str) -> Optional[str]:
    changed = _DOUBLED.sub(r"\1", word, count=1)
    return changed if changed != word else None


def _colloquial(word: str) -> Optional[str]:
    return {"сейчас": "щас"}.get(word)


ERRORS: List[Callable[[str], Optional[str]]] = [_swap_tsya, _akanye, _ikanye, _single_consonant, _colloquial]


def _with_asr_errors(words: List[str], rng: random.Random) -> List[str]:
    out = []
    for word in words:
        if word == "что":
            word = "што" if rng.random() < ERROR_RATE else word
        elif len(word) >= 5 and word.isalpha() and rng.random() < ERROR_RATE:
            rules = ERRORS[:]
            rng.shuffle(rules)
            word = next((changed for changed in (rule(word) for rule in rules) if changed), word)
        out.append(word)
    return out


def speech_style(text: str) -> str:
    """The message as a speech transcript would give it (see the module docstring for the transform)."""
    lowered = text.lower().replace("ё", "е")
    rng = random.Random(zlib.crc32(text.encode("utf-8")))
    words = _SPACES.sub(" ", _NOT_WORD.sub(" ", lowered)).strip().split()
    spoken = " ".join(_with_asr_errors(words, rng))
    return _SPACES.sub(" ", _DIGITS.sub(_spoken_digits, spoken)).strip()
