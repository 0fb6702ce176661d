"""Settlement names: a canonical key ("в Нижнем Новгороде" → "нижний новгород"),
fuzzy comparison with the stored city and search in free text.

pymorphy3 knows most Russian cities (grammeme Geox) incl. hyphenated ones
("ростове-на-дону" → "ростов-на-дону").  Multi-word names need adjective
agreement with the head noun, which we restore with ``inflect``:
"Великих Луках" → "великие луки", "Нижней Туре" → "нижняя тура".  In free text a multi-word name whose
words are also common ones («Минеральные Воды», «Великих Луках») is taken from a list of such towns, a
hyphenated name written without its hyphens («из ростова на дону», as a transcript writes it) is joined back,
and a place name that is more often a common word («Орёл») is a city when it is the whole message. A street's
name («на улице Чкалова», «ул. Ленина») is no town; a town named by an adjective («в Чусовом») is one.
"""
from __future__ import annotations

import functools
import itertools
import re
from typing import Dict, List, Optional, Sequence, Tuple

from pymorphy3.analyzer import Parse
from rapidfuzz.distance import OSA

from bot.russian import morphology
from bot.russian.spelling import reduced_variants, respelt, spellings_by_ear, vowel_variants
from bot.russian.spans import Match

__all__ = ["Match", "city_key", "city_matches", "find_city", "street_spans"]

# Colloquial names and abbreviations → canonical key.
ALIASES = {
    "спб": "санкт-петербург",
    "питер": "санкт-петербург",
    "петербург": "санкт-петербург",
    "санкт петербург": "санкт-петербург",
    "с-пб": "санкт-петербург",
    "с.-петербург": "санкт-петербург",
    "ленинград": "санкт-петербург",
    "мск": "москва",
    "екб": "екатеринбург",
    "екат": "екатеринбург",
    "екатеринбурх": "екатеринбург",
    "нск": "новосибирск",
    "новосиб": "новосибирск",
    "н новгород": "нижний новгород",
    "н. новгород": "нижний новгород",
    "нижний": "нижний новгород",
    "ростов на дону": "ростов-на-дону",
    "кёниг": "калининград",
    "кениг": "калининград",
}
# Settlement-type markers ("г.", "пос.", …) that are not part of the name.
_MARKERS = frozenset(
    "г гор город городе города пос поселок поселке поселка п пгт рп с село селе "
    "д дер деревня деревне ст станица станице мкр нп".split()
)
_TEXT_MARKERS = frozenset("город городе города поселок поселке поселка пгт село селе деревня деревне станица станице".split())
_TEXT_ABBR_MARKERS = frozenset("г гор пос п рп с д дер ст".split())
# Only unambiguous abbreviations are taken from free text ("нижний" is not).
_TEXT_ALIASES = frozenset("спб питер мск екб нск новосиб".split())
# Geox in the dictionary, but not a delivery city here ("номер ПИМ", "колл-центр").
_NOT_CITIES = frozenset("россия рф казахстан беларусь белоруссия украина европа сибирь урал пим колл".split())
_REGION_WORDS = frozenset("область обл край район р-н республика округ".split())
# Adjectives that start city names even when typed lower-case.
_CITY_ADJECTIVES = frozenset(
    "нижний верхний великий старый новый малый большой набережный минеральный "
    "красный белый сергиев павловский вышний".split()
)
# Prepositions in front of a place ("в Москве", "из Твери", "до Казани").
_PREPOSITIONS = frozenset("в во из до по".split())
_TOKEN_RE = re.compile(r"[а-яa-z0-9]+(?:-[а-яa-z0-9]+)*\.?")
_GLUED_DOT_RE = re.compile(r"\.(?=[а-яa-z])")  # "г.москва" → "г. москва"
_GAP_RE = re.compile(r"\.?\s*$")  # marker and name are adjacent: "г. Тула", "пос Бор"
_MIN_GEOX_SCORE_AFTER_PREP = 0.1
# Towns of two words that are both common words: the dictionary has no Geox reading for the pair.
_MULTI_WORD_CITIES = frozenset({
    "нижний новгород", "великий новгород", "нижний тагил", "старый оскол", "новый оскол", "великие луки",
    "минеральные воды", "набережные челны", "сергиев посад", "павловский посад", "гаврилов посад",
    "мариинский посад", "вышний волочек", "горячий ключ", "белая калитва", "красный сулин", "советская гавань",
    "новый уренгой", "старая русса", "лодейное поле", "большой камень", "красное село", "нижняя тура",
    "верхняя тура", "верхняя пышма", "верхняя салда", "нижняя салда", "верхний уфалей", "нижний ломов",
    "сосновый бор", "новая ладога", "великий устюг", "красная поляна", "белая холуница", "петров вал",
    "красный кут", "красный холм", "полярные зори", "новая усмань", "новая ляля", "нижние серги",
    "старый крым", "красные баки",
})
# The stems those towns' words start with in every case form: a cheap test before lemmatising a pair.
_MULTI_WORD_STEMS = (frozenset(c.split()[0][:3] for c in _MULTI_WORD_CITIES),
                     frozenset(c.split()[1][:3] for c in _MULTI_WORD_CITIES))
# The joints of a hyphenated name said or typed apart: «ростова на дону», «улан удэ».
_SPACES_OR_HYPHENS_RE = re.compile(r"[ \t\-]+")
_SPACES_RE = re.compile(r"[ \t]+")
_TYPO_MIN_LEN = 6
# The second word of a «Town-Adjective» name (Каменск-Уральский, Переславль-Залесский) is an adjective made
# from a place name; said apart from the town, only such an adjective joins it («в москве новой» is no town).
_PLACE_ADJECTIVE_ENDINGS = ("ский", "цкий")
_PLACE_ADJECTIVE_RE = re.compile(r"[сц]к")  # a cheap test before reading the pair


def _strip_markers(words: List[str]) -> List[str]:
    """Drop leading prepositions/markers and trailing markers ("Москва г.")."""
    while words and (words[0].rstrip(".") in _MARKERS or words[0] in _PREPOSITIONS):
        words = words[1:]
    while len(words) > 1 and words[-1].rstrip(".") in _MARKERS:
        words = words[:-1]
    return words


def _geox(p: Parse) -> bool:
    return "Geox" in p.tag


def _agrees(adj: Parse, noun: Parse) -> bool:
    """Case/number (and gender in the singular) agreement of ADJF with NOUN."""
    if adj.tag.case != noun.tag.case and not {adj.tag.case, noun.tag.case} <= {"loct", "loc2"}:
        return False
    if adj.tag.number != noun.tag.number:
        return False
    if noun.tag.number == "sing" and noun.tag.gender in ("masc", "femn", "neut"):
        return adj.tag.gender == noun.tag.gender
    return True


def _noun_parses(word: str) -> List[Parse]:
    """Noun readings, place names first, then by score."""
    found = [p for p in morphology.parses(word) if p.tag.POS == "NOUN"]
    return sorted(found, key=lambda p: (not _geox(p), -p.score))


def _nominative(p: Parse, number: Optional[str], gender: Optional[str] = None) -> str:
    """Nominative of a parse keeping number (plural towns: "луки", "химки")."""
    grammemes = {"nomn"}
    if number:
        grammemes.add(number)
    if number == "sing" and gender in ("masc", "femn", "neut") and p.tag.POS == "ADJF":
        grammemes.add(gender)
    inflected = p.inflect(grammemes)
    return inflected.word if inflected is not None else p.normal_form


def _lemmatize_plain(word: str) -> str:
    """One non-head word: prefer a reading in which it is already nominative."""
    found = morphology.parses(word)
    if not found:
        return word
    for p in found:
        if p.tag.case == "nomn":
            return p.word
    return found[0].normal_form


def _lemmatize_phrase(words: Sequence[str]) -> List[str]:
    """Nominative of a place phrase: head noun + agreeing adjectives."""
    if len(words) == 1:
        nouns = _noun_parses(words[0])
        if nouns and (_geox(nouns[0]) or "Pltm" in nouns[0].tag):
            return [nouns[0].normal_form]
        return [_lemmatize_plain(words[0])]
    # Head: a noun-first word with a Geox reading, else the last noun-first word
    # ("Великих" has a rare Geox reading but is an adjective here).
    nounish = [i for i, w in enumerate(words) if morphology.parses(w)[0].tag.POS != "ADJF"]
    geox = [i for i in nounish if any(_geox(p) for p in _noun_parses(words[i]))]
    head_i = geox[-1] if geox else (nounish[-1] if nounish else len(words) - 1)
    adj_parses = {
        i: [p for p in morphology.parses(w) if p.tag.POS == "ADJF"]
        for i, w in enumerate(words)
        if i != head_i
    }
    head_readings = _noun_parses(words[head_i]) or list(morphology.parses(words[head_i]))[:1]
    if not head_readings:
        return [_lemmatize_plain(w) for w in words]
    # First reading of the head every adjective agrees with; else the best one.
    best: Optional[Tuple[Parse, Dict[int, Parse]]] = None
    for noun in head_readings:
        chosen = {}
        for i, cands in adj_parses.items():
            agreeing = [p for p in cands if _agrees(p, noun)]
            if agreeing:
                chosen[i] = agreeing[0]
        if best is None or len(chosen) > len(best[1]):
            best = (noun, chosen)
        if len(chosen) == len(adj_parses):
            break
    noun, chosen = best
    number = noun.tag.number
    out = []
    for i, w in enumerate(words):
        if i == head_i:
            keep_plural = number == "plur" and (chosen or "Pltm" in noun.tag)
            out.append(_nominative(noun, "plur") if keep_plural else noun.normal_form)
        elif i in chosen:
            out.append(_nominative(chosen[i], number, noun.tag.gender))
        else:
            out.append(_lemmatize_plain(w))
    return out


@functools.lru_cache(maxsize=20_000)
def city_key(text: str) -> str:
    """Canonical lower-case nominative city name ("в Москве" → "москва")."""
    if not isinstance(text, str):
        return ""
    norm = _GLUED_DOT_RE.sub(". ", morphology.normalize(text))
    words = _strip_markers(_TOKEN_RE.findall(norm))
    if not words:
        return norm
    joined = " ".join(words)
    if joined in ALIASES:
        return ALIASES[joined]
    words = [w.rstrip(".") for w in words]
    if not all(morphology.is_cyrillic_word(w) for w in words):
        return ALIASES.get(joined, joined)
    key = morphology.yo(" ".join(_lemmatize_phrase(words)))
    return ALIASES.get(key, key)


def city_matches(said: str, stored: str) -> bool:
    """Same settlement modulo case, prefixes, aliases and one typo (long names)."""
    if not isinstance(said, str) or not isinstance(stored, str):
        return False
    a, b = city_key(said), city_key(stored)
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) >= _TYPO_MIN_LEN and OSA.distance(a, b, score_cutoff=1) <= 1:
        return True
    # Free text ("живу в Нижнем Новгороде"): compare the city found in it.
    found = find_city(said)
    return found is not None and found.value != a and city_matches(found.value, stored)


def _geox_score(word: str) -> float:
    return sum(p.score for p in morphology.parses(word) if _geox(p))


def _is_adjective(word: str) -> bool:
    return any(p.tag.POS == "ADJF" for p in morphology.parses(word))


def _is_marker(text: str, word: str, end: int) -> bool:
    """"город"/"пгт" anywhere; short abbreviations ("г.", "пос.", "д.") need the
    dot, otherwise "с" and "д" would be the preposition/"дом"."""
    if word in _TEXT_MARKERS:
        return True
    return word in _TEXT_ABBR_MARKERS and (word == "г" or text[end:end + 1] == ".")


def _before_region_word(tokens: Sequence[Tuple[int, int, str, bool]], i: int) -> bool:
    """"Московской области", "Пермского края": a region, not a settlement."""
    return i + 1 < len(tokens) and morphology.lemma(tokens[i + 1][2]) in _REGION_WORDS


def _adjacent(text: str, tokens: Sequence[Tuple[int, int, str, bool]], i: int, n: int, gap: "re.Pattern[str]") -> bool:
    return i + n <= len(tokens) and all(
        gap.fullmatch(text, tokens[k][1], tokens[k + 1][0]) is not None for k in range(i, i + n - 1)
    )


def _hyphenated_city(text: str, tokens: Sequence[Tuple[int, int, str, bool]], i: int) -> Optional[Match]:
    """«ростова на дону», «улан удэ», «петропавловск камчатский»: the words joined by hyphens make a place."""
    for n in (3, 2):
        if not _adjacent(text, tokens, i, n, _SPACES_OR_HYPHENS_RE):
            continue
        joined = "-".join(t[2] for t in tokens[i:i + n])
        if not morphology.is_cyrillic_word(joined):
            continue
        # The first and the last word said by ear: «гусь хрустальнам», «комсомольски на амури» (the first is
        # a word of its own, the adverb «по-комсомольски»: only the joined name tells).
        first, last = tokens[i][2], tokens[i + n - 1][2]
        middle = joined[len(first):len(joined) - len(last)]
        spellings = [f + middle + t for f in spellings_by_ear(first) for t in (last,) + reduced_variants(last)]
        for spelt in (s for s in spellings if morphology.is_known(s)):
            top = morphology.parses(spelt)[0]
            if top.tag.POS == "NOUN" and _geox(top):
                return Match(tokens[i][0], tokens[i + n - 1][1], city_key(spelt))
    return None


def _multi_word_city(text: str, tokens: Sequence[Tuple[int, int, str, bool]], i: int) -> Optional[Match]:
    """«в Великих Луках», «Минеральные Воды»: an adjective and a noun that name a town of the list, written
    with a capital, after «в/из/г.», as the whole answer, or with a noun that is a place itself («нижний
    тагил»); «минеральные воды в наличии?» is about water."""
    if i + 1 >= len(tokens) or tokens[i][2][:3] not in _MULTI_WORD_STEMS[0] or tokens[i + 1][2][:3] not in _MULTI_WORD_STEMS[1]:
        return None
    if not _adjacent(text, tokens, i, 2, _SPACES_RE):
        return None
    # The adjective as written, or as it was meant when spelt by ear («в старам осколе», «набирежных челнах»).
    adjective = next((w for w in reduced_variants(tokens[i][2]) + (tokens[i][2],) if _is_adjective(w)), None)
    if adjective is None:
        return None
    start, end = tokens[i][0], tokens[i + 1][1]
    key = city_key(f"{adjective} {tokens[i + 1][2]}")
    if key not in _MULTI_WORD_CITIES:
        return None
    prev = tokens[i - 1] if i > 0 else None
    announced = prev is not None and (prev[2] in _PREPOSITIONS or _is_marker(text, prev[2], prev[1]))
    whole_answer = len(tokens) == 2
    if tokens[i][3] or tokens[i + 1][3] or announced or whole_answer or _geox_score(tokens[i + 1][2]) > 0:
        return Match(start, end, key)
    return None


def _hyphenated_adjective_city(word: str, place_adjective_only: bool = False) -> Optional[str]:
    """«каменске-уральском» → «каменск-уральский»: a town and an adjective agreeing with it, a name the
    dictionary lacks in some forms; the adjective may be spelt by ear («уральскам»). With
    ``place_adjective_only`` only an adjective made from a place name joins. None for anything else."""
    if morphology.is_known(word) or word.count("-") != 1:
        return None
    head, tail = word.split("-")
    # The town in any of its readings, also one vowel from the one the by-ear pass chose («каменски»).
    towns = [p for spelt in (head,) + vowel_variants(head) if morphology.is_known(spelt)
             for p in _noun_parses(spelt) if _geox(p)]
    for town, spelt in itertools.product(towns, spellings_by_ear(tail)):
        for adj in morphology.parses(spelt):
            if adj.tag.POS != "ADJF" or not _agrees(adj, town):
                continue
            if place_adjective_only and not morphology.yo(adj.normal_form).endswith(_PLACE_ADJECTIVE_ENDINGS):
                continue
            return f"{town.normal_form}-{_nominative(adj, 'sing', town.tag.gender)}".replace("ё", "е")
    return None


def _spaced_adjective_city(text: str, tokens: Sequence[Tuple[int, int, str, bool]], i: int) -> Optional[Match]:
    """«в каменске уральском»: a «Town-Adjective» name said without its hyphen, as a transcript writes it."""
    if "-" in tokens[i][2] or not _adjacent(text, tokens, i, 2, _SPACES_RE) or "-" in tokens[i + 1][2]:
        return None
    if not _PLACE_ADJECTIVE_RE.search(tokens[i + 1][2]) or _before_region_word(tokens, i + 1):
        return None  # «Горки Ленинградской области»: the town, then its region
    compound = _hyphenated_adjective_city(f"{tokens[i][2]}-{tokens[i + 1][2]}", place_adjective_only=True)
    return Match(tokens[i][0], tokens[i + 1][1], compound) if compound else None


@functools.lru_cache(maxsize=20_000)
def _adjectival_town(word: str) -> bool:
    """«в Чусовом», «из Чусового»: a town named by an adjective (Чусовой), which the dictionary reads as that
    adjective first; its place-name adjective and place-name noun readings share the case. «в Кировском»
    (Кировск in the instrumental only) and «в Красном» (no place-name adjective) are not."""
    if not morphology.is_known(word):
        return False
    found = morphology.parses(word)
    adjective_cases = {p.tag.case for p in found if p.tag.POS == "ADJF" and _geox(p)}
    return any(p.tag.POS == "NOUN" and _geox(p) and p.tag.case in adjective_cases for p in found)


def _whole_message_city(text: str, tokens: Sequence[Tuple[int, int, str, bool]]) -> Optional[Match]:
    """«Орёл», «Находка» as the whole answer: a place, though the word is more often a common noun."""
    words = [t for t in tokens if t[2] not in _PREPOSITIONS and t[2].rstrip(".") not in _MARKERS]
    if len(words) != 1 or re.search(r"\d", text):
        return None
    start, end, word, _ = words[0]
    if not morphology.is_cyrillic_word(word) or not morphology.is_known(word) or morphology.lemma(word) in _NOT_CITIES:
        return None
    if morphology.parses(word)[0].tag.POS == "NOUN" and _geox_score(word) >= _MIN_GEOX_SCORE_AFTER_PREP:
        return Match(start, end, city_key(text[start:end]))
    return None


# What names a street: «улица/ул.», «проспект», «переулок»… (the words after it are the street's name, not a
# town or a person: «на улице Чкалова», «ул. Ленина»). Short abbreviations only with their dot.
_STREET_WORDS = frozenset("улица проспект переулок бульвар шоссе площадь проезд аллея тупик набережная микрорайон".split())
_STREET_ABBREVIATIONS = frozenset("ул пр-т пр-кт б-р пр-д мкр".split())
_STREET_DOTTED_ABBREVIATIONS = frozenset("пр просп пер бул ш пл наб".split())
_STREET_NAME_WORDS = 3
_STREET_NAME_GAP_RE = re.compile(r"[ \t]+|\.[ \t]*")


def _street_marker(text: str, word: str, end: int) -> bool:
    if word in _STREET_ABBREVIATIONS or (word in _STREET_DOTTED_ABBREVIATIONS and text[end:end + 1] == "."):
        return True
    return len(word) >= 5 and any(p.tag.POS == "NOUN" and p.normal_form in _STREET_WORDS for p in morphology.parses(word))


def _street_name_word(word: str) -> bool:
    """A word that can be part of a street's name: a noun in the genitive («Ленина», «Маршала»), an adjective
    («Советская»), or a word the dictionary lacks; not a verb, a short adjective or a preposition («закрыт», «в»)."""
    if len(word) < 2 or not morphology.is_cyrillic_word(word):
        return False
    if not morphology.is_known(word):
        return True
    return any((p.tag.POS == "NOUN" and p.tag.case == "gent") or p.tag.POS == "ADJF" for p in morphology.parses(word))


def street_spans(text: str) -> List[Tuple[int, int]]:
    """Spans of the street names in free text: up to three words right after a street word («на улице Чкалова
    закрыт» → «Чкалова», «ул. Маршала Жукова 15» → «Маршала Жукова»)."""
    if not isinstance(text, str) or not text:
        return []
    words = [(s, e, morphology.yo(w.lower())) for s, e, w in morphology.iter_words(text)]
    spans: List[Tuple[int, int]] = []
    for i, (start, end, word) in enumerate(words):
        if not _street_marker(text, word, end):
            continue
        last = None
        for j in range(i + 1, min(i + 1 + _STREET_NAME_WORDS, len(words))):
            gap_from = words[j - 1][1]
            if not _STREET_NAME_GAP_RE.fullmatch(text, gap_from, words[j][0]) or not _street_name_word(words[j][2]):
                break
            last = j
        if last is not None:
            spans.append((words[i + 1][0], words[last][1]))
    return spans


def find_city(text: str, outside: Sequence[Tuple[int, int]] = ()) -> Optional[Match]:
    """First settlement mentioned in free text; value = ``city_key`` of it. A place name spelt by ear
    («в навосибирске», «в саратаве») is read as the place it is one vowel away from. Words inside the
    ``outside`` spans are not places (a person's surname: «на Ершову Светлану» is not the town Ершов)."""
    if not isinstance(text, str) or not text:
        return None
    text = respelt(text, lambda word: _geox_score(word) > 0)
    outside = [*outside, *street_spans(text)]
    tokens: List[Tuple[int, int, str, bool]] = [
        (s, e, morphology.yo(w.lower()), w[:1].isupper()) for s, e, w in morphology.iter_words(text)
        if not any(a < e and s < b for a, b in outside)
    ]
    for i, (start, end, word, _) in enumerate(tokens):
        if not morphology.is_cyrillic_word(word) or morphology.lemma(word) in _NOT_CITIES:
            continue
        compound = _hyphenated_adjective_city(word)
        if compound is not None:
            return Match(start, end, compound)
        spaced = _spaced_adjective_city(text, tokens, i)
        if spaced is not None:
            return spaced
        if word in _TEXT_ALIASES:
            return Match(start, end, ALIASES[word])
        joined = _hyphenated_city(text, tokens, i) or _multi_word_city(text, tokens, i)
        if joined is not None:
            return joined
        prev = tokens[i - 1] if i > 0 else None
        after_marker = (
            prev is not None
            and _is_marker(text, prev[2], prev[1])
            and _GAP_RE.match(text, prev[1], start) is not None
        )
        if after_marker and not _is_marker(text, word, end) and len(word) > 1:  # «1965 г.р.» is a year of birth
            # "пос. Красный Бор": up to two adjectives, then one noun.
            j = i
            while j < len(tokens) - 1 and j - i < 2 and _is_adjective(tokens[j][2]):
                j += 1
            head = tokens[j]
            # "г."/"пос."/"пгт" announce a name; "в деревне почта" only a generic place.
            explicit = prev[2] not in _TEXT_MARKERS or prev[2] == "пгт" or head[3] or _geox_score(head[2]) > 0
            if explicit and not _before_region_word(tokens, j):
                return Match(start, head[1], city_key(text[start:head[1]]))
            continue
        after_prep = after_marker or (prev is not None and prev[2] in _PREPOSITIONS)
        # Suffix guesses ("ааааа"), adjectives ("Тверской области", "красной
        # площади") and interjections ("мерси") carry spurious Geox readings:
        # take a word whose likeliest reading is a place, or a place noun after
        # "в/из/до/г.".
        top = morphology.parses(word)[0]
        if after_prep and _adjectival_town(word) and not _before_region_word(tokens, i):
            return Match(start, end, city_key(text[start:end]))
        if not morphology.is_known(word) or top.tag.POS != "NOUN" or _before_region_word(tokens, i):
            continue
        if _geox(top) or (after_prep and _geox_score(word) >= _MIN_GEOX_SCORE_AFTER_PREP):
            # Extend left over name-like adjectives ("Нижнем Новгороде").
            k = i
            while k > 0 and _is_adjective(tokens[k - 1][2]) and (
                tokens[k - 1][3] or morphology.lemma(tokens[k - 1][2]) in _CITY_ADJECTIVES
            ):
                k -= 1
            span_start = tokens[k][0]
            return Match(span_start, end, city_key(text[span_start:end]))
    return _whole_message_city(text, tokens)
