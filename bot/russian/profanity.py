"""Russian profanity / insult detector (the Rasa component is bot.nlu.profanity_gate).

What counts (the policy; ``tests/nlu/profanity_labelled.tsv`` is labelled by it):

* мат: the roots хуй, пизд, еб/ёб, бля(д|т) and their derivatives (охуеть, нахуй, хули,
  спиздить, заебали, уёбок, долбоёб, выблядок …), plus мудак, пидор/пидорас, залупа,
  гандон, шлюха, манда, дрочить;
* vulgarisms the project's ``profanity`` intent is trained on: хер/херня/нахер, хрен/охренели,
  жопа, говно, дерьмо, срать/засранец, сыкло;
* insults aimed at a person (or the bot): сука, тварь, мразь, сволочь, дура/дурак, идиот,
  дебил, кретин, придурок, урод, козёл/козлы, скоты, ублюдок, чмо, гнида, падла, лох,
  тупой/тупая, быдло …; and the phrases «пошёл ты», «пошли вы», «заткнись», «сдохни»,
  «чтоб вы сдохли».

Clean, although rude or obscene-looking: accusations and anger without those words
(«вы обманщики», «мошенники», «безобразие», «задолбали», «офигели», «блин», «пипец»,
«капец», «грёбаный», «идиотизм», «дурацкий», «тупо», «товар сдох»), euphemisms (фиг,
фигня, нафига, бляха), and every clean word with an obscene-looking substring
(оскорблять, употреблять, рубля, хлебать, ребята, требую, потребитель, себя, вебинар,
застрахуй, страхую, психуй, хулиган, сукно, скипидар, команда, мандарин, педикюр,
Козлов, Херсон, Huawei, eBay …).

How: each word is normalised (Unicode look-alikes, Latin look-alikes and digits in
Cyrillic words, transliteration of Latin words, repeated letters collapsed) and matched
as a *whole word* against root patterns with explicit prefixes and endings
(``_PATTERN``); masked words («х*р», «б**дь», «п#здец») are matched against a list of
word forms (``profanity_lexicon.txt``); runs of spaced or dotted letters
(«б л я т ь», «с.у.к.а», «бл я», «пиз-дец») are joined first.  Nothing here raises on
any input.
"""
from __future__ import annotations

import functools
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Text, Tuple


logger = logging.getLogger(__name__)

__all__ = ["normalize_for_profanity", "find_profanity", "is_profane"]

LEXICON_PATH = Path(__file__).with_name("profanity_lexicon.txt")

# --------------------------------------------------------------------------- patterns
# Every pattern is matched with fullmatch() against ONE normalised word: lower-case
# Cyrillic, ё→е, every run of a repeated letter collapsed to one letter («ебанный» →
# «ебаный», «ссыкло» → «сыкло»), so patterns are written in that collapsed form.
_W = r"[а-я]*"

# Prefixes before хуй/хуе/хуя/хую/хуи (on-хуеть, на-хуй, ни-хуя, с-хуяли, от-хуярить).
# Anchored at the word start, so «застрахуй», «психуй», «страхую» never match.
_HUJ_PREFIX = r"(?:на|по|ни|не|о|а|от|до|за|с|вы|раз|рас|при|под|об|пере|у|в|недо)"
# Prefixes before еб/ёб.  Most that end in a consonant need ъ/ь («съебать», «въебал»,
# «подъебнуть»): without it «себя», «себе», «вебинар», «подебоширить» would match.
_EB_PREFIX = (
    r"(?:за|на|до|по|про|при|вы|у|недо|пере|не|о?сто|долб[оа]|муд[оа]|"
    r"(?:раз|от)[ъь]?|(?:рас|под|об|из|вз|с|в)[ъь])"
)
# What may follow еб: ебать/ебал/ебаный/ебашить/ебарь, ебу/ебут/ебучий (not «Ёбург»), ебет/ебешь/ебеня,
# ебло/еблан/ебля, ебнуть, ебись/ебический, заебывать, заебок, ебошить, наебщик, уебки, ебт.
_EB_TAIL = r"(?:а[лнтшрчк]|у(?!рг)|е[тмш]|ен[яиеь]|л|н|и|ы|ок|ош|обо|щ|к|т|$)"

_PATTERNS: Tuple[str, ...] = (
    # хуй и производные; «хули» (но не «хулиган», «хулить»); «нах», «нех»
    _HUJ_PREFIX + r"?ху[йяеию]" + _W,
    r"хули|нах|нех",
    # пизда: the root is safe anywhere in a word (распиздяй, спиздили, опизденеть)
    _W + r"(?:п[ие][зс]д|пзд|пизж)" + _W,
    # еб/ёб (ё is е already); йоб-/иба- spellings
    _EB_PREFIX + r"?(?:е|йо)б" + _EB_TAIL + _W,
    _EB_PREFIX + r"?иба[лнт]" + _W,
    r"(?:раз|рас)[ъь]?еба[йи]" + _W,
    # бля: бля, блядь, блять, выблядок (not «рубля», «оскорблять», «бляха», «бляшка»)
    r"(?:вы|по|за|на|про|из|у)?бля(?:д|т|$)" + _W,
    r"бл[еэ]ать|блэт|блэд|блиа[дт]" + _W,
    # мудак, пидор, залупа, гандон, шлюха, манда, дрочить
    r"(?:за|от|из)?муд(?:ак|ач|ил|озвон|ох)" + _W,
    r"пид[оаеи]?р" + _W,
    r"педер(?:аст|ас)" + _W + r"|педрил" + _W,
    r"(?:педик|гомик)(?:и|а|у|ом|ов|ам|ами|ах|е)?",
    r"(?:под)?залуп" + _W,
    r"г[ао]нд[ао]н" + _W,
    r"шлю[хш]" + _W + r"|шалав" + _W,
    r"манд(?:а|ы|е|у|ой|ам|ами|ах|авошк" + _W + r")",
    r"(?:за|по|на|от|вы|у|под)?дроч" + _W,
    # хер / хрен (not «херсон», «херувим», «херес»)
    r"(?:на|по|ни|до|за|о|с|от|вы|а)?хер(?:а|у|ом|н(?:я|и|е|ю|ей|ею|ям|ями|ях)|ов" + _W + r"|ач" + _W
    + r"|ел" + _W + r"|еть|ею|еем|и[тл]" + _W + r"|ь|ок|$)",
    r"(?:на|по|ни|до|за|о|с|от|вы|а|под)?хрен(?:а|у|ом|е|ы|и|ей|ям|ями|ях|ь" + _W + r"|ов" + _W
    + r"|от" + _W + r"|ел" + _W + r"|еть|ею|еем|$)",
    # жопа, говно (not «межоперационный», «Олеговна», «саговник»), дерьмо, срать, сыкло
    r"(?:в|за|по|рас|через|полу|черно|руко|жопо)?жоп" + _W,
    r"(?:за|на|из|об|по|раз|рас)?говн" + _W + r"|гавн" + _W + r"|гамн(?:о|а|у|ом|е)",
    _W + r"дерьм" + _W,
    r"(?:за|обо|об|про|на|вы|по|рас|из|у)?сра(?:[лнтчк]|нь)" + _W,
    r"сык(?:л|ун)" + _W + r"|обоса[лнт]" + _W,
    # сука (not «сукно», «сук», «сукровица», «Сукиасян»)
    r"сук(?:а|и|е|у|ой|ою|ам|ами|ах|о)|сукин" + _W,
    r"суч(?:ка|ки|ке|ку|кой|ек|ар" + _W + r"|ий|ья|ье|ьи|ьего|ьей|ьим|онок|онк" + _W
    + r"|енок|енк" + _W + r"|ат" + _W + r"|ищ" + _W + r")",
    # insults
    r"мраз(?:ь|и|ей|ям|ями|ях|от" + _W + r")",
    r"твар(?:ь|и|ей|ям|ями|ях|юга|юги|ина|ины)",
    r"сволоч" + _W + r"|сволот(?:а|ы|е|у|ой)",
    r"(?:дебил|идиот|кретин)(?:ы|ов|а|у|ом|е|ам|ами|ах|ка|ки|ку|кой|ке|ок|ик|ики|ина|ины|оид"
    + _W + r")?",
    r"придур(?:ок|ки|ков|ку|ком|ке|кам|ками|ках|ка|ь|и|ей|очн" + _W + r")",
    r"дур(?:а|ы|е|у|ой|ам|ами|ах|ак|ака|аку|аком|аке|аки|аков|акам|аками|аках|очка|очки|ачье"
    r"|ень|ни|ынд" + _W + r")",
    r"урод(?:ы|ов|а|у|ом|е|ам|ами|ах|ина|ины|ине|ину|иной|ец|цы|цев|ка|ки|ку)?",
    r"козе?л(?:ы|ина|ины|ине|ину|иной|ам|ами|у|ом|а)?",
    r"скот(?:ы|ина|ины|ине|ину|иной|ам|ами)",
    r"ублюд" + _W,
    r"вырод(?:ок|ки|ков|ку|ком|кам|ками)",
    r"чмо|чмош" + _W + r"|чмыр" + _W,
    r"гнид(?:а|ы|е|у|ой|ам|ами|ах)",
    r"падл(?:а|ы|е|у|ой|ам|ами|ах|о|юка|юки)",
    r"паскуд" + _W,
    r"гад(?:ы|ина|ины|ине|ину|иной|ов|ам|ами|ах|еныш" + _W + r")?",
    r"лох(?:и|ов|ам|ами|ах|а|у|ом|ушк" + _W + r"|ня)?",
    r"туп(?:ой|ая|ые|ого|ому|ым|ыми|ых|ую|ою|ица|ицы|ице|ицу|ицей|орыл" + _W + r"|оголов"
    + _W + r")",
    r"бездар(?:ь|и|ей|ям|ями|ях)",
    r"дегенерат(?:ы|ов|а|у|ом|е|ам|ами|ах|ка|ки|ку|кой)?",
    r"даун(?:ы|ов|ам|ами|ах|а|у|ом|е)?",
    r"ничтожеств" + _W,
    r"ушлеп(?:ок|ки|ков|ку|ком|кам|ками)",
    r"долб[оа](?:ящер|клюй|дятел)" + _W,
    r"быдл" + _W,
    r"курв(?:а|ы|е|у|ой|ам|ами|ах|ина|ины)",
    # insults without мат that customers use of the staff («вы там совсем бестолочи»); «бестолковый» and
    # «недоумение» are not insults and do not match
    r"бестолоч(?:ь|и|ей|ам|ами|ах)",
    r"недоум(?:ок|ки|ков|ку|ком|кам|ками)",
    r"олух(?:и|ов|ам|ами|а|у|ом)?",
    r"упыр(?:ь|и|ей|ям|ями)",
    r"остолоп(?:ы|ов|ам|ами|а|у|ом)?",
    r"балбес(?:ы|ов|ам|ами|а|у|ом)?",
    r"имбецил(?:ы|ов|ам|ами|а|у|ом|ка|ки)?",
    # insulting imperatives
    r"заткнись|заткнитесь|сдохни|сдохните",
)
_PATTERN = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))

# Two-word insults: (first words, second words, words that may follow — None: anything).
# «иди ты» / «идите вы» only at the end or before «нафиг», «лесом» …: «идите вы в отдел
# возврата» is clean.
_PHRASES: Tuple[Tuple[frozenset, frozenset, Optional[frozenset]], ...] = (
    (frozenset({"пошел", "пошла", "пошли"}), frozenset({"ты", "вы", "вон"}), None),
    (
        frozenset({"иди", "идите"}),
        frozenset({"ты", "вы"}),
        frozenset({"", "нафиг", "нафик", "лесом", "подальше", "прочь", "все", "вон", "со", "с"}),
    ),
)
# Names that read like mat once transliterated («Ibanez», a guitar brand, is «ибанез»).
_NAMES_ALLOWED_RE = re.compile(r"ибанез\w*")
# «чтоб(ы) вы (все) сдохли»: a сдох- word within this many words after чтоб/чтобы.
_WISH_WINDOW = 4

# Latin words that transliterate into something that looks obscene.
_LATIN_ALLOW = frozenset(
    {
        "ebay", "ebook", "ebooks", "ebony", "eben", "eban", "ebi", "ebanking", "hue", "hues",
        "huey", "her", "hers", "herr", "hera", "other", "others", "nahum",
    }
)

# --------------------------------------------------------------------------- normalisation
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u0300\u0301\u0341"), None
)
# Look-alikes from other scripts (Greek, Ukrainian/Belarusian) → Russian letters.
_FOREIGN_TO_RU = str.maketrans(
    {
        "і": "и", "ї": "и", "є": "е", "ў": "у", "ґ": "г",
        "α": "а", "β": "в", "ε": "е", "η": "н", "ι": "и", "κ": "к", "μ": "м",
        "ο": "о", "π": "п", "ρ": "р", "τ": "т", "υ": "у", "χ": "х", "ё": "е",
    }
)
# Latin letters that *look* like Cyrillic ones (case matters: H → Н, but h → х).
_SHAPE = str.maketrans(
    {
        "A": "а", "B": "в", "C": "с", "E": "е", "H": "н", "K": "к", "M": "м", "O": "о",
        "P": "р", "T": "т", "X": "х", "Y": "у",
        "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к",
        "m": "м", "u": "и", "n": "п", "r": "г", "b": "ь", "t": "т", "i": "и",
    }
)
# In all-Latin words only the letters that are near-identical glyphs count as look-alikes
# («cyka», «xyi»); u/n/r/b/i would turn «hyundai» into «хуипдаи».
_SHAPE_STRICT = str.maketrans(
    {
        "A": "а", "B": "в", "C": "с", "E": "е", "H": "н", "K": "к", "M": "м", "O": "о",
        "P": "р", "T": "т", "X": "х", "Y": "у",
        "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к",
        "m": "м", "t": "т",
    }
)
# Phonetic transliteration, single letters (after the digraphs below).
_TRANSLIT_1 = str.maketrans(
    {
        "a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х",
        "i": "и", "j": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
        "q": "к", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "х",
        "z": "з", "'": "ь", "`": "ь", "’": "ь",
    }
)
_TRANSLIT_MULTI = (
    ("shch", "щ"), ("sch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"),
    ("ts", "ц"), ("tz", "ц"), ("ya", "я"), ("ja", "я"), ("yu", "ю"), ("ju", "ю"),
    ("yo", "е"), ("jo", "е"), ("je", "е"),
)
_TRANSLIT_MULTI_RE = re.compile("|".join(k for k, _ in _TRANSLIT_MULTI))
_TRANSLIT_MULTI_MAP = dict(_TRANSLIT_MULTI)
_Y_START_RE = re.compile(r"(?:^|(?<=[aeiouаеиоуяюэы]))ye")  # ye → е at start / after vowel
_Y_AFTER_VOWEL_RE = re.compile(r"(?<=[aeiouаеиоуяюэы])y")  # y → й after a vowel
# Digits and symbols standing for letters, only inside words that have letters.
_DIGITS = str.maketrans({"0": "о", "3": "з", "4": "ч", "6": "б", "9": "я", "@": "а", "$": "с"})
_APOSTROPHE = str.maketrans({"'": "ъ", "`": "ъ", "’": "ъ"})

_MASK_CHARS = "*#%_"
_TOKEN_RE = re.compile(r"(?:[^\W]|[*#%@$]|['’`](?=\w))+")
_HAS_CYR_RE = re.compile(r"[а-я]")
_HAS_LAT_RE = re.compile(r"[a-zA-Z]")
_HAS_DIGIT_RE = re.compile(r"[0-9@$]")
_REPEAT_RE = re.compile(r"([а-я])\1+")
_TRIPLE_RE = re.compile(r"([а-я])\1\1")
_LATIN_REPEAT_RE = re.compile(r"([a-z])\1+")
_NON_LETTER_RE = re.compile(r"[^а-я*#%_]")
_MASK_RUN_RE = re.compile(r"[*#%_]+")
_SEP_LETTERS_RE = re.compile(r"^[а-яa-z0-9](?:[*_%#.\-][а-яa-z0-9])+$", re.I)
_JOIN_GAP_RE = re.compile(r"^[ \t.,\-_*·/|\\]{1,3}$")
_TIGHT_GAP = frozenset({"-", ".", "·"})

_MAX_RUN_TOKENS = 12
_MAX_JOINED_LETTERS = 20
_MAX_MASKED_LEN = 30


def _unicode_clean(text: str) -> str:
    """NFKC (full-width letters, ligatures), then drop zero-width characters and stress marks."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def _collapse(word: str) -> str:
    return _REPEAT_RE.sub(r"\1", word)


def _translit(latin_lower: str) -> str:
    """Phonetic Latin → Cyrillic («blyad» → «бляд», «pizdec» → «пиздец», «nahuy» → «нахуй»)."""
    s = _LATIN_REPEAT_RE.sub(r"\1", latin_lower)
    s = _Y_START_RE.sub("е", s)
    s = _TRANSLIT_MULTI_RE.sub(lambda m: _TRANSLIT_MULTI_MAP[m.group()], s)
    s = _Y_AFTER_VOWEL_RE.sub("й", s)
    s = s.replace("y", "ы")
    return s.translate(_TRANSLIT_1)


def _variants(raw: str) -> Tuple[str, ...]:
    """Normalised spellings of one raw token (first = the canonical one); () if no letters."""
    if not _HAS_LAT_RE.search(raw):
        low = raw.lower().translate(_FOREIGN_TO_RU)
        if not _HAS_CYR_RE.search(low):
            return ()
        low = low.translate(_APOSTROPHE)
        if "@" in low:  # «бл@дь»: @ stands for а, or for any hidden letter
            return _dedupe((_collapse(low.translate(_DIGITS)), _collapse(low.replace("@", "*").translate(_DIGITS))))
        if _HAS_DIGIT_RE.search(low):
            low = low.translate(_DIGITS)
        collapsed = _collapse(low)
        # «переебал», «неебический»: a prefix ending in the root's first letter
        return (collapsed,) if collapsed == low or _TRIPLE_RE.search(low) else (collapsed, low)
    # Latin letters present: look-alikes («xyй», «cука») and transliteration («suka»).
    low = raw.lower().translate(_FOREIGN_TO_RU)
    if low in _LATIN_ALLOW:
        return ()
    digits = _HAS_DIGIT_RE.search(low) is not None
    has_cyr = _HAS_CYR_RE.search(low) is not None
    shape = raw.translate(_SHAPE if has_cyr else _SHAPE_STRICT).lower().translate(_FOREIGN_TO_RU)
    if digits:
        shape = shape.translate(_DIGITS)
        low = low.translate(_DIGITS)
    shape = _translit(shape)
    phonetic = _translit(low)
    # Mixed-script words are look-alike attacks first; pure Latin words are translit first.
    first, second = (shape, phonetic) if has_cyr else (phonetic, shape)
    first, second = _collapse(first.translate(_APOSTROPHE)), _collapse(second.translate(_APOSTROPHE))
    return (first,) if first == second else (first, second)


def _dedupe(items: Iterable[str]) -> Tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _strip_decoration(raw: str) -> str:
    """«#хэштег» → «хэштег», «**важно**» → «важно», «_ник_» → «ник» (not masks)."""
    stripped = raw.lstrip("#_")
    if stripped[:1] == "*" and stripped[-1:] == "*":
        inner = stripped.strip("*")
        if inner and not any(c in _MASK_CHARS for c in inner):
            return inner
    return stripped.rstrip("_") if stripped else stripped


# --------------------------------------------------------------------------- lexicon (masks)
def _load_lexicon(path: Path = LEXICON_PATH) -> Dict[str, str]:
    """Word forms for masked matching, bucketed by first letter as "\\nform\\nform\\n" strings.

    Only forms the patterns accept are kept, so the policy lives in ``_PATTERNS`` alone.
    """
    buckets: Dict[str, List[str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        logger.warning("Profanity lexicon %s is missing; masked words go undetected", path)
        lines = []
    for line in lines:
        word = _collapse(line.strip().lower().replace("ё", "е"))
        if not word or word.startswith("#") or not _PATTERN.fullmatch(word):
            continue
        buckets.setdefault(word[0], []).append(word)
    joined = {k: "\n" + "\n".join(sorted(set(v))) + "\n" for k, v in buckets.items()}
    joined[""] = "\n" + "\n".join(sorted({w for v in buckets.values() for w in v})) + "\n"
    return joined


_LEXICON = _load_lexicon()


@functools.lru_cache(maxsize=4096)
def _masked_match(word: str) -> bool:
    """Whether a masked word («б**дь», «х*р», «п***ец») can be read as a lexicon form."""
    letters = sum(1 for c in word if c not in _MASK_CHARS)
    if len(word) < 3 or len(word) > _MAX_MASKED_LEN or letters < 1:
        return False
    if word[0] in _MASK_CHARS and letters < 2:
        return False
    parts = []
    for piece in re.split(r"([*#%_]+)", word):
        if not piece:
            continue
        if piece[0] in _MASK_CHARS:
            k = len(piece)
            parts.append(f"[а-я]{{{max(1, k - 1)},{k + 1}}}")
        else:
            parts.append(re.escape(piece))
    bucket = _LEXICON.get("" if word[0] in _MASK_CHARS else word[0])
    if not bucket:
        return False
    return re.search("^" + "".join(parts) + "$", bucket, re.M) is not None


@functools.lru_cache(maxsize=65536)
def _word_is_profane(word: str) -> bool:
    """One normalised word (may contain mask characters)."""
    if not word:
        return False
    if any(c in _MASK_CHARS for c in word):
        if _SEP_LETTERS_RE.match(word):  # «с_у_к_а»: underscores as separators
            plain = _collapse(_MASK_RUN_RE.sub("", word))
            if _PATTERN.fullmatch(plain):
                return True
        return _masked_match(word)
    return _PATTERN.fullmatch(word) is not None and not _NAMES_ALLOWED_RE.fullmatch(word)


# --------------------------------------------------------------------------- scanning
class _Tok:
    __slots__ = ("start", "end", "variants", "hit", "short")

    def __init__(self, start: int, end: int, variants: Tuple[str, ...]) -> None:
        self.start = start
        self.end = end
        self.variants = variants
        self.hit = False
        letters = len(_NON_LETTER_RE.sub("", variants[0])) if variants else 0
        self.short = 1 <= letters <= 2 and len(variants[0]) <= 2 if variants else False


def _tokens(text: str) -> List[_Tok]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        start, end = m.start(), m.end()
        stripped = _strip_decoration(raw)
        if stripped != raw:
            offset = raw.find(stripped) if stripped else 0
            start, end = start + offset, start + offset + len(stripped)
            raw = stripped
        if not raw:
            continue
        out.append(_Tok(start, end, _variants(raw)))
    return out


def _joinable(text: str, left: _Tok, right: _Tok) -> bool:
    gap = text[left.end:right.start]
    if gap in _TIGHT_GAP:  # «пиз-дец», «с.у.к.а»
        return True
    return left.short and right.short and _JOIN_GAP_RE.match(gap) is not None


def _longest_joined_hit(toks: List[_Tok], first: int, last: int) -> Optional[int]:
    """Index of the last token of the longest profane join toks[first..k] (k > first), or None."""
    candidates: List[Tuple[int, Tuple[str, ...]]] = []
    joined: Tuple[str, ...] = ("",)
    all_hit = True
    for k in range(first, last + 1):
        variants = toks[k].variants
        joined = _dedupe(j + v for j in joined for v in variants[:2])[:2]
        all_hit = all_hit and toks[k].hit
        if min(len(j) for j in joined) > _MAX_JOINED_LETTERS:
            break
        if k > first and not all_hit and max(len(j) for j in joined) >= 3:
            candidates.append((k, joined))
    for k, spellings in reversed(candidates):
        if any(_word_is_profane(_collapse(j)) for j in spellings):
            return k
    return None


def _scan(text: str) -> List[Tuple[int, int]]:
    """Spans (start, end) of profane words/phrases in ``text`` (already _unicode_clean-ed)."""
    toks = _tokens(text)
    spans: List[Tuple[int, int]] = []
    for tok in toks:
        if any(_word_is_profane(v) for v in tok.variants):
            tok.hit = True
            spans.append((tok.start, tok.end))

    # Spaced / dotted / hyphenated letters: join runs of neighbouring pieces.
    i, n = 0, len(toks)
    while i < n - 1:
        if not toks[i].variants or not _joinable(text, toks[i], toks[i + 1]) or not toks[i + 1].variants:
            i += 1
            continue
        run_end = i + 1
        while (
            run_end + 1 < n
            and run_end - i + 1 < 64
            and toks[run_end + 1].variants
            and _joinable(text, toks[run_end], toks[run_end + 1])
        ):
            run_end += 1
        j = i
        while j < run_end:
            found = _longest_joined_hit(toks, j, min(run_end, j + _MAX_RUN_TOKENS - 1))
            if found is not None:
                spans = [s for s in spans if not (toks[j].start <= s[0] and s[1] <= toks[found].end)]
                spans.append((toks[j].start, toks[found].end))
                for t in toks[j:found + 1]:
                    t.hit = True
                j = found + 1
            else:
                j += 1
        i = run_end + 1

    # Two-word insults and «чтоб вы сдохли».
    words = [t.variants[0] if t.variants else "" for t in toks]
    for idx, word in enumerate(words):
        for first, second, then in _PHRASES:
            if word in first and idx + 1 < n and words[idx + 1] in second:
                following = words[idx + 2] if idx + 2 < n else ""
                if then is None or following in then:
                    spans.append((toks[idx].start, toks[idx + 1].end))
        if word in ("чтоб", "чтобы"):
            for k in range(idx + 1, min(n, idx + 1 + _WISH_WINDOW)):
                if words[k].startswith("сдох"):
                    spans.append((toks[idx].start, toks[k].end))
                    break
    spans.sort()
    return _merge(spans)


def _merge(spans: Sequence[Tuple[int, int]]) -> List[Tuple[int, int]]:
    merged: List[Tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --------------------------------------------------------------------------- public API
def normalize_for_profanity(text: Any) -> str:
    """The text as the detector reads it: lower-case Cyrillic, ё→е, look-alikes and digits
    replaced («xyй» → «хуй», «3аебали» → «заебали»), Latin words transliterated
    («blyad» → «бляд»), repeated letters collapsed («бляяять» → «блять»), spaced or dotted
    letters joined («б л я т ь», «с.у.к.а» → «блять», «сука»); mask characters stay.
    """
    try:
        if not isinstance(text, str) or not text:
            return ""
        cleaned = _unicode_clean(text)
        toks = _tokens(cleaned)
        out: List[str] = []
        pos = 0
        i, n = 0, len(toks)
        while i < n:
            tok = toks[i]
            j = i
            # join single letters separated the same way («б л я т ь», «с-у-к-а»)
            if tok.short and tok.variants and len(tok.variants[0]) == 1:
                while (
                    j + 1 < n
                    and toks[j + 1].variants
                    and len(toks[j + 1].variants[0]) == 1
                    and _JOIN_GAP_RE.match(cleaned[toks[j].end:toks[j + 1].start] or "x")
                    and cleaned[toks[j].end:toks[j + 1].start] == cleaned[tok.end:toks[i + 1].start]
                ):
                    j += 1
                if j - i + 1 < 3:
                    j = i
            out.append(cleaned[pos:tok.start].lower())
            if tok.variants:
                out.append(_collapse("".join(t.variants[0] for t in toks[i:j + 1])))
            else:
                out.append(cleaned[tok.start:toks[j].end].lower())
            pos = toks[j].end
            i = j + 1
        out.append(cleaned[pos:].lower())
        return "".join(out).replace("ё", "е")
    except Exception:  # noqa: BLE001 - a user message must never crash NLU
        logger.exception("normalize_for_profanity failed on %d chars", len(text))
        return text.lower() if isinstance(text, str) else ""


def find_profanity(text: Any) -> List[str]:
    """The offending words (or two-word phrases) as they appear in ``text``, in order."""
    if not isinstance(text, str) or not text.strip():
        return []
    try:
        cleaned = _unicode_clean(text)
        return [cleaned[s:e] for s, e in _scan(cleaned)]
    except Exception:  # noqa: BLE001 - a user message must never crash NLU
        logger.exception("find_profanity failed on a message of %d chars", len(text))
        return []


def is_profane(text: Any) -> bool:
    """True when ``text`` has мат, a vulgarism or an insult (see the module docstring)."""
    return bool(find_profanity(text))
