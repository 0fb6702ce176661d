"""A number the caller dictates alone goes to the assistant as if keyed in (bot.voice.ivr, bot.voice.numbers)."""
import asyncio

import pytest

from bot.voice.ivr import CallInfo, IvrCall, IvrSettings
from bot.voice.numbers import dictated_number
from tests.unit.test_voice_ivr import assistant_like_the_core, ScriptedAssistant


@pytest.mark.parametrize("said, sent", [
    ("восемь девятьсот сто ноль один ноль один", "+79001000101"),
    ("восемь девять ноль ноль один ноль ноль ноль один ноль один", "+79001000101"),
    ("восемь 900 сто ноль один 01", "+79001000101"),
    ("сто, ноль ноль, тридцать семь", "1000037"),  # an order number as the IVR reads it back
])
def test_a_dictated_number_is_sent_as_keyed_digits_and_the_caller_is_identified(said, sent):
    assistant = ScriptedAssistant(assistant_like_the_core)
    call = IvrCall(CallInfo("test", "call-dictation", "anonymous"), assistant, IvrSettings(hints=()))
    asyncio.run(call.start())
    asyncio.run(call.on_speech("где посылка"))
    steps = asyncio.run(call.on_speech(said))
    assert assistant.sent[-1][1] == sent and assistant.sent[-1][2]["input"] == "speech"
    if sent.startswith("+7"):
        assert steps[-1].prompt == "Иванова Мария Петровна, верно?"


@pytest.mark.parametrize("said", ["да", "мне сорок пять лет", "пять", "где моя посылка", "сто двадцать три"])
def test_words_that_are_not_a_number_alone_go_as_said(said):
    assert dictated_number(said) is None
