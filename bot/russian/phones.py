"""Russian phone numbers: normalisation, search in free text, masking for logs.

Validation is delegated to ``phonenumbers`` (region RU); the finder is our own
because in chat a bare 6–10 digit run is far more often an order number than a
phone, so we only take digit runs that *look* like a phone (prefix +7/7/8,
grouping separators, or a "телефон" keyword right before). A phone dictated in words («восемь девятьсот три
сто двадцать три сорок пять шестьдесят семь», digit by digit, or words mixed with digits) is read through
bot.russian.number_words and found by the same rules; its match spans the words said. When the usual reading
of the words is too short for a phone, a hundreds group heard apart from its tens («семьсот | сорок четыре») may
make one («восемь девятьсот двадцать семь семьсот сорок четыре пятьдесят пять» is 8 927 700 44 55).
"""
from __future__ import annotations

import itertools
import re
from typing import List, Optional

import phonenumbers

from bot.russian.number_words import SpokenNumber, find_spoken_numbers, hundreds_apart, with_digits
from bot.russian.spans import Match

__all__ = ["Match", "normalize_phone", "find_phones", "mask_phone"]

_REGION = "RU"
# Everything a phone written by a human may contain; anything else => not a phone.
_ALLOWED_CHARS_RE = re.compile(r"^\+?[\d\s\-().\u00a0]+$")
# Digit groups in free text, glued by at most 3 separator characters.
_GROUP_RE = re.compile(r"\d+")
_SEPARATOR_RE = re.compile(r"^[\s\-().\u00a0]{1,3}$")
# Keywords that make a bare 10-digit run a phone rather than an order number.
_PHONE_HINT_RE = re.compile(
    r"(?<![а-яёa-z])(тел|телефон\w*|моб\w*|сотов\w*|мой\s+номер|whatsapp|ватсап"
    r"|звон\w*\s+с(\s+номера)?|с\s+номера)\W*$",
    re.I,
)
# A code or a track number right before a run of digit groups: no phone in the run
# («артикул 460 700 123 45 67», «трек номер 800 835 …», as a transcript writes them).
_CODE_BEFORE_RE = re.compile(
    r"(?<![а-яёa-z])(артикул\w*|код\w*|инн|трек\w*|индекс\w*|шпи)(\s+номер\w*)?\W*$", re.I
)
# An order number announced right before a run of digits («заказ», «№», «закз» as typed in haste): a bare
# 10-digit run is then the order number (bot.russian.order_numbers reads grouped digits after it too).
ORDER_ANNOUNCED_RE = re.compile(r"(?<![а-яёa-z])(заказ\w*|закз\w*|№|#|n)(\s+номер\w*)?\W*$", re.I)
# A number of another kind announced right before a run of digits, up to two words between («код из смс», «код
# подтверждения», a passport's series «паспорта 4512 номер», a track's letters «трек номер RA», but «картой,
# заказ …» is an order again; «паспарта» as a transcript spells it, «д.р.»/«д р» a date of birth): the run is no
# order number (bot.russian.order_numbers), nor a phone read the less sure way (_phone_heard_apart).
OTHER_NUMBER_ANNOUNCED_RE = re.compile(
    r"(?<![а-яёa-z])(индекс\w*|артикул\w*|арт|код\w*|инн|огрн\w*|кпп|бик|сч[её]т\w*|карт\w*|трек\w*|шпи"
    r"|пасп[ао]рт\w*|серия|снилс\w*|полис\w*|л/?с|рожд\w*|родил\w*|д\W{0,2}р(?![а-яёa-z]))"
    r"(\W+(?!заказ)(?:[а-яёa-z]+|\d{1,4})){0,2}\W*$",
    re.I,
)
_MAX_PHONE_TEXT = 40


def normalize_phone(text: str) -> Optional[str]:
    """One phone in any Russian notation, in digits or in words → "+7XXXXXXXXXX", else None."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if text and not _ALLOWED_CHARS_RE.match(text):
        text = with_digits(text).text.strip()  # «восемь девятьсот …» → "8 903 …"
    if not text or len(text) > _MAX_PHONE_TEXT or not _ALLOWED_CHARS_RE.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits[0] in "78":
        if text.startswith("+") and digits[0] != "7":
            return None  # "+8 916 …" is not a Russian notation
        national = digits[1:]
    elif len(digits) == 10 and not text.startswith("+"):
        national = digits
    else:
        return None
    try:
        number = phonenumbers.parse("+7" + national, _REGION)
    except phonenumbers.NumberParseException:
        return None
    # Country code 7 covers RU and KZ; both are written +7XXXXXXXXXX.
    if number.country_code != 7 or not phonenumbers.is_valid_number(number):
        return None
    return "+7" + national


def _accept(text: str, start: int, n_groups: int, n_digits: int) -> bool:
    """Policy for free text: 11 digits (7/8 prefix) always; 10 digits when grouped ("916 123-45-67"),
    announced by a phone keyword, or a mobile number («9057778899»: the shop's order numbers are 7 digits,
    a bare run starting with 9 is a phone without its 8) not announced as an order number or a code."""
    if n_digits == 11 or n_groups > 1:
        return True
    before = text[max(0, start - 30):start]
    if _PHONE_HINT_RE.search(before):
        return True
    return text[start:start + 1] == "9" and not ORDER_ANNOUNCED_RE.search(before)


def find_phones(text: str) -> List[Match]:
    """All phones in free text, written or dictated in words, left to right, values normalised to +7XXXXXXXXXX;
    the spans are those of the original text."""
    if not isinstance(text, str) or not text:
        return []
    digits = with_digits(text)
    if not digits.changed:
        return _find_written_phones(text)
    found = [Match(*digits.to_original(m.start, m.end), m.value) for m in _find_written_phones(digits.text)]
    for number in find_spoken_numbers(text):
        if not any(m.start < number.end and number.start < m.end for m in found):
            found += _phone_heard_apart(text, number)
    return sorted(found, key=lambda m: m.start)


# How a phone is dictated, group by group: 8 927 700 44 55, or without the 8: 927 700 44 55.
_DICTATION_PATTERNS = ((1, 3, 3, 2, 2), (3, 3, 2, 2))


def _phone_heard_apart(text: str, number: SpokenNumber) -> List[Match]:
    """«восемь девятьсот двадцать семь семьсот сорок четыре пятьдесят пять»: read as usual (8 927 744 55) too
    short for a phone, but with one or two hundreds heard apart from their tens (700 44) it is a phone
    dictated group by group (8 927 700 44 55); the fewest groups split that make one win, and only if that
    reading is the only one. Not for a number announced as an order or a code."""
    short = len(number.digits)
    before = text[max(0, number.start - 30):number.start]
    if short >= 10 or short < 6 or ORDER_ANNOUNCED_RE.search(before) or OTHER_NUMBER_ANNOUNCED_RE.search(before):
        return []
    for splits in (1, 2):
        readings = []
        for ks in itertools.combinations(range(len(number.groups)), splits):
            heard: Optional[SpokenNumber] = number
            for k in sorted(ks, reverse=True):  # the later group first: the earlier indices stay valid
                heard = hundreds_apart(text, heard, k) if heard else None
            if heard is None or tuple(len(g) for g in heard.groups) not in _DICTATION_PATTERNS:
                continue
            digits = with_digits(text, numbers=[heard])
            readings += [Match(*digits.to_original(m.start, m.end), m.value) for m in _find_written_phones(digits.text)
                         if number.start <= digits.to_original(m.start, m.end)[0] < number.end]
        if readings:
            return readings if len({m.value for m in readings}) == 1 else []
    return []


def _find_written_phones(text: str) -> List[Match]:
    """Phones written in digits."""
    groups = list(_GROUP_RE.finditer(text))
    found: List[Match] = []
    i = 0
    while i < len(groups):
        first = groups[i]
        start = first.start()
        # A phone never starts glued to a letter/digit ("A8916…", "x12").
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            i += 1
            continue
        if start > 0 and text[start - 1] in "+(":
            start -= 1
            if text[start] == "(" and start > 0 and text[start - 1] == "+":
                start -= 1  # "+(7)…" is rare but harmless
        run_start = _run_start(text, groups, i)
        if _CODE_BEFORE_RE.search(text[max(0, run_start - 30):run_start]):
            i += 1
            continue
        best: Optional[Match] = None
        best_j = i
        n_digits = 0
        for j in range(i, len(groups)):
            if j > i and not _SEPARATOR_RE.match(text[groups[j - 1].end():groups[j].start()]):
                break
            n_digits += len(groups[j].group())
            if n_digits > 11:
                break
            end = groups[j].end()
            if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                continue
            if n_digits in (10, 11) and _accept(text, start, j - i + 1, n_digits):
                value = normalize_phone(text[start:end])
                if value:
                    best, best_j = Match(start, end, value), j  # keep the longest
        if best is not None:
            found.append(best)
            i = best_j + 1
        else:
            i += 1
    return found


def _run_start(text: str, groups: List["re.Match[str]"], i: int) -> int:
    """Where the run of separator-joined digit groups holding group ``i`` starts."""
    while i > 0 and _SEPARATOR_RE.match(text[groups[i - 1].end():groups[i].start()]):
        i -= 1
    return groups[i].start()


def mask_phone(phone: str) -> str:
    """Hide the middle of a phone for logs: "+79161234567" → "+7916***4567"."""
    normalized = normalize_phone(phone) if isinstance(phone, str) else None
    if normalized:
        return normalized[:5] + "***" + normalized[-4:]
    digits = re.sub(r"\D", "", phone) if isinstance(phone, str) else ""
    # Unknown format: keep at most the last 2 digits, never the whole thing.
    return "***" + digits[-2:] if len(digits) > 4 else "***"
