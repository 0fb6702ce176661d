"""What a caller hears when the assistant's reply is long, empty, or carries a tracking code (bot.voice.ivr,
bot.voice.pacing, bot.voice.numbers)."""
import asyncio
from typing import List

from bot.voice.ivr import CallInfo, IvrCall, IvrSettings
from bot.voice.numbers import say_code
from bot.voice.pacing import CHARS_PER_SECOND, speech_seconds, split_for_speech
from bot.voice.prompts import default_prompts
from bot.voice.speech import speakable
from bot.voice.steps import Listen, Say, Transfer
from tests.unit.test_voice_ivr import GREETING, ScriptedAssistant, custom, text

PROMPTS = default_prompts()
# The return instructions as a caller hears them (three voice replies of domain.yml said in one turn, with the
# closing question): about 1,100 characters, a minute and a half of speech.
RETURN_INSTRUCTIONS = [
    speakable(PROMPTS.text(name, {"customer_io": "Дарья Олеговна", "address": "ООО Пост Сервис, а/я 224",
                                  "return_index": "145913"}))
    for name in ("utter_return_address", "utter_return_refund_rules", "utter_anything_else")
]
OFFER = PROMPTS.text("utter_voice_repeat_or_sms", {})
CLARIFICATION = PROMPTS.text("utter_default", {})


def run(coro):
    return asyncio.run(coro)


def call_answering(*replies) -> IvrCall:
    """A call whose assistant greets, then answers every message with the next of ``replies``."""
    queue = list(replies)

    def reply(message: str):
        return [text(GREETING, "utter_greet")] if message == "/greet" else queue.pop(0)

    call = IvrCall(CallInfo("test", "call-long", "anonymous"), ScriptedAssistant(reply), IvrSettings(hints=()))
    run(call.start())
    return call


def words(steps) -> List[str]:
    said = [s.text if isinstance(s, Say) else s.prompt for s in steps if isinstance(s, (Say, Listen))]
    return " ".join(said).split()


def test_the_return_instructions_are_said_in_parts_of_at_most_30_seconds_then_repeat_or_sms_is_offered():
    reply = " ".join(RETURN_INSTRUCTIONS)
    assert speech_seconds(reply) > 60  # the case: over a minute in one breath
    steps = run(call_answering([text(t) for t in RETURN_INSTRUCTIONS]).on_speech("да"))
    *parts, listen = steps
    assert parts and all(isinstance(s, Say) for s in parts) and isinstance(listen, Listen)
    assert all(speech_seconds(s.text) <= 30 for s in parts)
    assert listen.prompt.endswith(OFFER) and speech_seconds(listen.prompt) <= 30
    assert "повторить" in OFFER and "СМС" in OFFER
    # nothing is lost or reordered: the parts are the reply, word for word, and each ends a sentence
    assert words(steps)[:len(reply.split())] == reply.split()
    assert all(s.text.rstrip().endswith((".", "!", "?")) for s in parts)


def test_a_short_reply_is_one_prompt_without_the_offer():
    steps = run(call_answering([text("Иванова Мария Петровна, верно?")]).on_speech("где посылка"))
    assert len(steps) == 1 and steps[0].prompt == "Иванова Мария Петровна, верно?"


def test_a_long_reply_before_a_transfer_is_split_too():
    handover = custom({"handover": {"ticket_id": 3, "kind": "operator", "reason": "r", "order_id": None,
                                    "customer_id": None}})
    steps = run(call_answering([*[text(t) for t in RETURN_INSTRUCTIONS], handover]).on_speech("оформите возврат"))
    assert isinstance(steps[-1], Transfer) and len(steps) > 2
    assert all(isinstance(s, Say) and speech_seconds(s.text) <= 30 for s in steps[:-1])


def test_an_empty_reply_is_never_dead_air_but_the_clarification_and_a_second_one_the_menu():
    def reply(message: str):  # nothing to say: no message at all, or payloads only
        return [text(GREETING, "utter_greet")] if message == "/greet" else [custom({"expect": "identity"})]

    call = IvrCall(CallInfo("test", "call-empty", "anonymous"), ScriptedAssistant(reply), IvrSettings(hints=()))
    run(call.start())
    first = run(call.on_speech("восемь девятьсот три"))
    assert len(first) == 1 and first[0].prompt == CLARIFICATION
    second = run(call.on_speech("восемь девятьсот три"))
    assert second[0].prompt.startswith(PROMPTS.text("utter_voice_menu_intro", {})) and call.in_menu


def test_parts_are_cut_between_sentences_and_a_very_long_sentence_between_clauses():
    limit = int(30 * CHARS_PER_SECOND)
    sentence = "Это предложение длиной около шестидесяти символов, не больше."
    parts = split_for_speech(" ".join([sentence] * 20))
    assert len(parts) > 1 and all(len(p) <= limit and p.endswith(".") for p in parts)
    one_sentence = ", ".join(["пункт выдачи на улице Ленина"] * 30) + "."
    parts = split_for_speech(one_sentence)
    assert all(len(p) <= limit for p in parts) and " ".join(parts) == one_sentence
    assert split_for_speech("Коротко.") == ["Коротко."] and split_for_speech("  ") == []


def test_a_boxberry_code_is_spelt_then_read_in_digit_groups():
    assert say_code("BX77123") == "бэ икс, семьсот семьдесят один, двадцать три"
    spoken = speakable("Служба доставки: Boxberry, номер посылки: BX00123456.")
    assert spoken == "Служба доставки: Boxberry, номер посылки: бэ икс, ноль ноль один, двести тридцать четыре, пятьдесят шесть."
    assert "BX" not in speakable("Номер посылки: BX77123") and "семьдесят семь тысяч" not in speakable("BX77123")
