"""jambonz contract: scripted calls through the Rasa server's /webhooks/jambonz/ hooks.

Every verb array the application returns is validated against jambonz's own published JSON Schemas
(FakeJambonz does it on each hook, and validates its own payloads against the callback schemas), and
each test asserts the course of the call: what the caller hears and what jambonz is told to do.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List

import requests
from urllib.parse import unquote

import pytest

from bot.local_stack import Stack
from tests.voice.conftest import WEBHOOK_SECRET
from bot.voice.jambonz import JambonzInput
from bot.voice.jambonz_verbs import gather as gather_verb
from bot.voice.steps import Listen
from tests.voice.jambonz_peer import FakeJambonz, GatherFailed, Verbs, heard
from tests.voice.schemas import JambonzSchemas

SHPI_SPOKEN = "сто семьдесят, сто двадцать три, четыреста пятьдесят шесть, семьсот восемьдесят девять, ноль один"
CALL_BACK = "Перезвоните, пожалуйста, возможно качество связи улучшится. Спасибо за звонок, всего доброго"


@pytest.fixture
def call(stack: Stack, schemas: JambonzSchemas) -> FakeJambonz:
    return FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas)


def only_gather(verbs: Verbs) -> Dict[str, Any]:
    assert [v["verb"] for v in verbs] == ["gather"], verbs
    return verbs[0]


def assert_listens_for_speech_and_digits(gather: Dict[str, Any]) -> None:
    assert gather["input"] == ["speech", "digits"]
    assert gather["recognizer"]["language"] == "ru-RU"
    assert gather["recognizer"]["vendor"] == "default"  # the application's recognizer (see the vendor test)
    assert gather["recognizer"]["minConfidence"] == 0.5
    assert gather["bargein"] is True and gather["dtmfBargein"] is True
    assert gather["actionHook"] == "/webhooks/jambonz/action"


def identify_by_caller_id(call: FakeJambonz) -> None:
    greeting = only_gather(call.dial_in())
    assert heard([greeting]).startswith("Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса")
    asked = heard(call.say("где моя посылка"))
    assert "Иванова Мария Петровна, верно?" in asked
    assert "номер телефона" not in asked  # the card loaded by caller id: nobody asks the caller


def test_schemas_reject_what_jambonz_would_reject(schemas: JambonzSchemas) -> None:
    # The validator is not vacuous: broken verbs of the kinds the adapter emits fail.
    assert schemas.app_errors([{"verb": "gather", "input": ["voice"], "actionHook": "/a"}])
    assert schemas.app_errors([{"verb": "gather", "input": ["speech"], "recognizer": {"language": "ru-RU"}}])
    assert schemas.app_errors([{"verb": "dial", "target": []}])
    assert schemas.app_errors([{"verb": "sip:refer"}])
    assert schemas.app_errors([])
    assert not schemas.app_errors([{"verb": "say", "text": "Здравствуйте"}, {"verb": "hangup"}])


def test_greeting_listens_for_russian_speech_and_keys_with_domain_hints(call: FakeJambonz) -> None:
    gather = only_gather(call.dial_in())
    assert_listens_for_speech_and_digits(gather)
    assert gather["say"]["text"] == "Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса. Чем могу Вам помочь?"
    hints = gather["recognizer"]["hints"]
    assert {"заказ", "посылка", "Почта России", "СДЭК", "Boxberry"} <= set(hints)
    assert gather["finishOnKey"] == "#" and gather["maxDigits"] >= 11  # a phone can be keyed in


def test_where_is_my_parcel_by_caller_id_then_farewell_and_hang_up(call: FakeJambonz, stack: Stack) -> None:
    identify_by_caller_id(call)
    answer = call.say("да")
    spoken = heard(answer)
    assert "Мария Петровна, заказ уже отправлен" in spoken
    assert SHPI_SPOKEN in spoken and "17012345678901" not in spoken  # the ШПИ in digit groups
    assert "(ШПИ)" not in spoken
    # over 30 s of speech with the ШПИ in words: said in parts (bot/voice/pacing.py), the last one listened to
    assert [v["verb"] for v in answer][-1] == "gather" and {v["verb"] for v in answer[:-1]} <= {"say"}
    assert_listens_for_speech_and_digits(answer[-1])
    # The farewell asks for the 1–5 rating: one key, a short wait, then the call ends.
    farewell = only_gather(call.say("нет"))
    # 001: on the phone the farewell thanks for the call.
    assert "Мария Петровна, спасибо за звонок. Всего доброго!" in farewell["say"]["text"]
    assert "от 1 до 5" in farewell["say"]["text"]
    assert farewell["numDigits"] == 1 and farewell["timeout"] <= 5
    thanks = call.press("5")
    assert [v["verb"] for v in thanks] == ["say", "hangup"]
    assert "Спасибо за оценку" in thanks[0]["text"]
    assert [r.rating for r in _ratings(stack, call.conversation_id)] == [5]
    call.hang_up()


def test_no_rating_after_the_farewell_hangs_up_without_asking_again(call: FakeJambonz) -> None:
    call.dial_in()
    call.say("где моя посылка")
    call.say("да")
    call.say("нет")
    assert call.stay_silent() == [{"verb": "hangup"}]


def test_silence_three_times_then_call_back_phrase_and_hang_up(call: FakeJambonz) -> None:
    call.dial_in()
    for _ in range(3):
        gather = only_gather(call.stay_silent())
        assert gather["say"]["text"] == "Вы меня слышите?"
        assert_listens_for_speech_and_digits(gather)
    closing = call.stay_silent()
    assert [v["verb"] for v in closing] == ["say", "hangup"]
    assert closing[0]["text"].startswith(CALL_BACK)


def test_silence_counter_restarts_after_an_answer_and_names_the_customer(call: FakeJambonz) -> None:
    identify_by_caller_id(call)
    call.stay_silent()
    call.stay_silent()
    call.say("да")  # answered: three more chances
    for _ in range(3):
        assert heard(call.stay_silent()) == "Мария Петровна, Вы меня слышите?"
    assert call.stay_silent()[-1] == {"verb": "hangup"}


def test_two_misunderstandings_open_the_keypad_menu(call: FakeJambonz, not_understood: List[str]) -> None:
    call.dial_in()
    first = only_gather(call.say(not_understood[0]))
    assert "Уточните, пожалуйста, что Вас интересует" in first["say"]["text"]
    assert "Скажите или нажмите: 1 — " in first["say"]["text"]  # the likely topics, as keys
    assert "speech" in first["input"]  # one miss: still a conversation
    menu = only_gather(call.say(not_understood[1]))
    assert menu["say"]["text"].startswith("Извините, я не совсем поняла Ваш вопрос.")
    assert sorted(menu["input"]) == ["digits", "speech"] and menu["numDigits"] == 1
    for choice in ("Где посылка — нажмите 1", "Возврат товара — 2", "Деньги за возврат — 3",
                   "Звонок автоинформатора — 4", "Бонусная карта — 5", "Соединить с оператором — 0"):
        assert choice in menu["say"]["text"]
    # 1 = где посылка: the assistant takes it as the topic and identifies the caller by the number.
    assert "Иванова Мария Петровна, верно?" in heard(call.press("1"))


def test_menu_repeats_on_a_key_it_does_not_have(call: FakeJambonz, not_understood: List[str]) -> None:
    call.dial_in()
    call.say(not_understood[0])
    call.say(not_understood[1])
    again = only_gather(call.press("7"))
    assert sorted(again["input"]) == ["digits", "speech"] and "Где посылка — нажмите 1" in again["say"]["text"]


def test_operator_said_in_the_keypad_menu_transfers(call: FakeJambonz, not_understood: List[str]) -> None:
    # jambonz: the menu's gather hears speech as well as keys (the peer refuses to say anything into a
    # digits-only gather, as jambonz would not hear it).
    call.dial_in()
    call.say(not_understood[0])
    call.say(not_understood[1])
    transfer = call.say("оператор")
    assert [v["verb"] for v in transfer] == ["say", "dial"]
    assert transfer[1]["headers"]["X-Ticket-Id"].isdigit()


def test_a_topic_said_in_the_keypad_menu_is_answered(call: FakeJambonz, not_understood: List[str]) -> None:
    call.dial_in()
    call.say(not_understood[0])
    call.say(not_understood[1])
    assert "Иванова Мария Петровна, верно?" in heard(call.say("где моя посылка"))


def test_key_zero_transfers_with_the_context_in_sip_headers(call: FakeJambonz, stack: Stack) -> None:
    identify_by_caller_id(call)
    call.say("да")
    transfer = call.press("0")
    assert [v["verb"] for v in transfer] == ["say", "dial"]
    assert "соединю вас со специалистом" in transfer[0]["text"]
    dial = transfer[1]
    assert dial["target"] == [{"type": "sip", "sipUri": "sip:operators@pbx.test"}]
    headers = dial["headers"]
    assert headers["X-Conversation-Id"] == call.conversation_id
    assert headers["X-Identified"] == "yes"
    assert headers["X-Customer-Id"] == "C001" and headers["X-Order-Id"] == "1000037"
    assert headers["X-Topic"] == "order_status" and headers["X-Handover-Kind"] == "operator"
    assert unquote(headers["X-Handover-Reason"]) == "клиент просит соединить с оператором"
    assert all(value.isascii() for value in headers.values())
    # The ticket the header names is the one stored for this conversation.
    tickets = _tickets(stack, call.conversation_id)
    assert [str(t.id) for t in tickets] == [headers["X-Ticket-Id"]]
    assert tickets[0].customer_id == "C001" and tickets[0].order_id == "1000037"
    # The operator talked to the caller and hung up: the call ends.
    assert call.dial_ended("completed") == [{"verb": "hangup"}]


def test_operator_word_transfers_an_unidentified_caller(call: FakeJambonz) -> None:
    call.dial_in()
    transfer = call.say("оператор")
    assert [v["verb"] for v in transfer] == ["say", "dial"]
    headers = transfer[1]["headers"]
    assert headers["X-Identified"] == "no" and "X-Customer-Id" not in headers
    assert headers["X-Ticket-Id"].isdigit()


def test_operator_not_answering_gets_the_ticket_phrase_and_hang_up(call: FakeJambonz) -> None:
    call.dial_in()
    call.say("соедините с оператором")
    ended = call.dial_ended("no-answer")
    assert [v["verb"] for v in ended] == ["say", "hangup"]
    assert "информация по вашему вопросу зафиксирована" in ended[0]["text"].lower()


def test_unknown_number_is_asked_aloud_and_keyed_in(stack: Stack, schemas: JambonzSchemas) -> None:
    call = FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas, caller="anonymous")
    call.dial_in()
    question = only_gather(call.say("где моя посылка"))
    assert "номер телефона" in question["say"]["text"]
    assert "digits" in question["input"] and question["maxDigits"] >= 11
    assert "Иванова Мария Петровна, верно?" in heard(call.press("89001000101"))


def test_denied_caller_id_card_asks_the_identity_question_aloud(call: FakeJambonz) -> None:
    identify_by_caller_id(call)
    question = only_gather(call.say("нет"))
    assert "номер телефона" in question["say"]["text"]
    assert "верно?" not in question["say"]["text"]
    # The same number is not offered twice; the caller's own answer is used.
    assert "Кузнецов Алексей Иванович, верно?" in heard(call.say("89001000201"))


def test_unknown_caller_id_is_not_the_end_the_question_is_asked(stack: Stack, schemas: JambonzSchemas) -> None:
    # 004: «Карта клиента не подгрузилась: Уточните, пожалуйста, номер телефона/ФИО…», not «не вижу заказов».
    call = FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas, caller="+79990000000")
    call.dial_in()
    question = only_gather(call.say("где моя посылка"))
    assert "номер телефона" in question["say"]["text"]
    assert "не вижу заказов" not in question["say"]["text"] and "Всего доброго" not in question["say"]["text"]
    assert "Иванова Мария Петровна, верно?" in heard(call.press("89001000101"))


def test_caller_who_cannot_hear_three_times_is_asked_to_call_back(call: FakeJambonz) -> None:
    # 001 «Если клиент не слышит»: «Вы меня слышите?» while the dialogue may resume, then «Перезвоните…».
    call.dial_in()
    asked = heard(call.say("где моя посылка"))
    again = only_gather(call.say("алло, вас не слышно"))
    assert again["say"]["text"] == f"Вы меня слышите? {asked}"
    call.say("не слышу")
    closing = call.say("ничего не слышу")
    assert [v["verb"] for v in closing] == ["say", "hangup"]
    assert closing[0]["text"].startswith(CALL_BACK)


def test_a_dropped_call_mid_topic_leaves_a_callback_ticket(stack: Stack, schemas: JambonzSchemas) -> None:
    # 002: a call broken off in an active conversation is called back once.
    call = FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas, caller="+79161234567")
    call.dial_in()
    call.say("где моя посылка")
    assert "несколько заказов" in heard(call.say("да"))
    call.hang_up()
    [ticket] = _tickets(stack, call.conversation_id)
    assert ticket.kind == "callback" and ticket.customer_id and "перезвонить" in ticket.reason


def test_a_call_dropped_before_anything_started_leaves_no_ticket(call: FakeJambonz, stack: Stack) -> None:
    # 002: «оператор не успел ничего сказать… клиент сбросил — мы не перезваниваем».
    call.dial_in()
    call.say("где моя посылка")  # «…, верно?» by caller id: not identified yet
    call.hang_up()
    assert _tickets(stack, call.conversation_id) == []


@pytest.mark.parametrize("hook, callback_schema", [("call", "session-new"), ("action", "gather"),
                                                   ("transfer", "dial"), ("status", "call-status")])
def test_unsigned_or_forged_hooks_are_refused(call: FakeJambonz, hook: str, callback_schema: str) -> None:
    payload = {"call_sid": call.call_sid, "from": call.caller, "to": "+74950000000", "direction": "inbound"}
    assert call.post(hook, payload, callback_schema, signed=False).status_code == 403
    forged = FakeJambonz(call.base_url.rsplit("/webhooks", 1)[0], "wrong-secret", call.schemas)
    assert forged.post(hook, payload, callback_schema).status_code == 403


def _store(store_url: str) -> Any:
    import os

    os.environ["ORDER_STORE_URL"] = store_url
    from store import queries

    return queries


def _tickets(stack: Stack, conversation_id: str) -> List[Any]:
    return _store(stack.store_url).tickets(conversation_id)


def _ratings(stack: Stack, conversation_id: str) -> List[Any]:
    return [r for r in _store(stack.store_url).ratings() if r.conversation_id == conversation_id]


def test_every_response_of_a_whole_call_is_recorded_valid(call: FakeJambonz) -> None:
    # A call through every kind of turn; FakeJambonz has validated each response on the way.
    identify_by_caller_id(call)
    call.say("да")
    call.stay_silent()
    call.press("0")
    call.dial_ended("busy")
    verbs_used = {v["verb"] for response in call.responses for v in response}
    assert verbs_used == {"gather", "say", "dial", "hangup"}
    assert json.dumps(call.responses, ensure_ascii=False)  # serialisable as jambonz received it


# --- the recogniser vendor (jambonz-feature-server lib/tasks/stt-task.js SttTask.exec, _initSpeechCredentials) ---

def test_speech_goes_to_the_applications_recognizer_when_none_is_configured(stack: Stack,
                                                                            schemas: JambonzSchemas) -> None:
    # An account whose only speech credentials are Microsoft's, set as the application's recognizer.
    call = FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas, application_recognizer="microsoft",
                       account_stt_vendors=("microsoft",))
    call.dial_in()
    assert call.recognizer_vendor() == "microsoft"
    assert "Иванова Мария Петровна, верно?" in heard(call.say("где моя посылка"))


def test_the_peer_fails_a_gather_forced_onto_a_vendor_the_account_lacks(stack: Stack,
                                                                        schemas: JambonzSchemas) -> None:
    # What a forced `google` did to such an account: no actionHook, the caller left in silence.
    call = FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas, application_recognizer="microsoft",
                       account_stt_vendors=("microsoft",))
    call.responses.append([{"verb": "gather", "input": ["speech", "digits"], "actionHook": "/webhooks/jambonz/action",
                            "recognizer": {"vendor": "google", "language": "ru-RU"}}])
    with pytest.raises(GatherFailed):
        call.say("где моя посылка")


def test_a_configured_recognizer_vendor_and_confidence_floor_are_used() -> None:
    channel = JambonzInput.from_credentials({"recognizer_vendor": "custom:yandex", "min_confidence": "0.7"})
    recognizer = gather_verb(Listen(prompt="Чем могу помочь?"), channel.settings)["recognizer"]
    assert recognizer["vendor"] == "custom:yandex" and recognizer["minConfidence"] == 0.7
    unset = JambonzInput.from_credentials({"min_confidence": "0"})
    assert "minConfidence" not in gather_verb(Listen(prompt="…"), unset.settings)["recognizer"]


# --- garbage speech (gather.js TaskGather._onTranscription and _resolve: reason stt-low-confidence) ---

def test_low_confidence_speech_is_clarified_then_handed_to_an_operator_with_a_ticket(call: FakeJambonz,
                                                                                    stack: Stack) -> None:
    call.dial_in()
    clarify = only_gather(call.say("бу бу ээ", confidence=0.2))  # below the gather's minConfidence
    assert call.payloads[-1]["reason"] == "stt-low-confidence" and "speech" not in call.payloads[-1]
    assert clarify["say"]["text"].startswith("Извините, я не совсем поняла Ваш вопрос.")
    assert "speech" in clarify["input"]
    transfer = call.say("мм ну это", confidence=0.3)
    assert [v["verb"] for v in transfer] == ["say", "dial"]
    ticket = transfer[1]["headers"]["X-Ticket-Id"]
    assert [str(t.id) for t in _tickets(stack, call.conversation_id)] == [ticket]


def test_a_clear_answer_after_one_unsure_one_is_taken_as_usual(call: FakeJambonz) -> None:
    call.dial_in()
    call.say("ээ", confidence=0.1)
    assert "Иванова Мария Петровна, верно?" in heard(call.say("где моя посылка", confidence=0.92))


# --- hooks that name no call ---

@pytest.mark.parametrize("hook", ["call", "action", "hold", "transfer", "status"])
@pytest.mark.parametrize("body", [b"[]", b"{}", b'{"from": "+79001000101", "reason": "timeout"}', b'{"call_sid": ""}'])
def test_a_signed_hook_without_a_call_sid_is_refused_and_reaches_no_conversation(call: FakeJambonz, stack: Stack,
                                                                                 hook: str, body: bytes) -> None:
    refused = call.post_body(hook, body)
    assert refused.status_code == 400, refused.text
    tracker = requests.get(f"{stack.base_url}/conversations/jambonz-/tracker", timeout=30).json()
    assert [e for e in tracker["events"] if e["event"] in ("user", "bot")] == []
