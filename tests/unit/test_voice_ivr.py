"""bot.voice.ivr: the voice rules of the IVR core, with a scripted stand-in for the assistant."""
import asyncio
import pathlib
import sys
from typing import Any, Callable, Dict, List, Tuple

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402

from bot.voice.assistant import AssistantMessage, AssistantTurn, AssistantUnavailable  # noqa: E402
from bot.voice.ivr import CallInfo, IvrCall, IvrSettings  # noqa: E402
from bot.voice.steps import Hangup, Listen, Say, Transfer  # noqa: E402

GREETING = "Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса. Чем могу Вам помочь?"
ASK_IDENTITY = "Уточните, пожалуйста, номер телефона или ФИО, которые указывали в заказе."
CLARIFY = "Уточните, пожалуйста, что Вас интересует: «Где посылка»; «Соединить с оператором»?"


def text(t: str, response: str = "utter_x", buttons=None) -> AssistantMessage:
    return AssistantMessage(text=t, response=response, buttons=buttons or [])


def custom(payload: Dict[str, Any]) -> AssistantMessage:
    return AssistantMessage(custom=payload)


class ScriptedAssistant:
    """Answers each message with what `reply` returns; records what the IVR sent."""

    def __init__(self, reply: Callable[[str], List[AssistantMessage]], context: Dict[str, Any] = None) -> None:
        self.reply = reply
        self.context = context or {}
        self.sent: List[Tuple[str, str, Dict[str, Any]]] = []
        self.ended: List[str] = []  # conversations reported over before the farewell

    async def call_ended(self, sender_id: str) -> None:
        self.ended.append(sender_id)

    async def send(self, sender_id: str, message: str, metadata: Dict[str, Any]) -> AssistantTurn:
        self.sent.append((sender_id, message, metadata))
        return AssistantTurn(self.reply(message), dict(self.context))

    async def understands(self, message: str) -> bool:
        return not any(m.response in ("utter_default", "utter_clarify") for m in self.reply(message))


def assistant_like_the_core(message: str) -> List[AssistantMessage]:
    if message == "/greet":
        return [text(GREETING, "utter_greet")]
    if message == "где посылка" or message == "/order_status":
        return [text(ASK_IDENTITY, "utter_ask_identity_query"), custom({"expect": "identity"})]
    if message.startswith("/inform") or message == "+79001000101":
        return [text("Иванова Мария Петровна, верно?", "utter_ask_identity_confirmed",
                     [{"title": "Да", "payload": "да"}, {"title": "Нет", "payload": "нет"}])]
    if message == "/operator_request":
        return [text("Для решения вашего вопроса я соединю вас со специалистом.", "utter_transfer_to_specialist"),
                custom({"handover": {"ticket_id": 7, "kind": "operator", "reason": "клиент просит соединить с оператором",
                                     "order_id": None, "customer_id": "C001"}})]
    if message == "нет":
        return [text("Спасибо за обращение. Всего доброго!", "utter_goodbye"),
                text("Оцените, пожалуйста, консультацию от 1 до 5.", "utter_ask_rating",
                     [{"title": str(n), "payload": f'/rate{{"rating": "{n}"}}'} for n in range(1, 6)]),
                custom({"end_conversation": True})]
    if message.startswith("/rate"):
        return [text("Спасибо за оценку! Всего доброго!", "utter_thanks_for_rating")]
    if message == "пока":
        return [text("Спасибо за обращение. Всего доброго!", "utter_goodbye"), custom({"end_conversation": True})]
    if message == "заказы":
        return [text("У Вас несколько заказов. Подскажите, о каком заказе идёт речь?", "utter_ask_order_id",
                     [{"title": "№ 1000037", "payload": "1000037"}, {"title": "№ 1000038", "payload": "1000038"}])]
    return [text(CLARIFY, "utter_clarify", [{"title": "Где посылка", "payload": "/order_status"},
                                            {"title": "Соединить с оператором", "payload": "/operator_request"}])]


def make_call(caller="+79001000101", reply=assistant_like_the_core, context=None) -> Tuple[IvrCall, ScriptedAssistant]:
    assistant = ScriptedAssistant(reply, context)
    call = IvrCall(CallInfo("test", "call-1", caller), assistant, IvrSettings(hints=("заказ",)))
    return call, assistant


def run(coro):
    return asyncio.run(coro)


def prompt(steps) -> str:
    assert len(steps) == 1 and isinstance(steps[0], Listen), steps
    return steps[0].prompt


def test_the_call_starts_with_the_greeting_listening_for_speech_and_keys():
    call, assistant = make_call()
    steps = run(call.start())
    assert prompt(steps) == GREETING
    listen = steps[0]
    assert listen.speech and listen.digits and listen.bargein and listen.language == "ru-RU"
    assert listen.hints == ("заказ",)
    assert assistant.sent[0][0] == "test-call-1" and assistant.sent[0][1] == "/greet"


def test_caller_id_is_offered_instead_of_asking_the_caller():
    call, assistant = make_call(caller="8 (900) 100-01-01")
    run(call.start())
    steps = run(call.on_speech("где посылка"))
    assert prompt(steps) == "Иванова Мария Петровна, верно?"  # the identity question is not said
    sender, message, metadata = assistant.sent[-1]
    assert message == '/inform{"phone": "+79001000101"}'
    assert metadata["phone_source"] == "caller_id"


def test_caller_id_is_offered_once_then_the_question_is_asked_aloud():
    call, assistant = make_call()
    run(call.start())
    run(call.on_speech("где посылка"))
    steps = run(call.on_speech("где посылка"))
    assert "номер телефона" in prompt(steps)
    assert assistant.sent[-1][1] == "где посылка"


def test_without_a_caller_number_the_question_is_asked_and_keyed_digits_become_a_phone():
    call, assistant = make_call(caller="anonymous")
    run(call.start())
    assert "номер телефона" in prompt(run(call.on_speech("где посылка")))
    steps = run(call.on_digits("89001000101"))
    assert assistant.sent[-1][1] == "+79001000101" and assistant.sent[-1][2]["input"] == "dtmf"
    assert prompt(steps) == "Иванова Мария Петровна, верно?"


def test_only_the_phone_question_and_its_repeats_expect_digits():
    call, _ = make_call(caller="anonymous")
    assert run(call.start())[0].expect is None
    asked = run(call.on_speech("где посылка"))
    assert "номер телефона" in prompt(asked) and asked[0].expect == "digits"
    assert run(call.on_silence())[0].expect == "digits"  # «Вы меня слышите?» and the question again
    assert run(call.on_digits("89001000101"))[0].expect is None  # «…, верно?» is a yes or a no


@pytest.mark.parametrize("silences", [1, 2, 3])
def test_silence_asks_whether_the_caller_hears(silences):
    call, _ = make_call()
    run(call.start())
    for _ in range(silences):
        steps = run(call.on_silence())
    assert prompt(steps) == "Вы меня слышите?"


def test_fourth_silence_says_call_back_and_hangs_up():
    call, _ = make_call()
    run(call.start())
    for _ in range(3):
        run(call.on_silence())
    steps = run(call.on_silence())
    assert isinstance(steps[0], Say) and isinstance(steps[1], Hangup)
    assert steps[0].text == "Перезвоните, пожалуйста, возможно качество связи улучшится. Спасибо за звонок, всего доброго!"
    assert call.finished and run(call.on_speech("алло")) == [Hangup()]


def test_silence_prompt_names_an_identified_customer():
    call, _ = make_call(context={"identified": True, "customer_io": "Мария Петровна"})
    run(call.start())
    assert prompt(run(call.on_silence())) == "Мария Петровна, Вы меня слышите?"


def test_an_answer_restarts_the_silence_count():
    call, _ = make_call()
    run(call.start())
    run(call.on_silence())
    run(call.on_silence())
    run(call.on_speech("где посылка"))
    for _ in range(3):
        assert isinstance(run(call.on_silence())[0], Listen)


def test_a_misunderstanding_offers_the_likely_topics_as_keys():
    call, assistant = make_call()
    run(call.start())
    said = prompt(run(call.on_speech("синий трактор")))
    assert said.startswith("Уточните, пожалуйста, что Вас интересует")
    assert said.endswith("Скажите или нажмите: 1 — Где посылка; 2 — Соединить с оператором.")
    run(call.on_digits("1"))
    assert assistant.sent[-2][1] == "/order_status"  # the key's topic; then the caller id was offered


def test_two_misunderstandings_in_a_row_open_the_keypad_menu_before_a_hand_over():
    call, assistant = make_call()
    run(call.start())
    run(call.on_speech("синий трактор"))
    menu = run(call.on_speech("зелёный крокодил"))[0]
    assert menu.digits and menu.max_digits == 1 and call.in_menu
    assert menu.speech  # «оператор» or a topic said in the menu is heard too
    assert menu.prompt.startswith("Извините, я не совсем поняла Ваш вопрос.")
    assert "Где посылка — нажмите 1" in menu.prompt and "Соединить с оператором — 0" in menu.prompt
    # The second miss never reached the assistant, which would have handed the call over.
    assert "зелёный крокодил" not in [message for _, message, _ in assistant.sent]
    run(call.on_digits("1"))
    assert assistant.sent[-2][1] == "/order_status"  # then the caller id was offered
    assert not call.in_menu


def test_an_understood_turn_resets_the_misunderstandings():
    call, _ = make_call()
    run(call.start())
    run(call.on_speech("синий трактор"))
    run(call.on_speech("где посылка"))
    run(call.on_speech("зелёный крокодил"))
    assert not call.in_menu  # one miss again, no menu


def test_the_operator_said_in_the_keypad_menu_hands_over():
    call, assistant = make_call()
    run(call.start())
    run(call.on_speech("а"))
    run(call.on_speech("б"))
    steps = run(call.on_speech("оператор"))
    assert isinstance(steps[-1], Transfer) and assistant.sent[-1][1] == "/operator_request"


def test_unsure_speech_is_clarified_then_handed_to_an_operator_with_a_ticket():
    call, assistant = make_call(caller=None)
    run(call.start())
    clarify = run(call.on_unsure())
    assert [type(step) for step in clarify] == [Listen]
    assert clarify[0].prompt.startswith("Извините, я не совсем поняла Ваш вопрос.") and clarify[0].speech
    assert [message for _, message, _ in assistant.sent] == ["/greet"]  # nothing unsure reached the assistant
    handed = run(call.on_unsure())
    assert isinstance(handed[-1], Transfer) and handed[-1].context.ticket_id == 7
    assert assistant.sent[-1][1] == "/operator_request"


def test_a_result_below_the_gateways_floor_or_empty_is_unsure_and_an_unscored_one_is_acted_on():
    call, assistant = make_call(caller=None)
    run(call.start())
    low = run(call.on_heard("где посылка", 0.3, 0.5))
    assert low[0].prompt.startswith("Извините, я не совсем поняла Ваш вопрос.")
    assert [message for _, message, _ in assistant.sent] == ["/greet"]
    run(call.on_heard("где посылка", 0.9, 0.5))
    run(call.on_heard("где посылка", None, 0.5))  # no score the gateway trusts: not judged
    run(call.on_heard("где посылка", 0.3, None))  # no floor
    assert [message for _, message, _ in assistant.sent][1:] == ["где посылка"] * 3
    assert isinstance(run(call.on_heard("  ", 0.9, 0.5))[-1], Listen)  # empty: a first miss again


def test_after_the_phone_question_a_phone_read_from_the_other_readings_is_taken_whatever_its_score():
    call, assistant = make_call(caller=None)
    run(call.start())
    run(call.on_heard("где посылка", None, 0.5))  # the assistant asks for the phone or ФИО
    # The free transcript garbled, scored below the floor; the number-word pass read the phone whole.
    run(call.on_heard("но мертвонно 8 90 рип", 0.2, 0.5,
                      ("номер телефона восемь девятьсот сто ноль один ноль один",)))
    assert assistant.sent[-1][1] == "+79001000101"


def test_after_the_phone_question_words_that_hold_no_phone_stay_as_said_and_are_judged():
    call, assistant = make_call(caller=None)
    run(call.start())
    run(call.on_heard("где посылка", None, 0.5))
    unsure = run(call.on_heard("иванова мария", 0.2, 0.5, ("девять",)))
    assert unsure[0].prompt.startswith("Извините, я не совсем поняла Ваш вопрос.")
    call, assistant = make_call(caller=None)
    run(call.start())
    run(call.on_heard("где посылка", None, 0.5))
    run(call.on_heard("иванова мария", 0.9, 0.5, ("девять",)))
    assert assistant.sent[-1][1] == "иванова мария"


def test_readings_are_not_read_for_a_phone_when_none_was_asked_for():
    call, assistant = make_call(caller=None)
    run(call.start())
    run(call.on_heard("мне звонили", None, 0.5, ("восемь девятьсот сто ноль один ноль один",)))
    assert assistant.sent[-1][1] == "мне звонили"


def test_one_unsure_result_in_the_keypad_menu_hands_over():
    call, assistant = make_call()
    run(call.start())
    run(call.on_speech("а"))
    run(call.on_speech("б"))
    assert isinstance(run(call.on_unsure())[-1], Transfer)


def test_an_understood_answer_after_an_unsure_one_starts_the_count_again():
    call, _ = make_call()
    run(call.start())
    run(call.on_unsure())
    run(call.on_speech("где посылка"))
    assert isinstance(run(call.on_unsure())[-1], Listen)  # a first miss again: the clarification


def test_menu_keys_map_to_the_main_topics_and_others_repeat_it():
    call, assistant = make_call()
    run(call.start())
    run(call.on_speech("а"))
    run(call.on_speech("б"))
    again = run(call.on_digits("9"))[0]
    assert "Где посылка — нажмите 1" in again.prompt and call.in_menu
    silence = run(call.on_silence())[0]
    assert silence.prompt.startswith("Вы меня слышите?") and "нажмите 1" in silence.prompt
    run(call.on_digits("5"))
    assert assistant.sent[-1][1] == "/bonus_card_not_received"


def test_unrecognised_speech_counts_as_a_misunderstanding():
    call, _ = make_call()
    run(call.start())
    assert prompt(run(call.on_unrecognised())) == "К сожалению, Вас не слышно."
    assert run(call.on_unrecognised())[0].max_digits == 1  # the menu


@pytest.mark.parametrize("said", ["оператор", "Оператора!", "соедините с оператором", "позовите оператора"])
def test_operator_word_or_key_zero_transfers(said):
    call, assistant = make_call()
    run(call.start())
    steps = run(call.on_speech(said))
    assert assistant.sent[-1][1] == "/operator_request"
    assert isinstance(steps[0], Say) and isinstance(steps[1], Transfer)
    call2, assistant2 = make_call()
    run(call2.start())
    run(call2.on_digits("0"))
    assert assistant2.sent[-1][1] == "/operator_request"


def test_transfer_carries_the_ticket_and_the_conversation_state():
    call, _ = make_call(context={"identified": True, "customer_io": "Мария Петровна", "customer_id": "C001",
                                 "order_id": "1000037", "intent": "order_status"})
    run(call.start())
    run(call.on_speech("где посылка"))
    steps = run(call.on_digits("0"))
    context = steps[1].context
    assert context.ticket_id == 7 and context.order_id == "1000037" and context.identified
    headers = context.sip_headers()
    assert headers["X-Ticket-Id"] == "7" and headers["X-Topic"] == "order_status"
    assert headers["X-Conversation-Id"] == "test-call-1"
    assert headers["X-Handover-Reason"].startswith("%D0%BA")  # percent-encoded: SIP headers stay ASCII
    assert run(call.on_transfer_result(True)) == [Hangup()]


def test_a_failed_transfer_tells_the_ticket_is_registered():
    call, _ = make_call()
    run(call.start())
    run(call.on_digits("0"))
    steps = run(call.on_transfer_result(False))
    assert "зафиксирована" in steps[0].text and isinstance(steps[1], Hangup)


def test_the_farewell_is_said_then_the_call_hangs_up():
    call, _ = make_call()
    run(call.start())
    steps = run(call.on_speech("пока"))
    assert steps == [Say("Спасибо за обращение. Всего доброго!"), Hangup()]


def test_a_farewell_with_the_rating_listens_once_for_a_key_then_hangs_up():
    call, assistant = make_call()
    run(call.start())
    listen = run(call.on_speech("нет"))[0]
    assert listen.prompt == ("Спасибо за обращение. Всего доброго! Оцените, пожалуйста, консультацию от 1 до 5. "
                             "Нажмите цифру от 1 до 5.")
    assert listen.max_digits == 1 and listen.timeout == IvrSettings().closing_timeout
    steps = run(call.on_digits("5"))
    assert assistant.sent[-1][1] == '/rate{"rating": "5"}'
    assert steps == [Say("Спасибо за оценку! Всего доброго!"), Hangup()]


def test_no_rating_after_the_farewell_just_hangs_up():
    call, _ = make_call()
    run(call.start())
    run(call.on_speech("нет"))
    assert run(call.on_silence()) == [Hangup()]  # no «Вы меня слышите?» after goodbye
    assert call.finished


def test_buttons_are_offered_as_keys_and_a_key_sends_the_payload():
    call, assistant = make_call()
    run(call.start())
    said = prompt(run(call.on_speech("заказы")))
    assert "Скажите или нажмите: 1 — номер сто, ноль ноль, тридцать семь; 2 — номер сто" in said
    run(call.on_digits("2"))
    assert assistant.sent[-1][1] == "1000038"


def test_yes_no_buttons_are_not_read_out():
    call, _ = make_call()
    run(call.start())
    assert "нажмите" not in prompt(run(call.on_speech("где посылка"))).lower()


def test_an_unreachable_assistant_hands_the_call_to_a_human():
    def broken(message: str):
        raise AssistantUnavailable("connection refused")

    call, _ = make_call(reply=broken)
    steps = run(call.start())
    assert isinstance(steps[0], Say) and "соединю вас со специалистом" in steps[0].text
    assert isinstance(steps[1], Transfer) and steps[1].context.ticket_id is None
    assert steps[1].context.kind == "operator" and steps[1].context.reason == "ассистент недоступен"


def test_malformed_or_unknown_payloads_neither_transfer_nor_hang_up():
    def odd(message: str):
        return [text(GREETING, "utter_greet"), custom({"handover": {"kind": "operator"}}),
                custom({"end_conversation": "soon"}), custom({"expect": "order"}), custom({"survey": True})]

    call, assistant = make_call(reply=odd)
    steps = run(call.start())
    assert len(steps) == 1 and isinstance(steps[0], Listen) and steps[0].prompt == GREETING
    assert not call.finished and call.transfer is None and len(assistant.sent) == 1  # no caller id offered


# --- a bad line (seed 001 «Если клиент не слышит / Если клиента не слышно / плохая связь») ---

CALL_BACK = "Перезвоните, пожалуйста, возможно качество связи улучшится. Спасибо за звонок, всего доброго!"


def assert_called_back(steps) -> None:
    assert steps == [Say(CALL_BACK), Hangup()]


@pytest.mark.parametrize("said", ["не слышу", "Алло, вас не слышно!", "я вас совсем не слышу", "плохо слышно",
                                  "вы пропадаете"])
def test_cannot_hear_asks_whether_the_caller_hears_and_says_the_last_words_again(said):
    call, assistant = make_call(caller="anonymous")
    run(call.start())
    asked = prompt(run(call.on_speech("где посылка")))
    again = prompt(run(call.on_speech(said)))
    # 001: «И.О., Вы меня слышите? (попытаться возобновить диалог…)»: the question comes again.
    assert again == f"Вы меня слышите? {asked}"
    assert assistant.sent[-1][1] == "где посылка"  # the words never reached the assistant as a topic


def test_cannot_hear_three_times_asks_to_call_back_and_hangs_up():
    call, assistant = make_call()
    run(call.start())
    run(call.on_speech("не слышу"))
    run(call.on_speech("алло, не слышу"))
    assert_called_back(run(call.on_speech("вас не слышно")))
    assert call.finished and assistant.ended == ["test-call-1"]  # a broken line is reported like a hang-up


def test_an_answer_between_restarts_the_cannot_hear_count():
    call, _ = make_call()
    run(call.start())
    run(call.on_speech("не слышу"))
    run(call.on_speech("не слышу"))
    run(call.on_speech("где посылка"))
    assert isinstance(run(call.on_speech("не слышу"))[0], Listen)


def test_a_question_that_mentions_hearing_goes_to_the_assistant():
    call, assistant = make_call(caller="anonymous")
    run(call.start())
    run(call.on_speech("не слышу, где посылка"))
    assert assistant.sent[-1][1] == "не слышу, где посылка"


def test_noise_says_not_heard_three_times_then_call_back_even_in_the_menu():
    call, _ = make_call()
    run(call.start())
    heard = [prompt(run(call.on_unrecognised())) for _ in range(3)]
    assert all(p.startswith("К сожалению, Вас не слышно.") for p in heard)
    assert "нажмите 1" in heard[-1]  # the menu was offered on the way
    assert_called_back(run(call.on_unrecognised()))


def test_noise_and_silence_alternating_never_keep_the_line_open():
    call, _ = make_call()
    run(call.start())
    steps = []
    for turn in range(10):
        steps = run(call.on_unrecognised() if turn % 2 else call.on_silence())
        if call.finished:
            break
    assert_called_back(steps)
    assert turn == 3


def test_menu_keys_it_lacks_are_bounded_then_an_operator_takes_the_call():
    call, assistant = make_call()
    run(call.start())
    run(call.on_speech("а"))
    run(call.on_speech("б"))  # the menu
    for _ in range(IvrSettings().max_menu_repeats):
        assert "нажмите 1" in prompt(run(call.on_digits("9")))
    steps = run(call.on_digits("7"))
    assert assistant.sent[-1][1] == "/operator_request"
    assert isinstance(steps[-1], Transfer)


# --- the end of the call told to the assistant (seed 002: a dropped call is called back) ---

def test_a_caller_hanging_up_mid_conversation_is_reported():
    call, assistant = make_call(caller="anonymous")
    run(call.start())
    run(call.on_speech("где посылка"))
    run(call.on_hangup())
    run(call.on_hangup())  # the gateway may tell twice
    assert assistant.ended == ["test-call-1"] and call.finished


@pytest.mark.parametrize("ending", ["пока", "нет"])
def test_a_call_the_ivr_ended_after_the_farewell_is_not_reported(ending):
    call, assistant = make_call()
    run(call.start())
    run(call.on_speech(ending))
    run(call.on_hangup())
    assert assistant.ended == []


def test_a_connected_transfer_is_not_reported_but_a_caller_leaving_while_it_rings_is():
    call, assistant = make_call()
    run(call.start())
    run(call.on_digits("0"))
    run(call.on_transfer_result(True))
    run(call.on_hangup())
    assert assistant.ended == []
    ringing, assistant2 = make_call()
    run(ringing.start())
    run(ringing.on_digits("0"))
    run(ringing.on_hangup())
    assert assistant2.ended == ["test-call-1"]


def test_an_unreachable_assistant_at_the_hang_up_is_only_logged():
    call, assistant = make_call()

    async def broken(sender_id: str) -> None:
        raise AssistantUnavailable("connection refused")

    assistant.call_ended = broken
    run(call.start())
    run(call.on_hangup())
    assert call.finished


# --- a slow look-up: the caller on hold (seed 004 «Установка на Hold», seed 001 «пауза более 30 сек.») ---

HOLD = "Оставайтесь, пожалуйста, на линии, уточню информацию и вернусь к диалогу."
HOLD_RETURN = "Пожалуйста, оставайтесь на линии. Я уточняю для Вас информацию."  # 001, word for word
HOLD_BACK = "Спасибо за ожидание, информацию для Вас уточнила."


class SlowAssistant(ScriptedAssistant):
    """The scripted assistant, taking `delay` seconds over the messages in `slow` (a long look-up)."""

    def __init__(self, delay: float, slow=("где посылка",), reply=assistant_like_the_core, context=None) -> None:
        super().__init__(reply, context)
        self.delay, self.slow = delay, set(slow)

    async def send(self, sender_id: str, message: str, metadata: Dict[str, Any]) -> AssistantTurn:
        if message in self.slow:
            await asyncio.sleep(self.delay)
        return await super().send(sender_id, message, metadata)


def held_call(delay: float, hold_after: float = 0.05, return_after: float = 0.3, **kwargs):
    from bot.voice.hold import HoldSettings

    assistant = SlowAssistant(delay, **kwargs)
    settings = IvrSettings(hints=("заказ",), hold=HoldSettings(hold_after=hold_after, return_after=return_after,
                                                              min_phrase_gap=0.1))
    return IvrCall(CallInfo("test", "call-1", None), assistant, settings), assistant


async def said_until_answer(held):
    """Everything the caller hears while held, then the answer: (phrases, answer steps)."""
    phrases: List[str] = []
    while True:
        steps, done = await held.next()
        if done:
            return phrases, steps
        phrases += [step.text for step in steps]


def test_a_quick_turn_says_no_hold_phrase():
    call, _ = held_call(delay=0.0)

    async def scenario():
        await call.start()
        return await said_until_answer(call.held(call.on_speech("где посылка")))

    phrases, steps = run(scenario())
    assert phrases == []
    assert "номер телефона" in prompt(steps)


def test_a_slow_turn_puts_the_caller_on_hold_and_thanks_for_waiting():
    call, _ = held_call(delay=0.2)

    async def scenario():
        await call.start()
        return await said_until_answer(call.held(call.on_speech("где посылка")))

    phrases, steps = run(scenario())
    assert phrases == [HOLD]
    assert isinstance(steps[0], Say) and steps[0].text == HOLD_BACK  # 004 «Возвращение с Hold»
    assert "номер телефона" in prompt(steps[1:])


def test_every_pause_over_the_limit_gets_001s_phrase():
    # Seed 001: «Если пауза длиться более 30 сек.» → «И.О., пожалуйста, оставайтесь на линии. Я уточняю…»
    call, _ = held_call(delay=1.3, hold_after=0.1, return_after=0.5)  # phrases at 0.1, 0.6 and 1.1 s

    async def scenario():
        await call.start()
        return await said_until_answer(call.held(call.on_speech("где посылка")))

    phrases, steps = run(scenario())
    assert phrases == [HOLD, HOLD_RETURN, HOLD_RETURN]
    assert steps[0].text == HOLD_BACK


def test_the_return_phrase_names_an_identified_customer():
    call, _ = held_call(delay=0.5, return_after=0.2,
                        context={"identified": True, "customer_io": "Мария Петровна"})

    async def scenario():
        await call.start()
        return await said_until_answer(call.held(call.on_speech("где посылка")))

    phrases, _ = run(scenario())
    assert phrases[1] == "Мария Петровна, " + HOLD_RETURN[0].lower() + HOLD_RETURN[1:]


def test_a_caller_talking_during_the_look_up_gets_001s_phrase_once_in_a_while():
    # Seed 001: «если клиент продолжает что-то говорить в трубку в момент уточнения информации».
    call, assistant = held_call(delay=0.4, return_after=10.0)

    async def scenario():
        await call.start()
        held = call.held(call.on_speech("где посылка"))
        first, _ = await held.next()
        just_after = held.caller_spoke()  # right after the hold phrase: it is still being heard
        await asyncio.sleep(0.15)
        talking = [held.caller_spoke(), held.caller_spoke()]  # two words in a row
        assert just_after == []
        phrases, steps = await said_until_answer(held)
        return first, talking, phrases, steps

    first, talking, phrases, steps = run(scenario())
    assert [s.text for s in first] == [HOLD]
    assert [s.text for s in talking[0]] == [HOLD_RETURN] and talking[1] == []
    assert phrases == [] and steps[0].text == HOLD_BACK
    assert [m for _, m, _ in assistant.sent] == ["/greet", "где посылка"]  # the talk is not a new question


def test_a_slow_turn_ending_in_a_transfer_is_not_thanked_for_waiting():
    call, _ = held_call(delay=0.2, slow=("/operator_request",))

    async def scenario():
        await call.start()
        return await said_until_answer(call.held(call.on_digits("0")))

    phrases, steps = run(scenario())
    assert phrases == [HOLD]
    assert isinstance(steps[-1], Transfer) and not any(isinstance(s, Say) and s.text == HOLD_BACK for s in steps)
