"""A 1–5 rating said or typed: what the NLU guard and the rating action read from the customer's words."""
import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_guards import DataIntentGuard
from bot.russian.ratings import only_a_rating, rating_in


@pytest.mark.parametrize("text, value", [("один", 1), ("1", 1), ("Пятёрочка", 5), ("два", 2), ("одна звезда", 1),
                                         ("ставлю четыре из пяти", 4), ("ну, 5 баллов", 5), ("на тройку", 3)])
def test_a_rating_alone(text: str, value: int) -> None:
    assert only_a_rating(text) and rating_in(text) == value


@pytest.mark.parametrize("text", ["один не пришёл", "два товара", "10", "2.5", "заказ 3", "89161234567", "четыре пять",
                                  "пятёрочка на Ленина", ""])
def test_more_than_a_rating_or_none(text: str) -> None:
    assert not only_a_rating(text)


@pytest.mark.parametrize("text, misread", [("один", "return_incomplete"), ("пятёрочка", "info_carrier_phone"),
                                           ("два", "inform")])
def test_the_guard_makes_a_said_number_a_rating(text: str, misread: str) -> None:
    chosen = {"name": misread, "confidence": 0.5}
    message = Message(data={TEXT: text, INTENT: chosen, INTENT_RANKING_KEY: [chosen]})
    assert DataIntentGuard().process([message])[0].get(INTENT)["name"] == "rate"
