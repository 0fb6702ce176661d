"""Chat wording made speakable: no links, emoji or markup, numbers in digit groups, short lists.

The voice variants in the domain (channel: voice) are the first line of defence; this is the second,
for every reply that has no voice variant yet (and for slot values such as ШПИ and phones).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

from bot.russian.phones import find_phones
from bot.voice.numbers import MONTHS_GENITIVE, rubles, say_code, say_date, say_digits, say_phone

MAX_LIST_ITEMS = 3  # a caller keeps about three options in mind; the rest is summarised

_URL_RE = re.compile(r"(https?://|www\.)\S+", re.I)
_MARKUP_RE = re.compile(r"[*_`#~|<>\[\]{}\"\\$]")
_ABBREVIATION_IN_BRACKETS_RE = re.compile(r"\s*\(([A-ZА-ЯЁ]{2,5})\)")
_BRACKETS_RE = re.compile(r"\s*\(([^()]*)\)")
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+")
_LONG_DIGITS_RE = re.compile(r"(?<![\d])\d{6,20}(?![\d])")
# A carrier's tracking code, Latin letters then digits (Boxberry «BX77123»): letters spelt, digits in groups.
_TRACKING_CODE_RE = re.compile(r"(?<![\w-])[A-Za-z]{1,4}-?\d{4,20}(?![\w-])")
_MONEY_RE = re.compile(r"(\d[\d\u00a0 ]*)\s?руб\.")
# «28 ноября», «к 28 ноября», «28 ноября 2027 г.»: a «г.» that also ends the sentence leaves its full stop.
_DATE_RE = re.compile(
    r"\b(?:(?P<preposition>к|ко|по|на|за)\s+)?(?P<day>\d{1,2})\s+(?P<month>" + "|".join(MONTHS_GENITIVE) + r")"
    r"(?:\s+(?P<year>\d{4})(?:\s*г(?:\.(?=\s*[,;:а-яё])|(?=\.)))?)?(?![\dа-яё])", re.I)
# The day's case after a preposition; a date said alone («поступит 28 ноября») is genitive.
_DATE_CASE_AFTER = {"к": "d", "ко": "d", "по": "a", "на": "a", "за": "a"}
_SPACES_RE = re.compile(r"[ \t\u00a0]+")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:!?])")
_DOUBLE_PUNCT_RE = re.compile(r"([,;:])\s*([,.;:!?])")


def _is_pictograph(char: str) -> bool:
    if char in "\u200d\ufe0f\ufe0e":  # joiners and variation selectors glue emoji together
        return True
    return unicodedata.category(char) in ("So", "Sk", "Cs", "Co")


def _strip_markup(text: str) -> str:
    text = _URL_RE.sub("", text).replace("№", "номер ")  # «№» is a symbol (So) like the emoji
    text = "".join(c for c in text if not _is_pictograph(c))
    text = text.replace("«", "").replace("»", "")
    text = _ABBREVIATION_IN_BRACKETS_RE.sub("", text)  # «Трек-номер (ШПИ)»: the caller does not need the term
    text = _BRACKETS_RE.sub(lambda m: f", {m.group(1).strip()},", text)
    return _MARKUP_RE.sub("", text)


def _speak_lines(text: str) -> str:
    """Lines become clauses; a list longer than MAX_LIST_ITEMS keeps its first items and a count."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out: List[str] = []
    items: List[str] = []

    def flush() -> None:
        if not items:
            return
        kept = items[:MAX_LIST_ITEMS]
        rest = len(items) - len(kept)
        phrase = "; ".join(kept)
        out.append(phrase + ("; и другие" if rest else ""))
        items.clear()

    for line in lines:
        if _LIST_ITEM_RE.match(line):
            items.append(_LIST_ITEM_RE.sub("", line).rstrip(".;"))
        else:
            flush()
            out.append(line)
    flush()
    joined = ""
    for part in out:
        if joined and joined[-1] not in ".!?:;,":
            joined += "."
        joined += (" " if joined else "") + part
    return joined


def _say_date(m: "re.Match[str]") -> str:
    day, month = int(m.group("day")), MONTHS_GENITIVE[m.group("month").lower()]
    if not 1 <= day <= 31:
        return m.group()
    preposition = m.group("preposition") or ""
    year = int(m.group("year")) if m.group("year") else None
    spoken = say_date(day, month, year, case=_DATE_CASE_AFTER.get(preposition.lower(), "g"))
    return f"{preposition} {spoken}" if preposition else spoken


def _speak_numbers(text: str) -> str:
    for match in reversed(find_phones(text)):
        written = text[match.start:match.end]
        text = text[:match.start] + say_phone(match.value, written) + text[match.end:]
    text = _TRACKING_CODE_RE.sub(lambda m: say_code(m.group()), text)
    text = _LONG_DIGITS_RE.sub(lambda m: say_digits(m.group()), text)
    text = _DATE_RE.sub(_say_date, text)

    def money(m: "re.Match[str]") -> str:
        digits = re.sub(r"\D", "", m.group(1))
        return f"{m.group(1).strip()} {rubles(int(digits))}" if digits else m.group()

    return _MONEY_RE.sub(money, text)


def speakable(text: Optional[str]) -> str:
    """One reply as it should be said aloud."""
    if not text:
        return ""
    text = _speak_lines(_strip_markup(text))
    text = _speak_numbers(text)
    text = _SPACES_RE.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
    text = _DOUBLE_PUNCT_RE.sub(r"\2", text)
    return text.strip(" ,;")


def join_utterances(parts: Sequence[str]) -> str:
    """Several replies said in one breath (one prompt, so that barge-in covers all of it)."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and out[-1] not in ".!?":
            out += "."
        out += (" " if out else "") + part
    return out


@dataclass(frozen=True)
class Choice:
    key: str  # the DTMF key
    title: str  # said aloud
    payload: str  # sent to the assistant when the key is pressed


_YES_NO = {"да", "нет"}


def choices_from_buttons(buttons: Optional[List[Dict[str, Any]]]) -> List[Choice]:
    """Buttons as keypad choices 1..9; none for a yes/no question (said «да»/«нет» naturally)."""
    buttons = [b for b in buttons or [] if b.get("payload") and b.get("title")]
    if not buttons or len(buttons) > 9:
        return []
    if all(str(b["payload"]).strip().lower() in _YES_NO for b in buttons):
        return []
    return [Choice(str(n), speakable(str(b["title"])), str(b["payload"])) for n, b in enumerate(buttons, start=1)]


def says_keys_already(text: str) -> bool:
    """A voice variant that already tells the caller which keys to press needs no list of choices."""
    return "нажмите" in text.lower()
