"""Order numbers: standalone 6–10 digit runs that are not part of a phone, written or dictated in words
(«сто, ноль ноль, тридцать семь», as the IVR reads them, is 1000037)."""
from __future__ import annotations

import re
from typing import List

from bot.russian.number_words import with_digits
from bot.russian.phones import find_phones
from bot.russian.spans import Match

__all__ = ["Match", "find_order_numbers"]

# 6–10 digits, not glued to other digits/letters and not the integer part of a
# decimal ("1234567.89") or a piece of a dotted/slashed code.  Optional "№",
# "заказ", "номер заказа" before it need no special handling: they are outside
# the match and the value is only the digits.
_ORDER_RE = re.compile(r"(?<![\w+.,/\-])\d{6,10}(?![\w]|[.,/\-]\d)")


def find_order_numbers(text: str) -> List[Match]:
    """Order numbers in free text (value = the digits), phones excluded; spans are the original text's."""
    if not isinstance(text, str) or not text:
        return []
    phones = find_phones(text)
    digits = with_digits(text, joiner="")  # a dictated number's groups make one number
    found: List[Match] = []
    for m in _ORDER_RE.finditer(digits.text):
        start, end = digits.to_original(m.start(), m.end())
        if any(p.start < end and start < p.end for p in phones):
            continue
        found.append(Match(start, end, m.group()))
    return found
