"""A slow look-up on the phone, through both gateways: the caller hears 004's hold phrase, 001's «…пожалуйста,
оставайтесь на линии. Я уточняю для Вас информацию» after each pause over the limit (001: «более 30 сек.»,
shortened here) or when talking meanwhile, then «спасибо за ожидание» and the answer.

The assistant is a scripted stand-in that takes its time over one question (the real one answers in
milliseconds); the gateways are the real ones: the FastAGI server over a TCP socket with the scripted Asterisk
peer, and the jambonz application's hooks, every verb array checked against jambonz's schemas.
"""
from __future__ import annotations

import asyncio
import threading
from typing import Any, Dict, Iterator, List

import pytest

from bot.local_stack import free_port
from bot.voice.asterisk import AsteriskSettings
from bot.voice.assistant import AssistantMessage, AssistantTurn
from bot.voice.fastagi import serve
from bot.voice.hold import HoldSettings
from bot.voice.ivr import CallInfo, IvrCall, IvrSettings
from bot.voice.jambonz import JambonzInput, _Call
from bot.voice.jambonz_verbs import JambonzSettings
from tests.voice.agi_peer import AsteriskPeer
from tests.voice.jambonz_peer import Verbs, heard
from tests.voice.schemas import JambonzSchemas

SLOW_QUESTION = "где моя посылка"
LOOK_UP_SECONDS = 1.3
HOLD_SETTINGS = HoldSettings(hold_after=0.1, return_after=0.5, min_phrase_gap=0.1)

HOLD = "Оставайтесь, пожалуйста, на линии, уточню информацию и вернусь к диалогу."
HOLD_RETURN = "Пожалуйста, оставайтесь на линии. Я уточняю для Вас информацию."
HOLD_BACK = "Спасибо за ожидание, информацию для Вас уточнила."
GREETING = "Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса. Чем могу Вам помочь?"
ANSWER = "Уточните, пожалуйста, номер телефона или ФИО, которые указывали в заказе."


class SlowAssistant:
    """Greets at once; takes LOOK_UP_SECONDS over SLOW_QUESTION."""

    def __init__(self) -> None:
        self.sent: List[str] = []

    async def send(self, sender_id: str, text: str, metadata: Dict[str, Any]) -> AssistantTurn:
        self.sent.append(text)
        if text == SLOW_QUESTION:
            await asyncio.sleep(LOOK_UP_SECONDS)
            return AssistantTurn([AssistantMessage(text=ANSWER, response="utter_ask_identity_query")])
        return AssistantTurn([AssistantMessage(text=GREETING, response="utter_greet")])

    async def understands(self, text: str) -> bool:
        return True

    async def call_ended(self, sender_id: str) -> None:
        return None


@pytest.fixture
def fastagi_with_a_slow_assistant() -> Iterator[int]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    port = free_port()
    settings = IvrSettings(no_input_timeout=5, hold=HOLD_SETTINGS)
    server = asyncio.run_coroutine_threadsafe(
        serve("127.0.0.1", port, SlowAssistant(), AsteriskSettings(), settings), loop).result(10)
    yield port
    loop.call_soon_threadsafe(server.close)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def test_fastagi_holds_the_caller_through_a_slow_look_up(fastagi_with_a_slow_assistant: int) -> None:
    peer = AsteriskPeer(fastagi_with_a_slow_assistant, [("say", SLOW_QUESTION), ("hangup",)]).run()
    assert not peer.protocol_errors, peer.protocol_errors
    # 0.1 s: the hold phrase; 0.6 s and 1.1 s: 001's phrase; 1.3 s: back, then the answer (one prompt, listening).
    assert peer.heard == [GREETING, HOLD, HOLD_RETURN, HOLD_RETURN, f"{HOLD_BACK} {ANSWER}"]
    assert peer.listens == ["synthandrecog", "synthandrecog"]  # nothing is listened to while the answer is looked up


# --- jambonz ---

def gather_result(reason: str, transcript: str = "") -> Dict[str, Any]:
    payload: Dict[str, Any] = {"call_sid": "call-1", "reason": reason}
    if transcript:
        payload["speech"] = {"alternatives": [{"transcript": transcript, "confidence": 0.9}]}
    return payload


def holds(verbs: Verbs) -> bool:
    return verbs[-1]["verb"] == "gather" and verbs[-1]["actionHook"] == "/webhooks/jambonz/hold"


def jambonz_call() -> "tuple[JambonzInput, _Call]":
    ivr_settings = IvrSettings(hold=HOLD_SETTINGS)
    channel = JambonzInput(JambonzSettings(hold_wait=0.05), ivr_settings)
    return channel, _Call(IvrCall(CallInfo("jambonz", "call-1", None), SlowAssistant(), ivr_settings), 0.0)


def test_jambonz_says_the_hold_phrases_between_short_listens_then_the_answer(schemas: JambonzSchemas) -> None:
    channel, call = jambonz_call()

    async def scenario() -> List[Verbs]:
        await call.ivr.start()
        replies = [await channel._on_action(call, gather_result("speechDetected", SLOW_QUESTION))]
        while holds(replies[-1]) and len(replies) < 100:
            replies.append(await channel._on_hold(call, gather_result("timeout")))  # the caller waits quietly
        return replies

    replies = asyncio.run(scenario())
    for verbs in replies:
        assert not schemas.app_errors(verbs), (schemas.app_errors(verbs), verbs)
    first = replies[0]
    assert [v["verb"] for v in first] == ["say", "gather"] and first[0]["text"] == HOLD and holds(first)
    listen = first[1]
    assert "say" not in listen and listen["timeout"] == 1 and "speech" in listen["input"]
    said = [heard(verbs) for verbs in replies[1:] if heard(verbs)]
    assert said[:-1] == [HOLD_RETURN, HOLD_RETURN]
    assert said[-1] == f"{HOLD_BACK} {ANSWER}"
    assert replies[-1][-1]["actionHook"] == "/webhooks/jambonz/action"  # back to the conversation
    assert call.held is None


def test_jambonz_answers_a_caller_talking_on_hold_with_001s_phrase(schemas: JambonzSchemas) -> None:
    channel, call = jambonz_call()

    async def scenario() -> List[Verbs]:
        await call.ivr.start()
        first = await channel._on_action(call, gather_result("speechDetected", SLOW_QUESTION))
        await asyncio.sleep(0.15)
        talking = await channel._on_hold(call, gather_result("speechDetected", "алло вы там"))
        return [first, talking]

    first, talking = asyncio.run(scenario())
    assert not schemas.app_errors(talking)
    assert heard(first) == HOLD
    assert heard(talking) == HOLD_RETURN and holds(talking)
    assert call.ivr.assistant.sent == ["/greet", SLOW_QUESTION]  # what was said on hold is not a new question


def test_a_hold_hook_for_a_turn_this_process_does_not_know_listens_again(schemas: JambonzSchemas) -> None:
    channel, call = jambonz_call()
    verbs = asyncio.run(channel._on_hold(call, gather_result("timeout")))
    assert not schemas.app_errors(verbs)
    assert [v["verb"] for v in verbs] == ["gather"] and verbs[0]["actionHook"] == "/webhooks/jambonz/action"
