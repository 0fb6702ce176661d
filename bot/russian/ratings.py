"""A 1–5 rating in a message: «5», «пять», «пятёрочка», «ставлю четыре», «одна звезда».

On the phone a caller says the number, and «один» or «два» alone read to the classifier like a count of items
(«один не пришёл»); whether a number is a rating at all, the conversation decides (ActionStoreRating).
"""
import re
from typing import Dict, List, Optional

from bot.russian import morphology

RATING_WORDS: Dict[str, int] = {
    "один": 1, "одна": 1, "одну": 1, "единица": 1, "единицу": 1, "единичка": 1, "единичку": 1, "кол": 1,
    "два": 2, "две": 2, "двойка": 2, "двойку": 2, "двоечка": 2, "двоечку": 2,
    "три": 3, "тройка": 3, "тройку": 3, "троечка": 3, "троечку": 3,
    "четыре": 4, "четверка": 4, "четверку": 4, "четверочка": 4, "четверочку": 4,
    "пять": 5, "пятерка": 5, "пятерку": 5, "пятерочка": 5, "пятерочку": 5,
}
# Words said around a rating that do not change it: «ну, ставлю пять баллов», «на четыре из пяти».
_AROUND_A_RATING = frozenset({"на", "ну", "я", "вам", "вас", "ставлю", "поставлю", "ставим", "оценка", "оценку",
                              "оцениваю", "балл", "балла", "баллов", "звезда", "звезды", "звезд", "звездочка",
                              "звездочки", "из", "пяти", "пожалуй", "наверное", "думаю", "твердая", "твердую",
                              "моя", "мою", "честно", "ладно", "хорошо"})
_DIGIT_RATING = re.compile(r"(?<![\d.,])([1-5])(?![\d.,])")
_DIGITS = re.compile(r"\d+")


def rating_in(text: str) -> Optional[int]:
    """The first 1–5 in the message, as a digit or a word; None when there is none."""
    digits = _DIGIT_RATING.findall(text or "")
    if digits:
        return int(digits[0])
    return next((RATING_WORDS[w] for w in morphology.words(text) if w in RATING_WORDS), None)


def only_a_rating(text: str) -> bool:
    """«пять», «1», «ставлю четыре из пяти», «одна звезда»: one number, 1–5, and nothing but words said around
    a rating («2.5», «10», «четыре пять» are not one)."""
    words = morphology.words(text)
    numbers: List[int] = [RATING_WORDS[w] for w in words if w in RATING_WORDS]
    numbers += [int(d) for d in _DIGITS.findall(text or "")]
    return (len(numbers) == 1 and 1 <= numbers[0] <= 5
            and all(w in RATING_WORDS or w in _AROUND_A_RATING for w in words))
