"""Prank calls over REST (seed 001 «Хулиганские обращения (баловство детей)»: «Проинформировать о наказании
согласно УК РФ»): the first prank gets the script's warning and the conversation goes on, the second ends it;
rude words stay on the profanity track and angry customers get empathy."""
import pytest

from tests.conversation.helpers import identify

WARNING = "может быть расценено как хулиганское, что влечет за собой уголовное наказание"
CLOSED = "Разговор завершён"
IVANOVA = ("89001000101", "Иванова Мария Петровна")


def ends(replies) -> bool:
    return any(r.get("custom", {}).get("end_conversation") for r in replies)


@pytest.mark.parametrize("first, second", [
    ("алло это зоопарк? позовите жирафа", "ха ха ха мы прикалываемся"),
    ("а у вас холодильник бежит? ловите его", "тётенька а вы кто"),
])
def test_a_prank_gets_the_warning_then_the_second_ends_the_conversation(customer, first, second):
    warned = customer.says(first)
    assert WARNING in warned[0]["text"] and not ends(warned)
    closing = customer.says(second)
    assert WARNING in closing[0]["text"] and closing[0]["text"].endswith("Всего доброго.")
    assert ends(closing)
    assert CLOSED in customer.says_text("где моя посылка")


def test_after_the_warning_a_real_question_is_answered(customer):
    # A misheard customer (or a parent taking the phone) is not cut off by one prank.
    assert WARNING in customer.says_text("хи хи хи мы балуемся")
    assert "номер телефона или ФИО" in customer.says_text("где моя посылка")


def test_a_prank_during_identification_keeps_the_question(customer):
    customer.says_text("где посылка")
    answer = customer.says_text("а вы продаёте бегемотов? хи хи")
    assert WARNING in answer and "номер телефона или ФИО" in answer


def test_an_identified_customer_is_warned_too(customer):
    identify(customer, *IVANOVA)
    assert WARNING in customer.says_text("это морг? а почему вы живые")


@pytest.mark.parametrize("message", ["иди нахуй", "ты тупая что ли"])
def test_rude_words_stay_on_the_profanity_track(customer, message):
    answer = customer.says_text(message)
    assert "не можем вести разговор в подобном тоне" in answer and WARNING not in answer


@pytest.mark.parametrize("message", ["вы издеваетесь надо мной?", "я буду жаловаться, это возмутительно"])
def test_an_angry_clean_complaint_is_not_a_prank(customer, message):
    answer = customer.says_text(message)
    assert "Я понимаю Ваше недовольство" in answer and WARNING not in answer


@pytest.mark.parametrize("message", ["алло, это кто?", "алло алло, а кто это звонит?", "а кто это говорит?"])
def test_a_caller_who_asks_who_this_is_is_not_warned(customer, message):
    # The prank examples ask «а вы кто» too (with «хихи», «тётенька»); a plain «who is this» must never hear
    # the warning of criminal liability (config.yml's confidence floor and the identity questions' examples).
    replies = customer.says(message)
    assert replies and not any(WARNING in r.get("text", "") for r in replies)
    assert not ends(replies)
