"""Numbers said in Russian words, as a recogniser writes them, turned into digits: «восемь девятьсот три» → 8 903.

A caller dictates a phone or an order number in groups («восемь, девятьсот три, сто двадцать три, сорок
пять, шестьдесят семь»), digit by digit («ноль ноль один»), or mixes words with the digits the recogniser
wrote («восемь 903 сто двадцать три 45 67»). Each group's value comes from number-parser (its Russian
tables know every case form: «двумя», «четырёх», «девятисот»); what stays here is the part that is about
dictation: where a run of number words starts and ends, that each group is a string of digits to be
concatenated (not a sum), that digits already written stay as written, and where each group sits in the
original text, so that an entity found in the digits can be pointed at in what the caller said. A number word
a transcript misspelt by one letter («шисть», «пятьдисят») is read as the number it is one letter away from,
unless the word is in the dictionary («шерсть», «семья»).

Public functions (stable names, used by bot.russian.phones and bot.russian.order_numbers):
- ``find_spoken_numbers(text)``: the runs of number words with their digit groups and spans;
- ``hundreds_apart(text, number, k)``: another way to hear one group («семьсот сорок четыре» as 700 44);
- ``with_digits(text)``: the text with every run written in digits (groups separated by spaces), and a
  map from positions in that text back to the original;
- ``words_to_digits(text)``: just that text.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Optional, Sequence, Tuple

from number_parser import parse, parse_number
from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["SpokenNumber", "DigitText", "find_spoken_numbers", "hundreds_apart", "with_digits", "words_to_digits",
           "number_word_value"]

_LANGUAGE = "ru"
_WORD_RE = re.compile(r"[а-яёА-ЯЁ]+|\d+")
# Between two tokens of one dictated number: spaces, a comma, a dash («ноль-ноль-один»).
_JOINER_RE = re.compile(r"^[\s,\-–—]{1,3}$")
# Said instead of the standard word, or left out of number-parser's tables.
_SYNONYMS = {"нуль": "ноль", "нуля": "ноль", "нолик": "ноль", "нулик": "ноль"}
# Forms number-parser reads as numbers that in a caller's words are nearly always something else:
# «всей семью» (family), «сорока» (magpie), «одни» (alone), «одним словом».
_NOT_NUMBERS = frozenset({"семью", "сорока", "одни", "одним", "одними", "одних"})
_WHOLE_DIGITS = 6
# The words of a dictated number as said, for reading a misspelt one; and the shortest word worth correcting.
_DICTATED_WORDS = tuple(
    "ноль один одна два две три четыре пять шесть семь восемь девять десять одиннадцать двенадцать тринадцать "
    "четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать двадцать тридцать сорок "
    "пятьдесят шестьдесят семьдесят восемьдесят девяносто сто двести триста четыреста пятьсот шестьсот "
    "семьсот восемьсот девятьсот тысяча тысячи тысяч".split()
)
_TYPO_MIN_LEN = 4
_PLUS_RE = re.compile(r"(?:^|(?<![а-яёa-z]))(плюс)\s+$", re.I)

Span = Tuple[int, int]


@dataclass(frozen=True)
class SpokenNumber:
    """One dictated number: its span in the text, its digit groups as said and each group's span."""

    start: int
    end: int
    groups: Tuple[str, ...]
    spans: Tuple[Span, ...]
    plus: bool = False  # «плюс семь …»: the run starts with «плюс» (included in start)

    @property
    def digits(self) -> str:
        """The groups concatenated: «сто, ноль ноль, тридцать семь» → "1000037"."""
        return "".join(self.groups)


@lru_cache(maxsize=4096)
def number_word_value(word: str) -> Optional[int]:
    """The value of one number word in any case form («девятисот» → 900), else None."""
    word = _normalised(word)
    if word in _NOT_NUMBERS or not word.isalpha():
        return None
    value = parse_number(word, language=_LANGUAGE)
    return value if isinstance(value, int) else None


def _normalised(word: str) -> str:
    word = word.lower().replace("ё", "е")
    return _SYNONYMS.get(word) or _misheard(word) or word


@lru_cache(maxsize=4096)
def _misheard(word: str) -> Optional[str]:
    """The number word a transcript misspelt by one letter («шисть», «симьдесят», «пятьдисят»), for a word
    that is neither a number nor in the dictionary («шерсть», «семья» are words of their own)."""
    if len(word) < _TYPO_MIN_LEN or not word.isalpha():
        return None
    best = process.extractOne(word, _DICTATED_WORDS, scorer=OSA.distance, score_cutoff=1)
    if best is None or best[0] == word:
        return None
    from bot.russian.morphology import is_known  # pymorphy3 only for a word one letter from a number word

    return None if is_known(word) else best[0]  # every form of a number word is a dictionary word


@lru_cache(maxsize=4096)
def _word_groups(words: Tuple[str, ...]) -> Tuple[str, ...]:
    """Number words → the groups a listener hears: «восемь девятьсот три сто» → ("8", "903", "100")."""
    return tuple(parse(" ".join(words), language=_LANGUAGE).split())


def _align(words: Sequence[str], spans: Sequence[Span]) -> Tuple[List[str], List[Span]]:
    """Each group of the word run with the span of the words it was built from (the shortest prefix of
    the remaining words that parses to exactly that group: no Russian number word adds nothing)."""
    groups = _word_groups(tuple(words))
    out_groups: List[str] = []
    out_spans: List[Span] = []
    i = 0
    for group in groups:
        j = i + 1
        while j <= len(words) and _word_groups(tuple(words[i:j])) != (group,):
            j += 1
        if j > len(words) or not group.isdigit():  # number-parser disagreeing with itself: keep what is safe
            break
        out_groups.append(group)
        out_spans.append((spans[i][0], spans[j - 1][1]))
        i = j
    return out_groups, out_spans


def _runs(text: str) -> List[List["re.Match[str]"]]:
    """Maximal runs of number tokens (words or digit strings) joined by spaces, commas or dashes."""
    runs: List[List[re.Match[str]]] = []
    current: List[re.Match[str]] = []
    for token in _WORD_RE.finditer(text):
        # A written number of 6 digits or more (an order number, a ШПИ) is whole: nothing said beside it is
        # glued to it («заказ 1000037 два товара» is not order 10000372).
        whole = token.group().isdigit() and len(token.group()) >= _WHOLE_DIGITS
        is_number = not whole and (token.group().isdigit() or number_word_value(token.group()) is not None)
        glued = bool(current) and bool(_JOINER_RE.match(text[current[-1].end():token.start()]))
        if is_number and (glued or not current):
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = [token] if is_number else []
    if current:
        runs.append(current)
    return runs


@lru_cache(maxsize=256)
def find_spoken_numbers(text: str, each_word: bool = False) -> Tuple[SpokenNumber, ...]:
    """Runs of number words (digits may be mixed in), left to right; runs of digits alone are not listed.
    Cached: the phone and the order-number finders both read the same message through it. With ``each_word``
    every word is a group of its own: «сто двадцать ноль три» → 100 20 0 3, the other way to hear it
    (a 7-digit number read 3-2-2 as «100 20 03»), for a finder the usual reading leaves short."""
    if not isinstance(text, str) or not text:
        return ()
    found: List[SpokenNumber] = []
    for run in _runs(text):
        if all(t.group().isdigit() for t in run):
            continue  # written digits: the finders read them as they are
        groups: List[str] = []
        spans: List[Span] = []
        words: List[str] = []
        word_spans: List[Span] = []

        def flush() -> None:
            if words:
                if each_word:
                    g = [str(number_word_value(w)) for w in words]
                    s = list(word_spans)
                else:
                    g, s = _align(words, word_spans)
                groups.extend(g)
                spans.extend(s)
                words.clear()
                word_spans.clear()

        for token in run:
            if token.group().isdigit():  # number-parser misreads digits ("8 903" → "8 9"): they stay as written
                flush()
                groups.append(token.group())
                spans.append((token.start(), token.end()))
            elif number_word_value(token.group()) == 0:  # a zero is always a digit of its own: number-parser
                flush()                                  # folds «сто ноль» into 100, losing the digit
                groups.append("0")
                spans.append((token.start(), token.end()))
            else:
                words.append(_normalised(token.group()))
                word_spans.append((token.start(), token.end()))
        flush()
        if not groups:
            continue
        start = spans[0][0]
        plus = _PLUS_RE.search(text[:start])
        if plus:
            start = plus.start(1)
        found.append(SpokenNumber(start, spans[-1][1], tuple(groups), tuple(spans), plus=bool(plus)))
    return tuple(found)


@dataclass(frozen=True)
class DigitText:
    """A text with its dictated numbers in digits, and the way back to the original positions."""

    original: str
    text: str
    # (start and end in text, start and end in the original) of each rewritten piece, in order
    _anchors: Tuple[Tuple[int, int, int, int], ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_original(self, start: int, end: int) -> Span:
        """A span of ``text`` as a span of the original: a group rewritten maps to the words it came from."""
        return self._position(start, is_end=False), self._position(end, is_end=True)

    def _position(self, pos: int, is_end: bool) -> int:
        # Anchors: (new_start, new_end, old_start, old_end) of each rewritten piece, in order. A start lies in
        # the piece with new_start <= pos < new_end, an end in the one with new_start < pos <= new_end.
        starts = [a[0] for a in self._anchors]
        k = (bisect_left(starts, pos) if is_end else bisect_right(starts, pos)) - 1
        if k < 0:
            return pos
        new_start, new_end, old_start, old_end = self._anchors[k]
        if pos < new_end or (is_end and pos == new_end):
            return old_end if is_end else old_start
        return old_end + (pos - new_end)


def hundreds_apart(text: str, number: SpokenNumber, k: int) -> Optional[SpokenNumber]:
    """The number with its group ``k`` heard as two: «семьсот сорок четыре» as 700 44, not 744 (a caller
    dictating 700 44 says the same words); None unless the group is a hundreds word and two-digit tens."""
    group = number.groups[k]
    if len(group) != 3 or group[0] == "0" or int(group[1:]) < 10:
        return None
    g_start, g_end = number.spans[k]
    words = list(_WORD_RE.finditer(text, g_start, g_end))
    if len(words) < 2 or number_word_value(words[0].group()) != int(group[0]) * 100:
        return None
    groups = number.groups[:k] + (group[0] + "00", group[1:]) + number.groups[k + 1:]
    spans = number.spans[:k] + ((g_start, words[0].end()), (words[1].start(), g_end)) + number.spans[k + 1:]
    return SpokenNumber(number.start, number.end, groups, spans, number.plus)


def with_digits(text: str, joiner: str = " ", each_word: bool = False,
                numbers: Optional[Sequence[SpokenNumber]] = None) -> DigitText:
    """The text with each dictated number written as its digit groups separated by ``joiner`` («плюс» as "+"):
    «мой номер восемь девятьсот три сто двадцать три сорок пять шестьдесят семь» →
    "мой номер 8 903 123 45 67" (a phone finder wants the grouping), with joiner "" → "мой номер 89031234567"
    (one number, as an order number is looked for). ``numbers``: a reading of the dictated numbers other
    than the usual one (see ``hundreds_apart``)."""
    if numbers is None:
        numbers = find_spoken_numbers(text, each_word) if isinstance(text, str) else ()
    if not numbers:
        return DigitText(text, text)
    pieces: List[str] = []
    anchors: List[Tuple[int, int, int, int]] = []
    length = 0
    last = 0

    def emit(old_start: int, old_end: int, new: str) -> None:
        nonlocal length
        anchors.append((length, length + len(new), old_start, old_end))
        pieces.append(new)
        length += len(new)

    for number in numbers:
        gap = text[last:number.start]
        pieces.append(gap)
        length += len(gap)
        if number.plus:
            emit(number.start, number.spans[0][0], "+")
        for k, (group, (g_start, g_end)) in enumerate(zip(number.groups, number.spans)):
            if k and joiner:
                emit(number.spans[k - 1][1], g_start, joiner)
            emit(g_start, g_end, group)
        last = number.end
    pieces.append(text[last:])
    return DigitText(text, "".join(pieces), tuple(anchors))


def words_to_digits(text: str) -> str:
    """Dictated numbers in digits: «восемь девятьсот три ноль ноль один» → "8 903 0 0 1"."""
    return with_digits(text).text
