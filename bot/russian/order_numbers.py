"""Order numbers: standalone 6–10 digit runs that are not part of a phone."""
from __future__ import annotations

import re
from typing import List

from bot.russian.phones import find_phones
from bot.russian.spans import Match

__all__ = ["Match", "find_order_numbers"]

# 6–10 digits, not glued to other digits/letters and not the integer part of a
# decimal ("1234567.89") or a piece of a dotted/slashed code.  Optional "№",
# "заказ", "номер заказа" before it need no special handling: they are outside
# the match and the value is only the digits.
_ORDER_RE = re.compile(r"(?<![\w+.,/\-])\d{6,10}(?![\w]|[.,/\-]\d)")


def find_order_numbers(text: str) -> List[Match]:
    """Order numbers in free text (value = the digits), phones excluded."""
    if not isinstance(text, str) or not text:
        return []
    phones = find_phones(text)
    found: List[Match] = []
    for m in _ORDER_RE.finditer(text):
        if any(p.start < m.end() and m.start() < p.end for p in phones):
            continue
        found.append(Match(m.start(), m.end(), m.group()))
    return found
