"""A dictated phone read from the speech service's two transcripts when the IVR asked for digits."""
from __future__ import annotations

import re
from typing import Optional, Sequence, Tuple

from bot.russian.number_words import with_digits
from bot.russian.phones import find_phones, normalize_phone

_PLUS_RE = re.compile(r"\bплюс\b", re.IGNORECASE)
# Held to number words, Whisper still splits a compound it would have written in digits: «восемь, десять» for
# «восемьдесят», «пять, сот» or «девять, сорт» for «пятьсот», «девятьсот», «три сто» for «триста». After a tens
# word the unit is its own («восемьдесят пять, десять» is 85 10), and «семь, сто семь» is 7 107: left alone.
_TENS = r"(?:двадцать|тридцать|сорок|пятьдесят|шестьдесят|семьдесят|восемьдесят|девяносто)[,\s]+"
_SPLIT_COMPOUNDS = (
    (re.compile(rf"\b({_TENS})?(пять|шесть|семь|восемь)[,\s]+десят[ьи]?\b", re.IGNORECASE), "{}десят"),
    (re.compile(rf"\b({_TENS})?(пять|шесть|семь|восемь|девять)[,\s]+(?:сот|сорт)\b", re.IGNORECASE), "{}сот"),
    (re.compile(r"\b()(две)[,\s]+(?:сти|сто)\b", re.IGNORECASE), "двести"),
    (re.compile(r"\b()(три)[,\s]+(?:ста|сто)\b", re.IGNORECASE), "триста"),
    (re.compile(r"\b()(четыре)[,\s]+(?:ста|сто)\b", re.IGNORECASE), "четыреста"),
)


def _joined(text: str) -> str:
    for pattern, compound in _SPLIT_COMPOUNDS:
        text = pattern.sub(lambda m, c=compound: m.group() if m.group(1) else c.format(m.group(2)), text)
    return text


def phone_read(text: str) -> Optional[str]:
    """The phone (+7XXXXXXXXXX) a transcript dictates, or None; with split compounds joined, else as written."""
    return _phone_in(_joined(text)) or _phone_in(text)


def _phone_in(text: str) -> Optional[str]:
    """First as the assistant reads any message (find_phones); then, since the caller was asked for a number, all
    its digits as one: Whisper puts commas between the groups and drops «семь» after «плюс», which free
    text cannot take as a phone but an answer to «назовите номер телефона» can.
    """
    found = find_phones(text)
    if found:
        return found[0].value
    digits = re.sub(r"\D", "", with_digits(_PLUS_RE.sub(" ", text)).text)
    if len(digits) == 11 and digits[0] in "78":
        return normalize_phone("+7" + digits[1:])
    if len(digits) == 10 and digits[0] == "9":  # a mobile number without its 8 (the order numbers are shorter)
        return normalize_phone("+7" + digits)
    return None


def reading_of_digits(free: str, alternatives: Sequence[str]) -> Tuple[str, bool]:
    """The transcript to act on when digits were expected, and whether it is a phone read whole.

    The free transcript's phone if it holds one, else the first phone among the alternatives (the service's
    number-word pass), as +7XXXXXXXXXX (what a phone keyed in becomes too); else the free transcript as said (the caller said a name, or «не
    помню»: the number pass then writes number-word noise). A whole valid phone is its own evidence: the
    callers take it whatever Whisper's confidence in the free transcript.
    """
    for reading in (free, *alternatives):
        phone = phone_read(reading)
        if phone:
            return phone, True
    return free, False
