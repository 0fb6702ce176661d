"""Every entity kind the assistant reads from Russian text, by name: phone, order number, ФИО, city."""
from __future__ import annotations

from typing import Callable, Dict, Iterable, Optional

from bot.russian.names import find_person
from bot.russian.order_numbers import find_order_numbers
from bot.russian.phones import find_phones
from bot.russian.places import find_city
from bot.russian.spans import Match

Finder = Callable[[str], Iterable[Match]]


def _one(finder: Callable[[str], Optional[Match]]) -> Finder:
    return lambda text: [m for m in [finder(text)] if m is not None]


def _city_outside_person(text: str) -> Optional[Match]:
    """A city not inside the ФИО («посылка на Ершову Светлану» names no town Ершов)."""
    person = find_person(text)
    return find_city(text, outside=[(person.start, person.end)] if person else ())


# Entity type → finder.  find_order_numbers already skips digits inside phones.
FINDERS: Dict[str, Finder] = {
    "phone": find_phones,
    "order_number": find_order_numbers,
    "person": _one(find_person),
    "city": _one(_city_outside_person),
}
