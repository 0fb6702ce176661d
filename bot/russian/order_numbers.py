"""Order numbers: standalone 6–10 digit runs that are not part of a phone, written or dictated in words
(«сто, ноль ноль, тридцать семь», as the IVR reads them, is 1000037), or written in digit groups after the
word «заказ» («заказ номер 100 05 55», «2 000 555», «123-45-67»); a postcode, a product code, an INN, a card,
a track number or a sum of money is not an order number."""
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
# The same number as people group it when they read it out: «100 05 55», «2 000 555», «1-234-567».
_GROUPED_RE = re.compile(r"(?<![\w+.,/\-])\d{1,3}(?:[ \-]\d{2,3}){1,3}(?![\w]|[.,/\-]\d)")
_MIN_DIGITS, _MAX_DIGITS = 6, 10
# Grouped digits are an order number only when announced as one («заказ», «№»): «2 000 555» alone is a sum.
_ORDER_BEFORE_RE = re.compile(r"(?<![а-яёa-z])(заказ\w*|закз\w*|№|#|n)(\s+номер\w*)?\W*$", re.I)
# What a run of digits is when it is not an order number, said right before it (up to two words between:
# «код из смс», «код подтверждения», but «картой, заказ …» is an order again)…
_OTHER_NUMBER_BEFORE_RE = re.compile(
    r"(?<![а-яёa-z])(индекс\w*|артикул\w*|арт|код\w*|инн|огрн\w*|кпп|бик|сч[её]т\w*|карт\w*|трек\w*|шпи"
    r"|паспорт\w*|серия|снилс\w*|полис\w*|л/?с)(\W+(?!заказ)[а-яё]+){0,2}\W*$",
    re.I,
)
# …or right after it: money and quantities.
_QUANTITY_AFTER_RE = re.compile(r"\s*(руб\w*|р\b|р\.|₽|тыс\w*|т\.р|шт\w*|кг\b|%|процент\w*|бонус\w*|балл\w*)", re.I)


def _is_other_number(text: str, start: int, end: int) -> bool:
    return bool(_OTHER_NUMBER_BEFORE_RE.search(text[max(0, start - 30):start])
                or _QUANTITY_AFTER_RE.match(text, end))


def find_order_numbers(text: str) -> List[Match]:
    """Order numbers in free text (value = the digits), phones excluded; spans are the original text's."""
    if not isinstance(text, str) or not text:
        return []
    phones = find_phones(text)
    digits = with_digits(text, joiner="")  # a dictated number's groups make one number
    candidates = [(m.start(), m.end(), m.group()) for m in _ORDER_RE.finditer(digits.text)]
    for m in _GROUPED_RE.finditer(digits.text):
        value = re.sub(r"\D", "", m.group())
        announced = _ORDER_BEFORE_RE.search(digits.text[max(0, m.start() - 30):m.start()])
        if announced and _MIN_DIGITS <= len(value) <= _MAX_DIGITS:
            candidates.append((m.start(), m.end(), value))
    found: List[Match] = []
    for d_start, d_end, value in sorted(candidates):
        if _is_other_number(digits.text, d_start, d_end):
            continue
        start, end = digits.to_original(d_start, d_end)
        if any(p.start < end and start < p.end for p in phones):
            continue
        if any(f.start < end and start < f.end for f in found):
            continue
        found.append(Match(start, end, value))
    return found
