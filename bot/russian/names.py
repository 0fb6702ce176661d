"""Person names (ФИО): keys that ignore case/gender inflection, span search,
and checking what a caller said against the stored customer name.

pymorphy3 tags first names, surnames and patronymics (Name/Surn/Patr) and its
normal forms already merge case and gender ("Ивановой" → "иванов",
"Петровны" → "петрович").  Caveats handled here:
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
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from rapidfuzz.distance import OSA

from bot.russian import morphology
from bot.russian.spans import Match

__all__ = ["Match", "name_key", "find_person", "person_matches"]

NAME, SURN, PATR = "Name", "Surn", "Patr"
_ROLES = (NAME, SURN, PATR)
# Function words pymorphy3 also knows as rare names ("Ли", "Ян"…): never a name.
_NON_NAME_POS = frozenset({"CONJ", "PRCL", "PREP", "NPRO", "PRED", "INTJ", "ADVB", "VERB", "INFN"})
_MIN_ROLE_SCORE = 0.02
_TYPO_MIN_LEN = 5
_MAX_WORDS = 200  # person_matches: bound the work on pathological input


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
    return frozenset(roles)


def _assignable(roles: Sequence[FrozenSet[str]]) -> bool:
    """Can the words take distinct roles incl. Name, and (for 2 words) Surn/Patr?"""
    for perm in itertools.permutations(_ROLES, len(roles)):
        if NAME in perm and all(r in rs for r, rs in zip(perm, roles)):
            return True
    return False


def find_person(text: str) -> Optional[Match]:
    """First ФИО-like span of 2–3 adjacent words (any order/case), or None."""
    if not isinstance(text, str) or not text:
        return None
    words: List[Tuple[int, int, FrozenSet[str]]] = []
    for start, end, raw in morphology.iter_words(text):
        clean = _clean(raw)
        roles = _roles(clean, raw[:1].isupper()) if morphology.is_cyrillic_word(clean) else frozenset()
        words.append((start, end, roles))
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
                start, end = window[0][0], window[-1][1]
                return Match(start, end, text[start:end])
    return None


def _word_matches(said: str, stored: str) -> bool:
    """Same name word modulo inflection; one typo (incl. a swap of adjacent
    letters) allowed for long out-of-dictionary words."""
    said_keys, stored_keys = _candidates(said), _candidates(stored)
    if said_keys & stored_keys:
        return True
    # A typo is an out-of-dictionary word; a real different name ("Марина" vs
    # "Мария") is in the dictionary and must not match.
    if morphology.is_known(said) or len(said) < _TYPO_MIN_LEN or len(stored) < _TYPO_MIN_LEN:
        return False
    return any(
        OSA.distance(a, b, score_cutoff=1) <= 1 for a in said_keys for b in stored_keys
    )


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
