"""The IVR's script logic on whole calls: a caller id the CRM does not know, a phone dictated in words, a reply
too long to say at once, and the SMS offered after it.

The peers play each verb as the gateways do: jambonz runs a response's verbs in order, each `say` a task of its
own synthesised and played to the end before the next (feature-server lib/tasks/say.js, TaskSay.exec), then the
`gather` with its nested prompt; Asterisk runs the AGI commands one by one (res_agi.c, agi_handle_command), each
MRCPSynth a prompt of its own (app_mrcpsynth.c, app_synth_exec).
"""
from __future__ import annotations

from typing import List

from bot.local_stack import Stack
from bot.voice.pacing import MAX_PART_SECONDS, speech_seconds
from tests.voice.conftest import WEBHOOK_SECRET
from tests.voice.jambonz_peer import FakeJambonz, Verbs, heard
from tests.voice.schemas import JambonzSchemas
from tests.voice.test_fastagi_calls import call as agi_call
from tests.voice.test_jambonz_contract import _tickets

UNKNOWN_CALLER = "+79031234567"  # a real mobile number, not in the CRM
MARIA_IN_WORDS = "восемь девятьсот сто ноль один ноль один"  # +7 900 100 01 01, Иванова Мария Петровна
ERSHOVA = "+79002000101"  # received her order 5 days ago: the return instructions apply


def spoken(verbs: Verbs) -> List[str]:
    """What the caller hears from one response, prompt by prompt."""
    return [v["text"] if v["verb"] == "say" else v["say"]["text"] for v in verbs
            if v["verb"] == "say" or (v["verb"] == "gather" and v.get("say"))]


def test_unknown_caller_id_asks_for_the_number_and_a_phone_in_words_identifies(stack: Stack,
                                                                              schemas: JambonzSchemas) -> None:
    call = FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas, caller=UNKNOWN_CALLER)
    call.dial_in()
    question = heard(call.say("где моя посылка"))
    # 004 «Карта клиента не подгрузилась: Уточните, пожалуйста, номер телефона/ФИО который указывали в заказе»
    assert "номер телефона" in question and "не вижу заказов" not in question
    assert heard(call.say(MARIA_IN_WORDS)) == "Иванова Мария Петровна, верно?"
    assert "заказ уже отправлен" in heard(call.say("да"))
    assert all(prompt.strip() for verbs in call.responses for prompt in spoken(verbs))  # never dead air


def test_a_number_not_found_then_the_right_one_in_words_and_no_turn_is_silent(stack: Stack,
                                                                              schemas: JambonzSchemas) -> None:
    call = FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas, caller=UNKNOWN_CALLER)
    call.dial_in()
    call.say("где моя посылка")
    not_found = heard(call.say("восемь девятьсот три сто двадцать три сорок пять шестьдесят семь"))
    assert "не вижу заказов" in not_found
    assert heard(call.say("восемь девять ноль ноль один ноль ноль ноль один ноль один")) == (
        "Иванова Мария Петровна, верно?")
    assert all(spoken(verbs) and all(p.strip() for p in spoken(verbs)) for verbs in call.responses[1:])


def test_fastagi_unknown_caller_dictates_the_phone_in_words(fastagi_port: int) -> None:
    peer = agi_call(fastagi_port, ("say", "где моя посылка"), ("say", "восемь 900 сто ноль один 01"), ("hangup",),
                    callerid="79031234567")
    assert "номер телефона" in peer.heard[1]
    assert peer.heard[2] == "Иванова Мария Петровна, верно?"


def _returns_call(stack: Stack, schemas: JambonzSchemas) -> FakeJambonz:
    call = FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas, caller=ERSHOVA)
    call.dial_in()
    assert "Ершова Дарья Олеговна, верно?" in heard(call.say("как вернуть товар"))
    return call


def test_the_return_instructions_are_said_in_parts_then_repeat_or_sms_is_offered(stack: Stack,
                                                                                schemas: JambonzSchemas) -> None:
    call = _returns_call(stack, schemas)
    verbs = call.say("да")
    prompts = spoken(verbs)
    assert [v["verb"] for v in verbs][-1] == "gather" and len(prompts) >= 3
    assert sum(len(p) for p in prompts) > 1000  # the whole instructions, about a minute and a half of speech
    assert all(speech_seconds(p) <= MAX_PART_SECONDS for p in prompts)
    assert prompts[0].startswith("Пожалуйста, запишите данные для оформления возврата посылки.")
    assert "«повторить»" in prompts[-1] and "«отправить по СМС»" in prompts[-1]
    # «повторить»: the same parts again
    assert spoken(call.say("повторить")) == prompts


def test_sms_after_the_long_reply_files_a_ticket_with_its_text(stack: Stack, schemas: JambonzSchemas) -> None:
    call = _returns_call(stack, schemas)
    call.say("да")
    answer = heard(call.say("отправьте по смс"))
    assert "отправлю эту информацию Вам в СМС" in answer and "ноль один, ноль один" in answer  # ...00 01 01
    [ticket] = [t for t in _tickets(stack, call.conversation_id) if t.kind == "sms"]
    assert ticket.reason == f"отправить СМС на {ERSHOVA}"
    assert "запишите данные для оформления возврата" in ticket.summary and "могу ли я" not in ticket.summary.lower()



def test_a_boxberry_parcel_number_is_spelt_then_read_in_groups(stack: Stack, schemas: JambonzSchemas) -> None:
    call = FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas, caller="+79001000701")  # Соколова: BX00123456
    call.dial_in()
    assert "Соколова Анна Дмитриевна, верно?" in heard(call.say("где моя посылка"))
    answer = heard(call.say("да"))
    assert "бэ икс, ноль ноль один, двести тридцать четыре, пятьдесят шесть" in answer
    assert "BX" not in answer and "00123456" not in answer


def test_fastagi_says_the_return_instructions_in_parts_each_its_own_prompt(fastagi_port: int) -> None:
    peer = agi_call(fastagi_port, ("say", "как вернуть товар"), ("say", "да"), ("hangup",), callerid="79002000101")
    assert peer.heard[1] == "Ершова Дарья Олеговна, верно?"
    parts = peer.heard[2:]
    assert len(parts) >= 3 and all(speech_seconds(p) <= MAX_PART_SECONDS for p in parts)
    assert parts[0].startswith("Пожалуйста, запишите данные для оформления возврата посылки.")
    assert "«отправить по СМС»" in parts[-1]
