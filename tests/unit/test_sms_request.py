"""«Отправьте по СМС» (actions/sms.py): which phone, which text, how the number is named back."""
from rasa_sdk import Tracker

from actions.sms import last_answer, phone_end, sms_phone


def tracker(events, metadata=None, slots=None) -> Tracker:
    return Tracker("c1", slots or {}, {"text": "отправьте по смс", "metadata": metadata or {}}, events, False, None,
                   {}, "action_listen")


def user(text):
    return {"event": "user", "text": text}


def bot(text, response):
    return {"event": "bot", "text": text, "metadata": {"utter_action": response}}


def test_an_unidentified_caller_gets_the_sms_on_the_number_they_call_from():
    assert sms_phone(tracker([], metadata={"channel": "voice", "caller_phone": "+79031234567"})) == "+79031234567"
    assert sms_phone(tracker([], metadata={"caller_phone": "anonymous"})) is None
    assert sms_phone(tracker([])) is None  # a chat without identification: no number to send to


def test_the_text_is_the_answer_before_the_request_without_its_closing_question():
    events = [user("как вернуть товар"), bot("Пожалуйста, запишите данные…", "utter_return_address"),
              bot("Компания компенсирует…", "utter_return_refund_rules"),
              bot("Могу ли я Вам ещё чем-нибудь помочь?", "utter_anything_else"), user("отправьте по смс")]
    assert last_answer(tracker(events)) == ["Пожалуйста, запишите данные…", "Компания компенсирует…"]
    assert last_answer(tracker([user("отправьте по смс")])) == []


def test_the_number_is_named_by_its_last_four_digits():
    assert phone_end("+79001000101", spoken=True) == "ноль один, ноль один"
    assert phone_end("+79161234567", spoken=False) == "45-67"
