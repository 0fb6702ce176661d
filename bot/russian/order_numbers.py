"""Order numbers: standalone 6–10 digit runs that are not part of a phone, written or dictated in words
(«сто, ноль ноль, тридцать семь», as the IVR reads them, is 1000037), or written in digit groups after the
word «заказ» («заказ номер 100 05 55», «2 000 555», «123-45-67»); a postcode, a product code, an INN, a card,
a track number, a date of birth or a sum of money is not an order number. A dictated number after «заказ»
that the usual reading leaves too short («сто двадцать ноль три» = 120 0 3) is read word by word (100 20 0 3:
a 7-digit number dictated 3-2-2), unless it was said as one number («девятьсот девяносто девять» is 999)."""
from __future__ import annotations

import re
from typing import List

from bot.russian.number_words import DigitText, find_spoken_numbers, with_digits
from bot.russian.phones import ORDER_ANNOUNCED_RE, OTHER_NUMBER_ANNOUNCED_RE, find_phones
from bot.russian.spans import Match

__all__ = ["Match", "find_order_numbers"]

# 6–10 digits, not glued to other digits/letters and not the integer part of a
# decimal ("1234567.89") or a piece of a dotted/slashed code.  Optional "№",
# "заказ", "номер заказа" before it need no special handling: they are outside
# the match and the value is only the digits.
_ORDER_RE = re.compile(r"(?<![\w+.,/\-])\d{6,10}(?![\w]|[.,/\-]\d)")
# The same number as people group it when they read it out: «100 05 55», «2 000 555», «1-234-567».
_GROUPED_RE = re.compile(r"(?<![\w+.,/\-])\d{1,3}(?:[ \-]\d{2,3}){1,3}(?![\w]|[.,/\-]\d)")
_MIN_DIGITS, _MAX_DIGITS = 6, 10
# Money and quantities right after a run of digits: no order number (nor is a number of another kind announced
# right before it, phones.OTHER_NUMBER_ANNOUNCED_RE).
_QUANTITY_AFTER_RE = re.compile(r"\s*(руб\w*|р\b|р\.|₽|тыс\w*|т\.р|шт\w*|кг\b|%|процент\w*)", re.I)


def _is_other_number(text: str, start: int, end: int) -> bool:
    return bool(OTHER_NUMBER_ANNOUNCED_RE.search(text[max(0, start - 30):start])
                or _QUANTITY_AFTER_RE.match(text, end))


def find_order_numbers(text: str) -> List[Match]:
    """Order numbers in free text (value = the digits), phones excluded; spans are the original text's."""
    if not isinstance(text, str) or not text:
        return []
    phones = find_phones(text)
    usual = find_spoken_numbers(text)
    found = _read(text, with_digits(text, joiner="", numbers=usual), phones, [])  # a dictated number's groups make one
    if usual:
        # «заказ сто двадцать ноль три»: 120 0 3 is too short for an order, 100 20 03 is one. A number said
        # whole («девятьсот девяносто девять», one group) is that number, not 900 90 9 dictated.
        by_word = [n for n, u in zip(find_spoken_numbers(text, each_word=True), usual) if len(u.groups) > 1]
        if by_word:
            found = _read(text, with_digits(text, joiner="", numbers=by_word), phones, found, announced_only=True)
    return sorted(found, key=lambda m: m.start)


def _read(text: str, digits: DigitText, phones: List[Match], found: List[Match],
          announced_only: bool = False) -> List[Match]:
    """``found`` and the order numbers in one digit reading of the text that overlap nothing found yet."""
    candidates = [(m.start(), m.end(), m.group()) for m in _ORDER_RE.finditer(digits.text)]
    for m in _GROUPED_RE.finditer(digits.text):
        value = re.sub(r"\D", "", m.group())
        if _announced(digits.text, m.start()) and _MIN_DIGITS <= len(value) <= _MAX_DIGITS:
            candidates.append((m.start(), m.end(), value))
    found = list(found)
    for d_start, d_end, value in sorted(candidates):
        if _is_other_number(digits.text, d_start, d_end) or (announced_only and not _announced(digits.text, d_start)):
            continue
        start, end = digits.to_original(d_start, d_end)
        if any(p.start < end and start < p.end for p in [*phones, *found]):
            continue
        found.append(Match(start, end, value))
    return found


def _announced(text: str, start: int) -> bool:
    return bool(ORDER_ANNOUNCED_RE.search(text[max(0, start - 30):start]))  # «2 000 555» alone is a sum
