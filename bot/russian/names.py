"""Person names (ФИО): keys that ignore case/gender inflection, span search,
and checking what a caller said against the stored customer name.

pymorphy3 tags first names, surnames and patronymics (Name/Surn/Patr) and its
normal forms already merge case and gender ("Ивановой" → "иванов",
"Петровны" → "петрович").  Besides 2–3 adjacent name words, a ФИО is read from labelled parts
(«фамилия Орлов, имя Виктор») and keeps a misspelt surname next to a first name and patronymic
(«смирнва анна петровна»); a surname said alone («я Петрова», «фамилия у меня Кузнецова») is found by
``find_surname``, apart, because it does not identify anyone. A street's name («ул. Ленина») names no one.  Caveats handled here:
* unknown surnames get suffix-guessed parses where a bogus Name parse can
  outscore the Surn one ("Пупкиной" → Name "пупкиной"), so for words outside
  the dictionary we trust Surn first;
* some surnames are also adjectives ("Белых" → "белый"): person parses win;
* first names are ambiguous between genders/cases ("Александра" is
  Александр.gent or Александра.nomn), so first-name keys are gender-neutral
  stems and matching also compares *sets* of candidate normal forms.
"""
from __future__ import annotations

import functools
import itertools
import re
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

from rapidfuzz.distance import OSA

from bot.russian import morphology
from bot.russian.places import street_spans
from bot.russian.spelling import by_ear_variants, heard_alike, reduced_variants, respelt, vowel_variants
from bot.russian.spans import Match

__all__ = ["Match", "name_key", "find_person", "find_surname", "person_matches"]

NAME, SURN, PATR = "Name", "Surn", "Patr"
_ROLES = (NAME, SURN, PATR)
# Function words pymorphy3 also knows as rare names ("Ли", "Ян"…): never a name.
_NON_NAME_POS = frozenset({"CONJ", "PRCL", "PREP", "NPRO", "PRED", "INTJ", "ADVB", "VERB", "INFN"})
_MIN_ROLE_SCORE = 0.02
_TYPO_MIN_LEN = 5
_MAX_WORDS = 200  # person_matches: bound the work on pathological input
# «фамилия Орлов», «имя: Виктор», «отчество — Петрович», «фамилия у меня Орлова»: the word after a label fills
# that slot.
_LABELS = {"фамилия": SURN, "фамилию": SURN, "фамилии": SURN, "имя": NAME, "отчество": PATR}
_LABELLED_RE = re.compile(
    r"(?<![а-яё])(?P<label>" + "|".join(_LABELS) + r")(?:\s+у\s+меня)?\s*[:\-–—]?\s*(?P<word>[а-яё]+(?:-[а-яё]+)?)",
    re.I,
)
# «на имя Морозова Дмитрия»: «имя» here announces the whole ФИО, found as adjacent words.
_NOT_A_LABEL_BEFORE_RE = re.compile(r"(?<![а-яё])на\s+$", re.I)
# Words that introduce a surname said alone: «я Петрова», «это Иванов», «получатель Смирнова».
_SELF_INTRODUCTION = frozenset("я это получатель получательница".split())
_CLAUSE_RE = re.compile(r"[^,.;:!?()\n]+")
_DIGITS_RE = re.compile(r"\d[\d \-()]*\d")
_TYPO_SURNAME_MIN_LEN = 4
_SURNAME_SUFFIXES = ("ов", "ев", "ёв", "ин", "ова", "ева", "ина")
# Adjective readings of an «-их/-ых» word that are never a surname («своих», «других», «первых»).
_NOT_SURNAME_ADJECTIVES = frozenset({"Apro", "Anum"})
_WORD_RE = re.compile(r"[А-Яа-яЁё]+")
_PLACE_PREPOSITION_BEFORE_RE = re.compile(r"(?<![а-яё])(в|во|из|до|под|около|возле|близ)\s+$", re.I)
# The letters of a surname's ending a transcript spells as heard: «ова»/«ову»/«ови» as «ава», «ев» as «ив».
_SURNAME_ENDING_LEN = 4
_VOWEL_HEARD = {"а": "о", "и": "е"}
_SURNAME_ENDINGS = tuple(stem + end for stem in ("ов", "ев") for end in ("ой", "ым", "а", "у", "е", "ы", ""))
# What a word after «фамилия» says about the surname rather than being it.
_DESCRIBING_POS = frozenset({"ADJF", "ADJS", "PRTF", "PRTS", "COMP"})
# A dictated phone or order number has at least this many digits.
_DICTATED_MIN_DIGITS = 5


def _clean(word: str) -> str:
    return morphology.yo(word.strip().lower())


@functools.lru_cache(maxsize=50_000)
def _role_forms(word: str) -> Dict[str, Dict[str, float]]:
    """role → {normal form (ё→е) → summed score} over the word's person parses."""
    out: Dict[str, Dict[str, float]] = {}
    for p in morphology.parses(word):
        for role in _ROLES:
            if role in p.tag:
                forms = out.setdefault(role, {})
                nf = morphology.yo(p.normal_form)
                forms[nf] = forms.get(nf, 0.0) + p.score
    return out


def _name_stem(form: str) -> str:
    """Drop the gender/declension ending of a first name: pymorphy3 can't tell
    "Александра" (Александр.gent) from "Александра" (nomn), nor "Евгении" from
    Евгений/Евгения, so first names are keyed gender-neutrally."""
    return form[:-1] if len(form) > 2 and form[-1] in "аяйьеио" else form


@functools.lru_cache(maxsize=50_000)
def _name_key(word: str) -> str:
    roles = _role_forms(word)
    if not roles:
        # Not a person word at all ("Долгих", typos): stable lemma on both sides.
        return morphology.lemma(word)
    if SURN in roles and not morphology.is_known(word):
        role = SURN  # suffix guesses: the Surn parse is the reliable one
    else:
        role = max(roles, key=lambda r: sum(roles[r].values()))
    forms = roles[role]
    if role == NAME:
        # Shortest stem over *all* Name readings: identical for every case form.
        return min((_name_stem(nf) for nf in forms), key=lambda st: (len(st), st))
    # Surnames/patronymics: normal forms already merge case and gender
    # ("Ивановой" → "иванов", "Петровны" → "петрович"); take the likeliest.
    return min(forms, key=lambda nf: (-round(forms[nf], 6), len(nf), nf))


def name_key(word: str) -> str:
    """Case-, gender- and capitalisation-insensitive key of one name word."""
    word = _clean(word)
    if not morphology.is_cyrillic_word(word):
        return word
    return _name_key(word)


@functools.lru_cache(maxsize=50_000)
def _candidates(word: str) -> FrozenSet[str]:
    """Every plausible key of a (clean) word: all person normal forms + key + itself."""
    keys = {word, _name_key(word)}
    for forms in _role_forms(word).values():
        keys.update(forms)
    return frozenset(keys)


@functools.lru_cache(maxsize=50_000)
def _roles(word: str, capitalized: bool) -> FrozenSet[str]:
    """Which ФИО slots a word can fill in running text."""
    found = morphology.parses(word)
    if not found or len(word) < 2 or found[0].tag.POS in _NON_NAME_POS:
        return frozenset()
    roles = {r for r, forms in _role_forms(word).items() if sum(forms.values()) >= _MIN_ROLE_SCORE}
    # Indeclinable surnames pymorphy3 only knows as adjectives ("Долгих", "Седых"):
    # accept only when written with a capital, "новых" must not become a surname.
    if capitalized and len(word) >= 5 and word.endswith(("ых", "их")):
        roles.add(SURN)
    # «кириллов», «денисов»: pymorphy3 knows only the plural of a first name (Кирилл.gent.plur) or a town,
    # but nobody is named in the plural; a surname suffix makes it the surname.
    if SURN not in roles and word.endswith(_SURNAME_SUFFIXES) and _only_plural_names(found):
        roles.add(SURN)
    return frozenset(roles)


def _only_plural_names(found: Sequence[Any]) -> bool:
    names = [p for p in found if NAME in p.tag]
    return bool(names) and all(p.tag.number == "plur" for p in names)


def _assignable(roles: Sequence[FrozenSet[str]]) -> bool:
    """Can the words take distinct roles incl. Name, and (for 2 words) Surn/Patr?"""
    for perm in itertools.permutations(_ROLES, len(roles)):
        if NAME in perm and all(r in rs for r, rs in zip(perm, roles)):
            return True
    return False


def _in_street(streets: Sequence[Tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in streets)


def _words(text: str) -> List[Tuple[int, int, FrozenSet[str]]]:
    words: List[Tuple[int, int, FrozenSet[str]]] = []
    cleans: List[str] = []
    streets = street_spans(text)  # «ул. Ленина», «улица Льва Толстого»: a street's name names no one
    for start, end, raw in morphology.iter_words(text):
        clean = _clean(raw)
        cyrillic = morphology.is_cyrillic_word(clean) and not _in_street(streets, start, end)
        roles = _roles(clean, raw[:1].isupper()) if cyrillic and not _heard_as_common_word(clean) else frozenset()
        words.append((start, end, roles))
        cleans.append(clean)
    for k, clean in enumerate(cleans):
        if SURN in words[k][2]:
            continue
        place = _surname_shaped_place(clean)
        if not (place or _indeclinable_surname_shape(clean)):
            continue
        if place and _PLACE_PREPOSITION_BEFORE_RE.search(text[:words[k][0]]):
            continue  # «из Пестова Лидия звонит»: the village
        if _beside_first_name(text, words, cleans, k):
            words[k] = (words[k][0], words[k][1], words[k][2] | {SURN})
    return words


@functools.lru_cache(maxsize=20_000)
def _surname_shaped_place(word: str) -> bool:
    """«пестова», «ершова»: a word the dictionary reads only as a village (Пестово, Ершово) but shaped as a
    surname; beside a first name («Лидия Пестова») it is the surname."""
    found = morphology.parses(word)
    return (len(word) >= 5 and word.endswith(_SURNAME_SUFFIXES) and morphology.is_known(word)
            and bool(found) and all(p.tag.POS == "NOUN" and "Geox" in p.tag for p in found))


@functools.lru_cache(maxsize=50_000)
def _heard_as_common_word(word: str) -> bool:
    """An out-of-dictionary word a transcript spelt by ear for a word that names no one («от имини» for «от
    имени», «в интирисах»): its suffix-guessed name reading is not a name. The nearest readings decide: one
    vowel away if there are any, else two («федараву» for «федорову» is a surname)."""
    nearest = by_ear_variants(word) or reduced_variants(word)
    return bool(nearest) and not any(_role_forms(v) for v in nearest)


@functools.lru_cache(maxsize=20_000)
def _indeclinable_surname_shape(word: str) -> bool:
    """«долгих», «седых»: an «-их/-ых» word the dictionary reads only as a plural adjective or a surname (not
    «своих», «первых»); spelt by ear too («сидых»)."""
    if len(word) < 5 or not word.endswith(("ых", "их")):
        return False
    for spelt in (word,) if morphology.is_known(word) else by_ear_variants(word):
        found = morphology.parses(spelt)
        if found and all((p.tag.POS == "ADJF" and not (_NOT_SURNAME_ADJECTIVES & p.tag.grammemes)) or SURN in p.tag
                         for p in found):
            return True
    return False


def _beside_first_name(text: str, words: Sequence[Tuple[int, int, FrozenSet[str]]], cleans: Sequence[str], k: int) -> bool:
    """Is word ``k`` right next to a first name or patronymic said in the singular? A plural adjective cannot
    describe it («заказывал долгих максим»), so in lower case the «-их/-ых» word is the indeclinable surname."""
    for j in (k - 1, k + 1):
        if not 0 <= j < len(words) or not words[j][2] & {NAME, PATR}:
            continue
        a, b = sorted((k, j))
        if not _gap_is_blank_or_comma(text, words[a][1], words[b][0]):
            continue
        if any((NAME in p.tag or PATR in p.tag) and p.tag.number == "sing" for p in morphology.parses(cleans[j])):
            return True
    return False


def find_person(text: str) -> Optional[Match]:
    """First ФИО-like span of 2–3 adjacent words (any order/case), else a ФИО given by labels
    («фамилия Орлов, имя Виктор» → value "Орлов Виктор"), or None."""
    if not isinstance(text, str) or not text:
        return None
    return _find_person(text)


@functools.lru_cache(maxsize=256)
def _find_person(text: str) -> Optional[Match]:
    """Cached: the person and the city finders both read the same message through it."""
    text = respelt(text, lambda word: bool(_role_forms(word)))  # «виктаровича» → «викторовича»
    text = _WORD_RE.sub(_surname_ending_as_meant, text)  # «хасанаву» → «хасанову»
    words = _words(text)
    return _adjacent_person(text, words) or _labelled_person(text)


def _surname_ending_as_meant(m: "re.Match[str]") -> str:
    raw = m.group()
    meant = _surname_by_ear(_clean(raw))
    return raw if meant is None else (meant.capitalize() if raw[:1].isupper() else meant)


@functools.lru_cache(maxsize=50_000)
def _surname_by_ear(word: str) -> Optional[str]:
    """«хасанаву» for «хасанову», «ахметзянавой»: an out-of-dictionary word whose ending, with one unstressed
    vowel written as heard, is a surname's («-ову», «-овой», «-евым»); the dictionary only guesses both, so the
    ending decides. None for anything else."""
    if len(word) < _TYPO_MIN_LEN or morphology.is_known(word) or not morphology.is_cyrillic_word(word):
        return None
    if SURN in _role_forms(word) or _heard_as_common_word(word):
        return None
    for i in range(max(1, len(word) - _SURNAME_ENDING_LEN), len(word)):
        swapped = _VOWEL_HEARD.get(word[i])
        if swapped is None:
            continue
        variant = word[:i] + swapped + word[i + 1:]
        ending = next((e for e in _SURNAME_ENDINGS if variant.endswith(e)), None)
        if ending and i >= len(variant) - len(ending) and _is_surname_alone(variant):
            return variant
    return None


def _adjacent_person(text: str, words: List[Tuple[int, int, FrozenSet[str]]]) -> Optional[Match]:
    for i in range(len(words)):
        if not words[i][2]:
            continue
        for size in (3, 2):
            window = words[i:i + size]
            if len(window) < size or not all(w[2] for w in window):
                continue
            # Adjacent means only spaces/commas between the words.
            gaps = (text[a[1]:b[0]] for a, b in zip(window, window[1:]))
            if any(g.strip(" ,\t") for g in gaps):
                continue
            if _assignable([w[2] for w in window]):
                if size == 2 and _double_surname_before_name(text, words, i):
                    # «тарасова ильина вероника»: Тарасова-Ильина Вероника, not Тарасова Ильина
                    start, end = words[i][0], words[i + 2][1]
                    text = text[:words[i][1]] + "-" + text[words[i + 1][0]:]
                    return Match(start, end, text[start:end])
                start, end = window[0][0], window[-1][1]
                if size == 2 and not _has_surname(window):
                    text, start, end = _with_misspelt_surname(text, start, end)
                text, start, end = _with_double_surname(text, words, i, size, start, end)
                return Match(start, end, text[start:end])
    return None


def _double_surname_before_name(text: str, words: Sequence[Tuple[int, int, FrozenSet[str]]], i: int) -> bool:
    """Words ``i``, ``i + 1``, ``i + 2``: a surname, a word that is a surname or a first name, and a first name
    that is no surname, one space and then blanks apart: the first two are one double surname."""
    if i + 2 >= len(words):
        return False
    first, second, third = (w[2] for w in words[i:i + 3])
    return (first == frozenset({SURN}) and SURN in second and NAME in third and SURN not in third
            and text[words[i][1]:words[i + 1][0]] == " " and _gap_is_blank_or_comma(text, words[i + 1][1], words[i + 2][0]))


def _with_double_surname(text: str, words: Sequence[Tuple[int, int, FrozenSet[str]]], i: int, size: int,
                         start: int, end: int) -> Tuple[str, int, int]:
    """«петрова водкина анна», «анна петрова водкина»: a double surname said without its hyphen is a surname
    word at the edge of the ФИО and one more surname-only word beside it, one space apart; the space is
    written back as the hyphen (Петрова-Водкина), so the text keeps its length."""
    for edge, other in ((i, i - 1), (i + size - 1, i + size)):
        if not 0 <= other < len(words) or start > words[edge][0] or words[edge][1] > end:
            continue
        # The other word a surname only, or also a first name when the ФИО has its first name already
        # («вероника тарасова ильина»: Ильина is a surname here, not a second first name).
        if SURN not in words[edge][2] or SURN not in words[other][2] or PATR in words[other][2]:
            continue
        if NAME in words[other][2] and not any(NAME in w[2] for w in words[i:i + size] if w is not words[edge]):
            continue
        a, b = sorted((edge, other))
        if text[words[a][1]:words[b][0]] != " ":
            continue
        text = text[:words[a][1]] + "-" + text[words[b][0]:]
        return text, min(start, words[other][0]), max(end, words[other][1])
    return text, start, end


def _has_surname(window: Sequence[Tuple[int, int, FrozenSet[str]]]) -> bool:
    """Can the words be read with one of them as the surname?"""
    roles = [w[2] for w in window]
    return any(NAME in perm and SURN in perm and all(r in rs for r, rs in zip(perm, roles))
               for perm in itertools.permutations(_ROLES, len(roles)))


def _with_misspelt_surname(text: str, start: int, end: int) -> Tuple[str, int, int]:
    """«смирнва анна петровна», «валкова ольга николаевна»: a first name and patronymic keep the word right
    before (or after) them as the surname when it is out of the dictionary (person_matches forgives its typo)
    or one vowel from a surname (written back: «волкова»); the text keeps its length."""
    before = re.search(r"([а-яё]+)[ ,]+$", text[:start], re.I)
    after = re.match(r"[ ,]+([а-яё]+)(?![а-яё\-])", text[end:], re.I)
    for found, offset in ((before, 0), (after, end)):
        if found is None:
            continue
        raw, word_start = found.group(1), offset + found.start(1)
        surname = _misspelt_surname(raw)
        if surname is not None:
            text = text[:word_start] + surname + text[word_start + len(raw):]
            return text, min(start, word_start), max(end, word_start + len(raw))
    return text, start, end


def _misspelt_surname(raw: str) -> Optional[str]:
    """The word as the surname it stands for, or None when it cannot be one."""
    word = _clean(raw)
    if len(word) < _TYPO_SURNAME_MIN_LEN or not morphology.is_cyrillic_word(word):
        return None
    if not morphology.is_known(word):
        # Where a surname is expected, the surname it is up to two vowels from («валкава» → «волкова»).
        surname = next((v for v in reduced_variants(word) if SURN in _role_forms(v)), None)
        if surname is None:
            return None if _heard_as_common_word(word) else raw
        return surname.capitalize() if raw[:1].isupper() else surname
    if _role_forms(word):
        return None  # a name word of its own: not a misspelling
    surname = next((v for v in vowel_variants(word) if SURN in _role_forms(v)), None)
    return (surname.capitalize() if raw[:1].isupper() else surname) if surname else None


def _labelled_parts(text: str) -> Dict[str, Tuple[int, int, str]]:
    """Slot → (start, end, word) for «фамилия X», «имя Y», «отчество Z»; the first of each kind."""
    parts: Dict[str, Tuple[int, int, str]] = {}
    for m in _LABELLED_RE.finditer(text):
        role = _LABELS[m.group("label").lower()]
        if role == NAME and _NOT_A_LABEL_BEFORE_RE.search(text[:m.start()]):
            continue
        word = _clean(m.group("word"))
        found = morphology.parses(word)
        if role in parts or len(word) < 2 or (found and found[0].tag.POS in _NON_NAME_POS):
            continue
        if role != SURN and morphology.is_known(word) and role not in _role_forms(word):
            continue  # «имя не помню», «имя заказа»
        if role == SURN and _describes_the_surname(word):
            continue  # «фамилия у меня сложная»
        parts[role] = (m.start("word"), m.end("word"), m.group("word"))
    return parts


def _describes_the_surname(word: str) -> bool:
    """A known adjective or participle that is no name of anyone («сложная», «двойная»); «Долгих» is a surname."""
    found = morphology.parses(word)
    return (morphology.is_known(word) and not _role_forms(word) and found[0].tag.POS in _DESCRIBING_POS
            and not _indeclinable_surname_shape(word))


def _labelled_person(text: str) -> Optional[Match]:
    """A surname and a first name given by labels, in any order: value «Фамилия Имя [Отчество]»."""
    parts = _labelled_parts(text)
    if SURN not in parts or NAME not in parts:
        return None
    spans = [parts[role] for role in (SURN, NAME, PATR) if role in parts]
    start, end = min(s for s, _, _ in spans), max(e for _, e, _ in spans)
    return Match(start, end, " ".join(w for _, _, w in spans))


def _is_surname_alone(word: str) -> bool:
    """Likelier a surname than any other reading («Петрова», «Тарасов» rather than Тарас.gent.plur; not «Мария»)."""
    roles = _role_forms(word)
    surname = sum(roles.get(SURN, {}).values())
    name = sum(roles.get(NAME, {}).values())
    return surname >= 0.5 * sum(p.score for p in morphology.parses(word)) and surname > name


def find_surname(text: str) -> Optional[Match]:
    """A surname said without a first name: after «фамилия» («на фамилию Сидоров»), after «я»/«это»
    («я Петрова»), or capitalised as a clause of its own («…, Иванова»); None when a whole ФИО is there
    (find_person reads it) or nothing is."""
    if not isinstance(text, str) or not text or find_person(text) is not None:
        return None
    labelled = _labelled_parts(text).get(SURN)
    if labelled:
        return Match(*labelled)
    words = list(morphology.iter_words(text))
    streets = street_spans(text)
    for k, (start, end, raw) in enumerate(words):
        word = _clean(raw)
        if not morphology.is_cyrillic_word(word) or _in_street(streets, start, end) or not _is_surname_alone(word):
            continue
        introduced = k > 0 and _clean(words[k - 1][2]) in _SELF_INTRODUCTION and _gap_is_blank(text, words[k - 1][1], start)
        alone = raw[:1].isupper() and any(c.start() <= start and end <= c.end() and c.group().strip() == raw
                                          for c in _CLAUSE_RE.finditer(text))
        if introduced or alone or _beside_dictated_number(text, start, end):
            return Match(start, end, raw)
    return None


def _beside_dictated_number(text: str, start: int, end: int) -> bool:
    """Does a dictated phone or order number (digits or number words) end right before the word or start
    right after it? A surname said next to one is a clause of its own, as a comma would make it in writing
    («…шестьдесят пять сорок три иванова»)."""
    from bot.russian.number_words import find_spoken_numbers  # only for a word that reads as a surname

    runs = [(n.start, n.end, len(n.digits)) for n in find_spoken_numbers(text)]
    runs += [(m.start(), m.end(), sum(c.isdigit() for c in m.group())) for m in _DIGITS_RE.finditer(text)]
    return any(digits >= _DICTATED_MIN_DIGITS and (_gap_is_blank_or_comma(text, a_end, start) or
                                                   _gap_is_blank_or_comma(text, end, a_start))
               for a_start, a_end, digits in runs)


def _gap_is_blank_or_comma(text: str, start: int, end: int) -> bool:
    return start <= end and not text[start:end].strip(" ,\t")


def _gap_is_blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def _word_matches(said: str, stored: str) -> bool:
    """Same name word modulo inflection; one typo (incl. a swap of adjacent
    letters) allowed for long out-of-dictionary words."""
    said_keys, stored_keys = _candidates(said), _candidates(stored)
    if said_keys & stored_keys:
        return True
    # Said by ear: a rarer name the dictionary also has («антан», «елина») or a patronymic («виктаровича»),
    # in any case form («олига» for «олега»).
    if any(heard_alike(a, b) for a in said_keys for b in stored_keys) or \
            any(heard_alike(said, form) for form in _person_forms(stored)):
        return True
    # A typo is an out-of-dictionary word; a real different name ("Марина" vs
    # "Мария") is in the dictionary and must not match.
    if morphology.is_known(said) or len(said) < _TYPO_MIN_LEN or len(stored) < _TYPO_MIN_LEN:
        return False
    return any(
        OSA.distance(a, b, score_cutoff=1) <= 1 for a in said_keys for b in stored_keys
    )


@functools.lru_cache(maxsize=5_000)
def _person_forms(word: str) -> FrozenSet[str]:
    """Every case form of a (clean) name word in its person readings («олег» → «олега», «олегу»…)."""
    return frozenset(morphology.yo(form.word) for p in morphology.parses(word) if set(_ROLES) & p.tag.grammemes
                     for form in p.lexeme)


def _is_patronymic(word: str) -> bool:
    forms = _role_forms(word)
    return PATR in forms or word.endswith(("вич", "вна", "ична", "ьич"))


def person_matches(said: str, last_name: str, first_name: str, middle_name: Optional[str]) -> bool:
    """Did the caller name this customer?  Surname AND first name required (any
    order/case/inflection); a patronymic, if said, must match the stored one.

    "Мария Петровна" never passes for "Петрова Мария": "Петровна" is a
    dictionary word, so the one-typo tolerance does not apply to it.
    """
    if not isinstance(said, str) or not last_name or not first_name:
        return False
    words = [
        w for w in (_clean(raw) for _, _, raw in morphology.iter_words(said))
        if morphology.is_cyrillic_word(w)
    ][:_MAX_WORDS]
    last, first = _clean(last_name), _clean(first_name)
    middle = _clean(middle_name) if middle_name else None
    surnames = [i for i, w in enumerate(words) if _word_matches(w, last)]
    firsts = [j for j, w in enumerate(words) if _word_matches(w, first)] if surnames else []
    for i, j in itertools.product(surnames, firsts):
        if i == j:
            continue
        if middle is None:
            return True
        said_patronymics = [w for k, w in enumerate(words) if k not in (i, j) and _is_patronymic(w)]
        if all(_word_matches(w, middle) for w in said_patronymics):
            return True
    return False
