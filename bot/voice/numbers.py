"""Numbers read aloud in Russian: digit runs in groups, calendar dates, the word «рубль» agreeing with an amount.

The words come from num2words (cardinals, ordinals in any case) and the month names from Babel's CLDR data;
what stays here is how an operator reads things out. A TTS engine reads "17012345678901" as one huge number
and "01" unpredictably; an operator reads a ШПИ or a phone in groups of two or three digits, with every
leading zero said as «ноль».
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence

from babel.dates import get_month_names
from num2words import num2words
from num2words.lang_RU import Num2Word_RU

from bot.russian.number_words import with_digits
from bot.russian.phones import normalize_phone

_RUSSIAN = Num2Word_RU()
_RUBLE_FORMS = ("рубль", "рубля", "рублей")  # one, few, many

# «28 ноября»: the month after a day number is always in the genitive (CLDR's "format" context).
_MONTH_NAMES: Dict[int, str] = dict(get_month_names("wide", context="format", locale="ru"))
MONTHS_GENITIVE: Dict[str, int] = {name: number for number, name in _MONTH_NAMES.items()}


def number_words(n: int) -> str:
    """0..999 in words (masculine): 912 → «девятьсот двенадцать»."""
    if not 0 <= n <= 999:
        raise ValueError(f"only 0..999 are read as a group, got {n}")
    return num2words(n, lang="ru")


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


# Latin letters as Russians spell them out on the phone (a Boxberry or СДЭК code: «BX77123» is «бэ икс, …»).
LATIN_LETTER_NAMES: Dict[str, str] = {
    "A": "а", "B": "бэ", "C": "цэ", "D": "дэ", "E": "е", "F": "эф", "G": "гэ", "H": "аш", "I": "и", "J": "йот",
    "K": "ка", "L": "эль", "M": "эм", "N": "эн", "O": "о", "P": "пэ", "Q": "ку", "R": "эр", "S": "эс", "T": "тэ",
    "U": "у", "V": "вэ", "W": "дубль вэ", "X": "икс", "Y": "игрек", "Z": "зэт",
}


def say_code(code: str) -> str:
    """A tracking code of letters and digits: the letters one by one, then the digits in groups, so that a
    synthesiser does not read «BX77123» as a word and one number: "BX77123" → «бэ икс, семьсот семьдесят один,
    двадцать три»."""
    letters = "".join(c for c in code if c.isalpha()).upper()
    digits = "".join(c for c in code if c.isdigit())
    names = " ".join(LATIN_LETTER_NAMES.get(c, c.lower()) for c in letters)
    return ", ".join(part for part in (names, say_digits(digits) if digits else "") if part)


def say_phone(normalized: str, written: str = "") -> str:
    """+7XXXXXXXXXX in the usual 3-3-2-2 grouping, prefixed as it was written (8 … or плюс семь …)."""
    national = normalized[2:]
    prefix = "восемь" if written.strip().startswith("8") else "плюс семь"
    return f"{prefix}, " + say_groups([national[:3], national[3:6], national[6:8], national[8:]])


_SPOKEN_SEPARATORS_RE = re.compile(r"[\s,.\-–—]+")


def dictated_number(transcript: str) -> Optional[str]:
    """A transcript that is nothing but a number, said in words, digits or both, as the caller would key it in:
    a phone → "+7XXXXXXXXXX" (as keyed digits are sent), another number of 6 digits or more (an order, a ШПИ) →
    its digits; anything else (words around the number, a short number) → None."""
    phone = normalize_phone(transcript)
    if phone:
        return phone
    digits = _SPOKEN_SEPARATORS_RE.sub("", with_digits(transcript, joiner="").text)
    return digits if digits.isdigit() and len(digits) >= 6 else None


def rubles(amount: int) -> str:
    """The agreeing form of «рубль» after a number: 1 рубль, 2 рубля, 5/11/112 рублей, 21 рубль."""
    return _RUSSIAN.pluralize(amount, _RUBLE_FORMS)


def say_date(day: int, month: int, year: Optional[int] = None, case: str = "g") -> str:
    """A calendar date as said aloud; the day is a neuter ordinal in ``case`` (num2words' n/g/d/a/i/p).

    Said «когда?» (поступит 28 ноября, заказ от 28 ноября) a date is genitive: «двадцать восьмого ноября»;
    the year stays genitive whatever the case of the day: «… две тысячи двадцать седьмого года».
    """
    words = f"{num2words(day, lang='ru', to='ordinal', case=case, gender='n')} {_MONTH_NAMES[month]}"
    if year is not None:
        words += f" {num2words(year, lang='ru', to='ordinal', case='g')} года"
    return words
