"""bot.russian.clauses: two questions in one message, answers that open with «да» or «нет», messages that say
nothing; and bot.nlu.intent_guards.NothingSaidGuard, which makes those not understood."""
from __future__ import annotations

import pytest

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_guards import DataIntentGuard, NothingSaidGuard
from bot.russian.clauses import (has_two_clauses, only_announces_a_question, only_fillers, opens_with_no,
                                 opens_with_yes, says_nothing_known)


@pytest.mark.parametrize("text", ["да", "Да, может быть муж", "  ага ", "конечно заказывала", "Хорошо, спасибо"])
def test_yes_openings(text: str) -> None:
    assert opens_with_yes(text)
    assert not opens_with_no(text)


@pytest.mark.parametrize("text", ["нет", "Нет, не заказывал", "не надо", "неа"])
def test_no_openings(text: str) -> None:
    assert opens_with_no(text)
    assert not opens_with_yes(text)


@pytest.mark.parametrize("text", ["дайте номер", "данные такие", "нетронутая упаковка", "", "окно"])
def test_words_that_only_begin_like_yes_or_no(text: str) -> None:
    assert not opens_with_yes(text)
    assert not opens_with_no(text)


def test_two_questions() -> None:
    assert has_two_clauses("где посылка и дайте номер почты")
    assert has_two_clauses("где посылка? когда привезут?")
    assert not has_two_clauses("где моя посылка?")


@pytest.mark.parametrize("text", ["ну", "Ну…", "эээ", "эээ... хм", "ммм", "Хмм", "ааа ну"])
def test_hesitation_sounds_alone(text: str) -> None:
    assert only_fillers(text) and says_nothing_known(text)


@pytest.mark.parametrize("text", ["ну да", "ну где посылка", "ммм 5", "угу", ""])
def test_hesitation_with_something_said(text: str) -> None:
    assert not only_fillers(text)


@pytest.mark.parametrize("text", ["лалала", "аваыв", "ыыы ммм", "шмяк"])
def test_no_dictionary_word(text: str) -> None:
    assert says_nothing_known(text)


@pytest.mark.parametrize("text", ["кот в сапогах", "хочу вернуть", "Shmukler", "заказ 123", "ok", "Иванова"])
def test_a_known_word_latin_or_digits_say_something(text: str) -> None:
    assert not says_nothing_known(text)


@pytest.mark.parametrize("text", ["есть вопрос", "У меня вопрос", "вопросы есть", "девушка, можно вопрос?",
                                  "хотела спросить", "а можно у вас уточнить", "подскажите пожалуйста"])
def test_a_question_announced_but_not_asked(text: str) -> None:
    assert only_announces_a_question(text)


@pytest.mark.parametrize("text", ["здравствуйте у меня вопрос", "вопрос по заказу", "вопросов больше нет",
                                  "нет вопросов", "у меня вопрос 12345", "хочу узнать где посылка", ""])
def test_a_greeting_a_topic_or_a_farewell_is_more_than_an_announcement(text: str) -> None:
    assert not only_announces_a_question(text)


def _message(text: str, intent: str, confidence: float = 0.6) -> Message:
    chosen = {"name": intent, "confidence": confidence}
    return Message(data={TEXT: text, INTENT: chosen, INTENT_RANKING_KEY: [chosen, {"name": "inform", "confidence": 0.1}]})


@pytest.mark.parametrize("text, intent", [("ну", "goodbye"), ("эээ", "out_of_scope"), ("лалала", "out_of_scope"),
                                          ("аваыв", "out_of_scope"), ("есть вопрос", "greet"),
                                          ("у меня вопрос", "goodbye")])
def test_guard_makes_a_message_that_says_nothing_not_understood(text: str, intent: str) -> None:
    message = NothingSaidGuard().process([_message(text, intent)])[0]
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["nlu_fallback", intent, "inform"]


@pytest.mark.parametrize("text, intent", [("угу", "affirm"), ("лалала", "greet"), ("кот в сапогах", "out_of_scope"),
                                          ("ну и где посылка", "order_status"), ("ыыы", "profanity")])
def test_guard_leaves_messages_that_say_something_or_a_topic_it_cannot_judge(text: str, intent: str) -> None:
    assert NothingSaidGuard().process([_message(text, intent)])[0].get(INTENT)["name"] == intent


@pytest.mark.parametrize("text, intent", [("Как отменить заказ Ozon Global после оплаты", "order_cancel"),
                                          ("Когда возвращаются деньги при возврате на Wildberries?", "refund_status"),
                                          ("где моя посылка с алиэкспресс", "order_status"),
                                          ("На Taobao оплатил товар, а посылки нет", "order_status"),
                                          ("продавец на алибабе не возвращает деньги", "refund_status"),
                                          ("как вернуть платье в Shein", "return_how"),
                                          ("посылка с Temu потерялась", "order_status"),
                                          ("как отменить заказ на валберис", "order_cancel")])
def test_another_marketplaces_order_is_out_of_scope(text: str, intent: str) -> None:
    message = DataIntentGuard().process([_message(text, intent)])[0]
    assert message.get(INTENT)["name"] == "out_of_scope"
    assert intent not in [r["name"] for r in message.get(INTENT_RANKING_KEY)]  # not answered in passing either


@pytest.mark.parametrize("text, intent", [("Когда вернут деньги за лечение?", "refund_status"),
                                          ("хочу отменить бронь столика в ресторане", "order_cancel"),
                                          ("авиакомпания потеряла мой багаж", "order_status"),
                                          ("перенесите доставку пиццы на восемь", "order_change_delivery"),
                                          ("отмените мою запись в барбершоп на пятницу", "order_cancel"),
                                          ("когда вернут деньги за экскурсию", "refund_status"),
                                          ("курьер из пекарни опоздал, где мой заказ", "order_status"),
                                          ("хочу оформить микрозайм", "order_new"),
                                          ("примете заказ в пирожковой на завтра?", "order_new"),
                                          ("оплатил накрутку лайков, пришла половина", "return_incomplete"),
                                          ("провайдер списал деньги дважды, верните", "refund_status")])
def test_another_kind_of_business_is_out_of_scope(text: str, intent: str) -> None:
    message = DataIntentGuard().process([_message(text, intent)])[0]
    assert message.get(INTENT)["name"] == "out_of_scope"


@pytest.mark.parametrize("text, intent", [
    ("на почте не отдадут посылку, фамилия в заказе не совпадает с паспортом", "order_change_name"),
    ("посоветовалась с врачом, отмените заказ на тонометр", "order_cancel"),
    ("деньги за возврат вернутся на банковскую карту?", "refund_status"),
    ("верну домашний кинотеатр, звук не понравился", "return_dislike"),
    ("фитнес-браслет перестал заряжаться", "return_defect"),
    ("водитель такси нагрубил, хочу пожаловаться", "complaint")])  # a complaint is not acted on as a topic
def test_words_a_parcel_may_need_leave_the_topic_alone(text: str, intent: str) -> None:
    assert DataIntentGuard().process([_message(text, intent)])[0].get(INTENT)["name"] == intent


@pytest.mark.parametrize("text, intent", [("спасибо, тогда куплю на озоне", "thank"), ("где моя посылка", "order_status"),
                                          ("поменяйте тему письма", "order_change_items")])  # «тему» is not Temu
def test_no_marketplace_or_no_topic_is_left_alone(text: str, intent: str) -> None:
    assert DataIntentGuard().process([_message(text, intent)])[0].get(INTENT)["name"] == intent
