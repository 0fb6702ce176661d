"""Digits as Russian words, for reading numbers aloud in groups.

A TTS engine reads "17012345678901" as one huge number and "01" unpredictably; an operator reads a
ШПИ or a phone in groups of two or three digits, with every leading zero said as «ноль».
"""
from __future__ import annotations

from typing import List, Sequence

_UNITS = ("ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
_TEENS = ("десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
          "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать")
_TENS = ("", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят",
         "девяносто")
_HUNDREDS = ("", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот",
             "девятьсот")


def number_words(n: int) -> str:
    """0..999 in words (masculine): 912 → «девятьсот двенадцать»."""
    if not 0 <= n <= 999:
        raise ValueError(f"only 0..999 are read as a group, got {n}")
    if n == 0:
        return _UNITS[0]
    words: List[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(_HUNDREDS[hundreds])
    if 10 <= rest <= 19:
        words.append(_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        if tens:
            words.append(_TENS[tens])
        if units:
            words.append(_UNITS[units])
    return " ".join(words)


def group_words(group: str) -> str:
    """A digit group as said aloud: "012" → «ноль двенадцать», "00" → «ноль ноль»."""
    if not group.isdigit() or len(group) > 3:
        raise ValueError(f"not a digit group: {group!r}")
    stripped = group.lstrip("0")
    zeros = ["ноль"] * (len(group) - len(stripped))
    return " ".join(zeros + ([number_words(int(stripped))] if stripped else []))


def split_groups(digits: str) -> List[str]:
    """Threes from the left, never a lone digit at the end: 7 → 3-2-2, 14 → 3-3-3-3-2, 10 → 3-3-2-2."""
    groups: List[str] = []
    rest = digits
    while len(rest) > 4:
        groups.append(rest[:3])
        rest = rest[3:]
    if len(rest) == 4:
        groups += [rest[:2], rest[2:]]
    elif rest:
        groups.append(rest)
    return groups


def say_groups(groups: Sequence[str]) -> str:
    """Groups joined with commas, so that a synthesiser pauses between them."""
    return ", ".join(group_words(g) for g in groups)


def say_digits(digits: str) -> str:
    """A long digit run (ШПИ, order number) in groups: "1000037" → «сто, ноль ноль, тридцать семь»."""
    return say_groups(split_groups(digits))


def say_phone(normalized: str, written: str = "") -> str:
    """+7XXXXXXXXXX in the usual 3-3-2-2 grouping, prefixed as it was written (8 … or плюс семь …)."""
    national = normalized[2:]
    prefix = "восемь" if written.strip().startswith("8") else "плюс семь"
    return f"{prefix}, " + say_groups([national[:3], national[3:6], national[6:8], national[8:]])


def rubles(amount: int) -> str:
    """The agreeing form of «рубль» after a number."""
    if 11 <= amount % 100 <= 14:
        return "рублей"
    return {1: "рубль", 2: "рубля", 3: "рубля", 4: "рубля"}.get(amount % 10, "рублей")
