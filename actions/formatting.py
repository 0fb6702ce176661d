"""How order data is put into Russian sentences."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from store.clock import today
from store.vocabulary import DELIVERIES

_MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                    "сентября", "октября", "ноября", "декабря")

DELIVERY_WAY = {str(method): traits.way for method, traits in DELIVERIES.items()}


def russian_date(day: Optional[dt.date]) -> str:
    """28 ноября (the year only when it is not this year's)."""
    if day is None:
        return ""
    text = f"{day.day} {_MONTHS_GENITIVE[day.month - 1]}"
    return text if day.year == today().year else f"{text} {day.year} г."

