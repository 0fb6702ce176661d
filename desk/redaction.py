"""Personal data out of a transcript's free text: phones and long digit runs, e-mails, and the customer's own
name, city and address as the store knows them (or as the customer typed them for identification)."""
from __future__ import annotations

import re
from typing import Iterable, List, Optional

from desk.masking import mask_phone

_PHONE = re.compile(r"(?:\+7|8|7)?[\s\-()]*\d{3}[\s\-()]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_CARD_OR_PASSPORT = re.compile(r"\b\d(?:[ -]?\d){6,}\b")


def _word_pattern(words: Iterable[str]) -> Optional[re.Pattern]:
    # A name's stem also catches its Russian case endings («Иванова», «Иванову»).
    stems = sorted({w[:-1] if len(w) > 4 else w for w in words if w and len(w) >= 3}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def redact(text: str, personal_words: Iterable[str] = ()) -> str:
    text = _EMAIL.sub("•••@•••", text)
    text = _PHONE.sub(lambda m: mask_phone(m.group(0)), text)
    text = _CARD_OR_PASSPORT.sub("•••", text)
    pattern = _word_pattern(personal_words)
    return pattern.sub("•••", text) if pattern else text


def personal_words(*values: Optional[str]) -> List[str]:
    return [w for v in values if v for w in re.findall(r"[A-Za-zА-Яа-яЁё-]+", v)]
