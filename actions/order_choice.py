"""Choosing among a customer's orders by what they answer: a number, «первый», or an item's name."""
from __future__ import annotations

import re
from typing import Optional, Sequence

from actions.formatting import russian_date
from bot.russian.morphology import lemma
from store.models import Order

_ORDINALS = {"первый": 0, "1": 0, "второй": 1, "2": 1, "третий": 2, "3": 2, "четвертый": 3, "4": 3}
_LAST = {"последний", "новый", "свежий"}
_STOPWORDS = {"заказ", "который", "тот", "где", "с", "в", "на", "и", "мой", "про", "этот", "товар", "набор"}


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
    words = _content_lemmas(text)
    for word in words:
        if word in _ORDINALS and _ORDINALS[word] < len(offered):
            return offered[_ORDINALS[word]]
        if word in _LAST and offered:
            return max(offered, key=lambda o: o.created_at)
    by_items = [o for o in offered if words & set().union(*(_content_lemmas(i.name) for i in o.items))]
    return by_items[0] if len(by_items) == 1 else None
