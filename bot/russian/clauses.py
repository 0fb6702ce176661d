"""How a message is built: does it ask two things, does it open with «да» or «нет».

Shared by the NLU (AmbiguityResolver) and the actions (the second question answered in passing).
"""
import re

from bot.russian import morphology

_TWO_CLAUSES = re.compile(r"\s(и|а также|а ещё|а еще|ещё|еще|плюс)\s|\?.*\?", re.I)


def has_two_clauses(text: str) -> bool:
    return bool(_TWO_CLAUSES.search(text or ""))


_YES = re.compile(r"^\s*(да|ага|угу|конечно|верно|точно|ок|хорошо)\b", re.I)
_NO = re.compile(r"^\s*(нет|неа|не надо|не нужно)\b", re.I)


def opens_with_yes(text: str) -> bool:
    """«да, может быть муж»: the message starts as a yes."""
    return bool(_YES.match(text or ""))


def opens_with_no(text: str) -> bool:
    return bool(_NO.match(text or ""))


# Sounds people make while thinking («ну…», «эээ», «хм», «ммм»): on the phone they come before the answer.
_FILLER = re.compile(r"^(?:н+у+|х+м+|г+м+|к?х+м+|э+м*|м+|а+|о+|ой|ох|ах|ух)$")
_DIGIT = re.compile(r"\d")


def only_fillers(text: str) -> bool:
    """«ну», «эээ… хм»: nothing but sounds of hesitation."""
    words = morphology.words(text)
    return bool(words) and not _DIGIT.search(text or "") and all(_FILLER.match(w) for w in words)


def says_nothing_known(text: str) -> bool:
    """No word of the dictionary but interjections and fillers («лалала», «ыыы ммм», «аваыв»): keyboard mashing,
    humming, or a transcript of noise. A word outside the dictionary in Latin letters or with digits may be a
    name or a code, so it counts as saying something."""
    words = morphology.words(text)
    if not words or _DIGIT.search(text or ""):
        return False
    for word in words:
        if _FILLER.match(word):
            continue
        if not morphology.is_cyrillic_word(word):
            return False
        if morphology.is_known(word) and not any(p.tag.POS == "INTJ" for p in morphology.parses(word)[:1]):
            return False
    return True


# «есть вопрос», «у меня вопросик», «можно спросить?», «подскажите пожалуйста»: the customer announces a question
# but has not asked it yet. Whatever the classifier picks (a greeting, a farewell: «вопросов больше нет»), the
# assistant should ask what it is about. With a greeting word the message is a greeting and is left alone.
_QUESTION_WORDS = frozenset({"вопрос", "вопросик", "спросить", "поинтересоваться", "подсказать", "уточнить",
                             "узнать", "проконсультировать", "консультация"})
_ANNOUNCING_WORDS = _QUESTION_WORDS | frozenset({  # lemmas: «меня», «мне» are «я», «скажите» is «сказать»
    "у", "я", "мы", "есть", "быть", "можно", "мочь", "хотеть", "хотеться", "задать", "один", "такой", "вот", "а",
    "и", "еще", "небольшой", "маленький", "пожалуйста", "вы", "к", "ко", "бы", "ли", "тут", "тогда", "ну",
    "девушка", "сказать", "кое-что", "что", "что-то"})


def only_announces_a_question(text: str) -> bool:
    """«есть вопрос», «а можно спросить»: a question announced, nothing asked yet (no topic, no data)."""
    if _DIGIT.search(text or ""):
        return False
    lemmas = [morphology.lemma(word) for word in morphology.words(text)]
    return (any(word in _QUESTION_WORDS for word in lemmas)
            and all(word in _ANNOUNCING_WORDS or _FILLER.match(word) for word in lemmas))
