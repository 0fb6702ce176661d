"""Conversation discipline (seeds 001–003) over REST: repeats, profanity, empathy, clarification,
farewell and rating, topic switches."""
import pytest

from tests.conversation.helpers import TRANSFER, identify, ticket_kinds

CLOSED = "Разговор завершён"


def test_repeat_in_full_at_most_three_times(customer):
    answer = customer.says_text("где вы находитесь?")
    assert "сервисную линию Компании в Москву" in answer
    assert customer.says_text("повторите пожалуйста") == answer
    assert customer.says_text("не расслышала, повторите ещё раз") == answer
    closing = customer.says("повторите")
    assert "на данный момент это вся информация" in closing[0]["text"].lower()
    assert any(r.get("custom", {}).get("end_conversation") for r in closing)


@pytest.mark.parametrize("first, second", [
    ("ты тупая сука", "иди нахуй"),
    ("х*р вам а не деньги", "да пошли вы все на х*й"),
    ("blyad, gde moya posylka", "suka"),
    ("вы все пидоры", "б л я т ь"),
])
def test_profanity_warning_then_closing_then_closed(customer, first, second):
    assert "не можем вести разговор в подобном тоне" in customer.says_text(first)
    closing = customer.says(second)
    assert "не можем продолжать разговор в подобном тоне. Всего доброго" in closing[0]["text"]
    assert any(r.get("custom", {}).get("end_conversation") for r in closing)
    assert CLOSED in customer.says_text("ну извините, где моя посылка?")
    assert CLOSED in customer.says_text("8 900 100-01-01")
    customer.says("/restart")
    assert "номер телефона или ФИО" in customer.says_text("где моя посылка")


def test_profanity_during_identification_keeps_the_question(customer):
    customer.says_text("где посылка")
    answer = customer.says_text("да задолбали вы, бл*ть")
    assert "не можем вести разговор в подобном тоне" in answer and "номер телефона или ФИО" in answer


@pytest.mark.parametrize("message", [
    "это безобразие, вы все обманщики",
    "ужасный у вас сервис, я буду жаловаться",
])
def test_clean_angry_message_gets_empathy_not_the_profanity_track(customer, message):
    answer = customer.says_text(message)
    assert "Я понимаю Ваше недовольство" in answer and "Позвольте перед Вами извиниться" in answer
    assert "в подобном тоне" not in answer


def test_clean_words_that_look_obscene_are_not_punished(customer):
    answer = customer.says_text("хочу вернуть товар, мне прислали не ту страховку, я как потребитель требую")
    assert "в подобном тоне" not in answer


def test_unclear_question_gets_choices_then_an_operator(customer):
    replies = customer.says("вопрос по товару")
    text = replies[0]["text"]
    assert text.startswith("Уточните, пожалуйста, что Вас интересует:")
    assert replies[0]["buttons"] and all(b["payload"].startswith("/") for b in replies[0]["buttons"])
    answer = customer.says_text("есть вопрос")
    assert TRANSFER in answer
    [ticket] = customer.tickets()
    assert ticket.kind == "operator" and "вопрос по товару" in ticket.summary and "есть вопрос" in ticket.summary


def test_a_clarification_button_goes_back_into_the_conversation(customer):
    button = customer.says("вопрос по товару")[0]["buttons"][0]
    answer = customer.says_text(button["payload"])
    assert "номер телефона или ФИО" in answer or "Уточните" in answer


def test_farewell_rating_stored(customer, stack):
    identify(customer, "89001000101", "Иванова Мария Петровна")
    customer.says_text("где посылка")
    replies = customer.says("нет, спасибо, до свидания")
    texts = [r.get("text") or "" for r in replies]
    assert any("Всего доброго" in t for t in texts)
    assert not any("могу ли я Вам ещё" in t.lower() for t in texts)  # not asked when saying goodbye
    rating = next(r for r in replies if "Оцените" in (r.get("text") or ""))
    assert [b["title"] for b in rating["buttons"]] == ["1", "2", "3", "4", "5"]
    assert "Спасибо за оценку" in customer.says_text(rating["buttons"][4]["payload"])
    from store import queries

    assert [(r.conversation_id, r.rating) for r in queries.ratings() if r.conversation_id == customer.sender] == [
        (customer.sender, 5)]


def test_typed_rating(customer):
    customer.says("до свидания")
    assert "Спасибо за оценку" in customer.says_text("ставлю четыре")


def test_no_after_anything_else_is_a_farewell(customer):
    customer.says_text("где вы находитесь?")
    assert "Всего доброго" in customer.says_text("нет")


def test_topic_switch_during_identification_keeps_identification(customer):
    customer.says_text("где моя посылка")
    answer = customer.says_text("а как вернуть товар?")
    assert "номер телефона или ФИО" in answer
    customer.says_text("89002000101")
    answer = customer.says_text("да")
    assert "а/я 224" in answer and "заказ уже отправлен" not in answer


def test_topic_switch_instead_of_answering_a_question(customer):
    identify(customer, "89002000101", "Ершова Дарья Олеговна")
    assert "как Вы пользовались" in customer.says_text("брак, массажер сломался")
    answer = customer.says_text("дайте телефон сдэка")
    assert "8 800 250 04 05" in answer


def test_two_questions_in_one_message(customer):
    identify(customer, "89001000101", "Иванова Мария Петровна")
    answer = customer.says_text("где моя посылка и дайте номер почты россии")
    assert "заказ уже отправлен" in answer and "8 800 200 58 88" in answer


def test_operator_at_any_point_with_context(customer):
    identify(customer, "89002000101", "Ершова Дарья Олеговна")
    customer.says_text("товар не понравился")
    answer = customer.says("позовите живого человека")
    assert TRANSFER in answer[0]["text"]
    [ticket] = customer.tickets()
    assert ticket.customer_id == "C910" and "товар не понравился" in ticket.summary
    assert ticket_kinds(customer) == ["operator"]
