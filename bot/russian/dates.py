"""When did the customer send the parcel back?  Past dates in Russian chat text.

The return rule is «30 days since sending», so all we need from a phrase like
«отправила посылку две недели назад» or «отправил 10-го ноября» is one
calendar date in the past.  Customers write dates in three ways, tried in this
order (an explicit calendar date is more precise than a relative one, so when
both occur — «неделю назад, 10 ноября» — the calendar wins):

1. numeric: «2026-11-10», «10.11.2026», «10.11.26», «10.11»;
2. day + month name: «10 ноября», «10-го ноября», «1 окт. 2026»; or a part of a
   month: «в начале / середине / конце ноября» (5th / 15th / 25th);
3. relative: «вчера», «три дня назад», «полторы недели назад», «полмесяца назад», «на прошлой
   неделе», «почти месяц назад», a weekday «в понедельник», «в прошлую пятницу» (the latest such
   day before today, unless the verbs speak of the present or future: «заберу в понедельник») …

A date without a year is the most recent such date not after ``today``
(people talk about the past here).  Anything that would be in the future, is
not a real calendar date, or is not a date at all gives ``None`` — the caller
then asks the customer again instead of guessing. A date of birth («дата рождения 12.03.1985», «родилась
5 мая 1990») is not a date of sending.

Out of scope on purpose: a bare month («в ноябре» — which day?), ordinal words
(«десятого ноября»), «через …» (future), typos other than one letter in a word of a relative date
(«ниделю», «в суббату», as a transcript writes them, are read).

Kept instead of dateparser: run through tests/unit/test_nlu_dates.py, dateparser 1.2.0 (the
newest that fits Rasa's regex/pytz pins) passes 49 of 76 tests against 76, at about 3 ms per
call against 0.02 ms and a 1.1 s import against 0.03 s (bench/dates_comparison.py).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Dict, Iterator, List, Optional, Tuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.russian.morphology import analyzer, is_known, lemma, normalize, parses
from bot.russian.spelling import vowel_variants

__all__ = ["parse_past_date", "days_since"]

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# Number words by lemma (pymorphy3 folds «двух», «одну», «полутора» for us).
# «пара» and «несколько» are how people say "a couple" / "a few"; three is the
# usual reading of «несколько дней».
_UNITS: Dict[str, float] = {
    "ноль": 0, "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9,
}
_TEENS: Dict[str, float] = {
    "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
    "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16,
    "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19,
}
_TENS: Dict[str, float] = {
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50,
    "шестьдесят": 60,
}
_VAGUE: Dict[str, float] = {"пара": 2, "несколько": 3, "полтора": 1.5}
NUMBER_WORDS: Dict[str, float] = {**_UNITS, **_TEENS, **_TENS, **_VAGUE}

# Length of a unit in days.  A month is 30 days: that is what the 30-day rule
# itself means by "a month", so «месяц назад» sits exactly on the boundary.
_UNIT_DAYS: Dict[str, int] = {"день": 1, "неделя": 7, "месяц": 30, "год": 365}

# Words whose lemma is misleading for us («больше» → «большой»), mapped to a
# canonical qualifier before lemmatisation.
_QUALIFIERS: Dict[str, str] = {
    "больше": "больше", "более": "больше", "свыше": "больше",
    "меньше": "меньше", "менее": "меньше",
    "почти": "почти",
}

# Month by the word form as typed (after lower-casing and ё→е): full names in
# every case, plus the usual abbreviations («сент.», «окт.»).  An explicit table
# rather than lemmas because pymorphy3 does not know the abbreviations and
# guesses wrongly on them («сент» → «сента»).
_MONTH_STEMS: Tuple[Tuple[str, int], ...] = (
    ("январ", 1), ("феврал", 2), ("апрел", 4), ("июн", 6), ("июл", 7),
    ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12),
)
_MONTH_ABBREVIATIONS: Dict[str, int] = {
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}


def _month_forms() -> Dict[str, int]:
    """Every accepted month word → month number (built once at import)."""
    forms: Dict[str, int] = dict(_MONTH_ABBREVIATIONS)
    for stem, month in _MONTH_STEMS:
        for ending in ("ь", "я", "е", "ю", "ем"):
            forms[stem + ending] = month
    for stem, month in (("март", 3), ("август", 8)):
        for ending in ("", "а", "е", "у", "ом"):
            forms[stem + ending] = month
    for form in ("май", "мая", "мае", "маю", "маем"):
        forms[form] = 5
    return forms


MONTHS: Dict[str, int] = _month_forms()

# Day inside a month for «в начале / середине / конце …».
_MONTH_PARTS: Dict[str, int] = {"начало": 5, "середина": 15, "конец": 25}

# --------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------

_ISO_RE = re.compile(r"(?<![\d.\-/])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d\-])")
# «10.11», «10.11.26», «10.11.2026» (also with «/»), not inside a longer
# dotted run such as a phone «8.916.123.45.67».
_DOTTED_RE = re.compile(
    r"(?<![\d.,/])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d]|[./,]\d)"
)
# «1.5 недели назад» is a quantity, not the 1st of May.
_QUANTITY_AFTER_RE = re.compile(r"\s*(?:дн|день|недел|мес|год|лет|час|мин|кг|руб|%)")
# «10 ноября», «10-го ноября», «1 окт. 2026 г.»; the word is checked against
# MONTHS afterwards.
_DAY_MONTH_RE = re.compile(
    r"(?<![\d.,/])(\d{1,2})(?:-?(?:го|ого|е|ое))?\s*([а-я]+)\.?(?:\s*(\d{4})(?!\d))?"
)
_PART_MONTH_RE = re.compile(
    r"\b(начал[а-я]*|середин[а-я]*|конц[а-я]*|конец)\s+([а-я]+)\.?(?:\s*(\d{4})(?!\d))?"
)

# Tokens for the relative parser: numbers (with a decimal part) and words.
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)?|[а-яa-z]+(?:-[а-яa-z]+)*")
_NUM = r"\d+(?:\.\d+)?"
_UNIT = r"день|неделя|месяц|год"
# Run over the canonical token string (lemmas, number words as digits).
_RELATIVE_RE = re.compile(
    r"\b(?:"
    r"(?P<word>сегодня|вчера|позавчера)"
    r"|(?:(?P<q>больше|меньше|почти)\s+)?(?:(?P<n>" + _NUM + r")\s+)?"
    r"(?P<u>" + _UNIT + r")\s+(?:тот\s+)?назад"
    r"|(?P<u2>" + _UNIT + r")\s+(?P<n2>" + _NUM + r")\s+(?:тот\s+)?назад"
    r"|(?P<last>позапрошлый|прошлый)\s+(?P<lu>неделя|месяц)"
    # «на той неделе» is the week before this one, as «на прошлой неделе»
    r"|на\s+(?P<that>тот)\s+(?P<tu>неделя)"
    # «уже две недели как отправила»: as long ago as «две недели назад» (not «через неделю, как получу»)
    r"|(?<!через\s)(?:уже\s+(?:(?P<n3>" + _NUM + r")\s+)?|(?P<n4>" + _NUM + r")\s+)(?P<u3>" + _UNIT + r")"
    r"\s+как(?!\s+(?:минимум|максимум))"
    r")\b"
)
_WORD_DAYS: Dict[str, int] = {"сегодня": 0, "вчера": 1, "позавчера": 2}
# Weekday lemmas, Monday = 0 as in datetime.
_WEEKDAYS: Dict[str, int] = {
    "понедельник": 0, "вторник": 1, "среда": 2, "четверг": 3, "пятница": 4, "суббота": 5, "воскресенье": 6,
    "воскресение": 6,  # pymorphy3's lemma of «воскресенье»
}
# «в понедельник», «в прошлую пятницу», «в позапрошлый вторник» (lemmas); «в следующий …» is the future.
_WEEKDAY_RE = re.compile(
    r"\b(?:в|во)\s+(?:(?P<last>позапрошлый|прошлый|этот)\s+)?(?P<day>" + "|".join(_WEEKDAYS) + r")\b"
)
# Half a unit in one word: «полмесяца», «полгода», «полнедели».
_HALF_RE = re.compile(r"^пол-?(?P<unit>[а-я]{3,})$")
# A calendar date said as a birthday, within a few words of it.
_BIRTH_RE = re.compile(r"рожд|родил|\bд\.\s?р\b|\bдр\b")
_BIRTH_WINDOW = 25
_CLAUSE_END_RE = re.compile(r"[,;!?]")


# --------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------


def _make_date(year: int, month: int, day: int) -> Optional[dt.date]:
    """A real calendar date or None (31.02, month 13 …)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_year(year: Optional[str]) -> Optional[int]:
    """«26» → 2026; two-digit years in chat are always this century."""
    if year is None:
        return None
    value = int(year)
    return value + 2000 if len(year) == 2 else value


def _resolve(day: int, month: int, year: Optional[int], today: dt.date) -> Optional[dt.date]:
    """Turn day/month[/year] into a past date.

    With a year the date must exist and not be in the future.  Without one we
    take the latest year that makes it a real date not after ``today``; going
    back up to 8 years lets «29.02» find the last leap year.
    """
    if year is not None:
        date = _make_date(year, month, day)
        return date if date is not None and date <= today else None
    if _make_date(2000, month, day) is None:  # impossible in any year
        return None
    for candidate_year in range(today.year, today.year - 9, -1):
        date = _make_date(candidate_year, month, day)
        if date is not None and date <= today:
            return date
    return None


def _days_ago(days: int, today: dt.date) -> Optional[dt.date]:
    """``today - days`` or None when that falls outside the calendar."""
    try:
        return today - dt.timedelta(days=days)
    except OverflowError:
        return None


# --------------------------------------------------------------------------
# Parsers, each returning the first valid date it finds
# --------------------------------------------------------------------------


def _about_birth(text: str, match: "re.Match[str]") -> bool:
    """«дата рождения 12.03.1985», «родилась 5 мая 1990»: a birthday, not the day a parcel was sent
    (a birth word in the same clause, a few words away)."""
    before = _CLAUSE_END_RE.split(text[max(0, match.start() - _BIRTH_WINDOW):match.start()])[-1]
    after = _CLAUSE_END_RE.split(text[match.end():match.end() + _BIRTH_WINDOW])[0]
    return bool(_BIRTH_RE.search(before) or _BIRTH_RE.search(after))


def _numeric_dates(text: str, today: dt.date) -> Iterator[dt.date]:
    """Dates written only with digits: ISO first, then day.month[.year]."""
    for m in _ISO_RE.finditer(text):
        date = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if date is not None and date <= today and not _about_birth(text, m):
            yield date
    for m in _DOTTED_RE.finditer(text):
        if _QUANTITY_AFTER_RE.match(text, m.end()) or _about_birth(text, m):
            continue
        date = _resolve(int(m.group(1)), int(m.group(3)), _full_year(m.group(4)), today)
        if date is not None:
            yield date


def _named_month_dates(text: str, today: dt.date) -> Iterator[dt.date]:
    """«10 ноября [2026]» and «в начале/середине/конце ноября [2026]»."""
    for m in _DAY_MONTH_RE.finditer(text):
        month = MONTHS.get(m.group(2))
        if month is None or _about_birth(text, m):
            continue
        date = _resolve(int(m.group(1)), month, _full_year(m.group(3)), today)
        if date is not None:
            yield date
    for m in _PART_MONTH_RE.finditer(text):
        month = MONTHS.get(m.group(2))
        part = _MONTH_PARTS.get(lemma(m.group(1)))
        if month is None or part is None:
            continue
        date = _resolve(part, month, _full_year(m.group(3)), today)
        if date is not None:
            yield date


# Words of a relative date a transcript or a hurried typist misspells («ниделю», «мисяц», «в суббату», «вчира»,
# «сигодня»), and the number words said before a unit («шисть дней назад»).
_TYPO_VOCABULARY = ("день", "неделя", "месяц", "прошлый", "позапрошлый", "позавчера", "вчера", "сегодня",
                    *_WEEKDAYS, *_UNITS, *_TEENS, *_TENS)
_TYPO_MIN_LEN = 5


@functools.lru_cache(maxsize=1)
def _vocabulary_forms() -> Dict[str, str]:
    """Every inflected form of the date vocabulary → its lemma (built on first use)."""
    forms: Dict[str, str] = {}
    for word in _TYPO_VOCABULARY:
        for parse in analyzer().parse(word)[:1]:
            for form in parse.lexeme:
                forms.setdefault(form.word.replace("ё", "е"), word)
    return forms


@functools.lru_cache(maxsize=20_000)
def _date_lemma(word: str) -> str:
    """The lemma of a word, a misspelt date word («ниделю») read as the one it is one letter away from."""
    if len(word) >= _TYPO_MIN_LEN and not is_known(word):
        # One vowel as heard names the word first: «вичера» is «вечера», not «вчера» one letter away.
        heard = vowel_variants(word)
        if heard:
            return _vocabulary_forms().get(heard[0]) or lemma(heard[0])
        best = process.extractOne(word, _vocabulary_forms().keys(), scorer=OSA.distance, score_cutoff=1)
        if best is not None:
            return _vocabulary_forms()[best[0]]
    return lemma(word)


def _format_number(value: float) -> str:
    """2.0 → «2», 1.5 → «1.5» (what the _NUM pattern expects)."""
    return str(int(value)) if value == int(value) else str(value)


def _canonical_tokens(text: str) -> List[str]:
    """Tokens for the relative parser: qualifiers, lemmas, numbers as digits.

    Number words become digits so one pattern covers «3 дня» and «трёх дней»;
    a tens word followed by a units word («двадцать пять») is merged into «25».
    """
    tokens: List[str] = []
    previous_tens = False
    for raw in _TOKEN_RE.findall(text):
        if raw[0].isdigit():
            tokens.append(raw.replace(",", "."))
            previous_tens = False
            continue
        half = _HALF_RE.match(raw)
        if half and _date_lemma(half.group("unit")) in _UNIT_DAYS:  # «полмесяца» = 0.5 месяц
            tokens.extend(("0.5", _date_lemma(half.group("unit"))))
            previous_tens = False
            continue
        word = _QUALIFIERS.get(raw) or _date_lemma(raw)
        value = NUMBER_WORDS.get(word)
        if value is None:
            tokens.append(word)
        elif previous_tens and word in _UNITS:
            tokens[-1] = _format_number(float(tokens[-1]) + value)
        else:
            tokens.append(_format_number(value))
        previous_tens = word in _TENS
    return tokens


def _qualified(days: float, qualifier: Optional[str]) -> int:
    """Apply «больше» (+1 day), «меньше» (−1), «почти» (a bit less).

    «почти месяц» must stay under the month (28, not 29, so it is clearly
    "nearly"); a day per fortnight, at least one, gives that and keeps
    «почти неделю» at 6.
    """
    whole = int(days)  # «полторы недели» = 10.5 → 10 days
    if qualifier == "больше":
        return whole + 1
    if qualifier == "меньше":
        return max(whole - 1, 0)
    if qualifier == "почти":
        return max(whole - max(1, whole // 15), 0)
    return whole


def _about_the_future(text: str) -> bool:
    """«заберу в понедельник», «работает ли в субботу»: verbs in the present or future and none in the
    past, so a weekday is not a day gone by."""
    tenses = {p.tag.tense for p in (parses(w)[0] for w in _TOKEN_RE.findall(text) if w.isalpha() and parses(w))
              if p.tag.POS == "VERB"}
    return bool(tenses & {"pres", "futr"}) and "past" not in tenses


def _weekday_days(match: "re.Match[str]", today: dt.date) -> int:
    """Days back to the latest such weekday before today (a week back for today's own weekday)."""
    days = (today.weekday() - _WEEKDAYS[match.group("day")]) % 7 or 7
    return days + 7 if match.group("last") == "позапрошлый" else days


_KAK_WORD_RE = re.compile(r"\bкак\s+([а-я]+)")


def _past_verb_after_kak(text: str) -> bool:
    """«две недели как отправила»: the verb after «как» in the past (so the time counts back to a deed)."""
    return any(found[0].tag.POS == "VERB" and found[0].tag.tense == "past"
               for found in map(parses, _KAK_WORD_RE.findall(text)) if found)


def _relative_dates(text: str, today: dt.date) -> Iterator[dt.date]:
    """«вчера», «3 дня назад», «дней десять назад», «на прошлой неделе», «в понедельник» …"""
    canonical = " ".join(_canonical_tokens(text))
    weekday = _WEEKDAY_RE.search(canonical)
    if weekday and _about_the_future(text):  # the verbs are read only when a weekday is named
        weekday = None
    relative = _RELATIVE_RE.search(canonical)
    if weekday and (relative is None or weekday.start() < relative.start()):
        date = _days_ago(_weekday_days(weekday, today), today)
        if date is not None:
            yield date
    for m in _RELATIVE_RE.finditer(canonical):
        if m.group("u3") and not _past_verb_after_kak(text):
            continue  # «уже полгода как живём»: how long something lasts, not when it was sent
        if m.group("word"):
            days: Optional[int] = _WORD_DAYS[m.group("word")]
        elif m.group("last"):
            times = 2 if m.group("last") == "позапрошлый" else 1
            days = times * _UNIT_DAYS[m.group("lu")]
        elif m.group("that"):
            days = _UNIT_DAYS[m.group("tu")]
        else:
            unit = m.group("u") or m.group("u2") or m.group("u3")
            count = float(m.group("n") or m.group("n2") or m.group("n3") or m.group("n4") or 1)
            days = _qualified(count * _UNIT_DAYS[unit], m.group("q"))
        date = _days_ago(days, today)
        if date is not None:
            yield date


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def parse_past_date(text: str, today: dt.date) -> Optional[dt.date]:
    """The past date a Russian phrase refers to, relative to ``today``.

    None when the text holds no date, an impossible one, or one after
    ``today`` — the bot should then ask again rather than guess.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    norm = normalize(text)
    for parser in (_numeric_dates, _named_month_dates, _relative_dates):
        for date in parser(norm, today):
            return date
    return None


def days_since(text: str, today: dt.date) -> Optional[int]:
    """Whole days from the date in ``text`` to ``today`` (None if no date).

    This is the number the «30 days since sending» rule compares against.
    """
    date = parse_past_date(text, today)
    return None if date is None else (today - date).days
