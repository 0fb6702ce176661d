"""Recognition hints: words a Russian recogniser should favour on this line (order words, carriers)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Tuple

import yaml

PHONE_BOOK = Path(__file__).resolve().parents[2] / "actions" / "phone_book.yml"

# What callers say about orders; the recogniser otherwise hears «по сылка», «трек номер» and the like.
ORDER_WORDS = (
    "заказ", "номер заказа", "посылка", "где посылка", "где моя посылка", "трек-номер", "ШПИ",
    "почтовое отделение", "извещение", "курьер", "пункт выдачи", "отменить заказ", "возврат",
    "деньги за возврат", "бонусная карта", "автоинформатор", "оператор", "соедините с оператором",
    "да", "нет", "верно", "повторить", "отправить по СМС",  # the offer after a long reply (bot/voice/ivr.py)
)


@lru_cache(maxsize=1)
def recognition_hints(phone_book: Path = PHONE_BOOK) -> Tuple[str, ...]:
    """Order words and the carrier and partner names of the script's «СПИСОК НОМЕРОВ»."""
    try:
        entries = yaml.safe_load(phone_book.read_text(encoding="utf-8")) or []
    except FileNotFoundError:
        entries = []
    names = [str(e["name"]) for e in entries if isinstance(e, dict) and e.get("name")]
    # «Top Delivery (Москва)» is said «Top Delivery»; quotes are not said at all.
    names = [" ".join(re.sub(r"\([^)]*\)|[«»\"]", " ", name).split()) for name in names]
    seen = dict.fromkeys(n for n in [*ORDER_WORDS, *names] if n)
    return tuple(seen)
