"""Choosing among a customer's orders by what they answer: a number, «первый», or an item's name."""
from __future__ import annotations

import re
from typing import Optional, Sequence

from rapidfuzz.distance import Levenshtein

from actions.formatting import russian_date
from bot.russian.morphology import lemma
from bot.russian.number_words import with_digits
from store.models import Order

_ORDINALS = {"первый": 0, "второй": 1, "третий": 2, "четвертый": 3}
_LAST = {"последний", "новый", "свежий"}
_STOPWORDS = {"заказ", "который", "тот", "где", "с", "в", "на", "и", "мой", "про", "этот", "товар", "набор"}
# A number said or typed that is no offered order's still names one when it is this near it and the others are
# further by NEAREST_MARGIN: a caller's «двести, ноль два, ноль два» heard as «200 0 2 0 2»… or «200. 0 2.», a
# digit lost or doubled in typing. Fewer digits than MIN_DIGITS are no attempt at an order number («второй», «2»).
MAX_DIGIT_EDITS = 2
NEAREST_MARGIN = 2
MIN_DIGITS = 5


def describe_orders(orders: Sequence[Order]) -> str:
    lines = []
    for n, order in enumerate(orders, start=1):
        first = order.items[0].name if order.items else "—"
        lines.append(f"{n}. № {order.id} от {russian_date(order.created_at)}: {first}")
    return "\n".join(lines)


def _content_lemmas(text: str) -> set:
    return {lemma(w) for w in re.findall(r"[а-яёa-z0-9]+", text.lower())} - _STOPWORDS


def match_order(text: str, numbers: Sequence[str], offered: Sequence[Order], all_orders: Sequence[Order]) -> Optional[Order]:
    """The order the answer points at (`numbers`: the order numbers found in it), or None when it is unclear."""
    by_id = {o.id: o for o in all_orders}
    for number in numbers:
        if number in by_id:
            return by_id[number]
    digits = re.findall(r"\d", text)
    if len(digits) == 1:  # a position in the list, keyed in or written («2», «заказ 2»); more digits are a number
        index = int(digits[0]) - 1
        return offered[index] if 0 <= index < len(offered) else None
    nearest = nearest_by_digits(text, offered)
    if nearest is not None:
        return nearest
    words = _content_lemmas(text)
    for word in words:
        if word in _ORDINALS and _ORDINALS[word] < len(offered):
            return offered[_ORDINALS[word]]
        if word in _LAST and offered:
            return max(offered, key=lambda o: o.created_at)
    by_items = [o for o in offered if words & set().union(*(_content_lemmas(i.name) for i in o.items))]
    return by_items[0] if len(by_items) == 1 else None


def nearest_by_digits(text: str, offered: Sequence[Order]) -> Optional[Order]:
    """The offered order whose number the answer's digits (number words read as digits) come within
    MAX_DIGIT_EDITS of, when every other offered order is NEAREST_MARGIN edits further; else None."""
    digits = re.sub(r"\D", "", with_digits(text).text)
    if len(digits) < MIN_DIGITS or not offered:
        return None
    ranked = sorted(((Levenshtein.distance(digits, o.id), n) for n, o in enumerate(offered)))
    best, nearest = ranked[0]
    if best > MAX_DIGIT_EDITS or (best > 0 and len(ranked) > 1 and ranked[1][0] < best + NEAREST_MARGIN):
        return None
    return offered[nearest]
