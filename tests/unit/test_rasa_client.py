"""bot.rasa_client without the network: one retry/timeout policy, as the Telegram front, the FastAGI server's
assistant (bot.voice.assistant.HttpAssistant) and the terminal chat use it."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List

import httpx
import pytest

from bot import rasa_client as rasa_client_module
from bot.local_stack import ROOT
from bot.rasa_client import RasaClient, RasaUnavailable, server_url
from bot.terminal_chat import show
from bot.voice.assistant import AssistantMessage, AssistantUnavailable, HttpAssistant

GREETING = [{"recipient_id": "telegram-1", "text": "Здравствуйте!"}]
Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: Handler, **kwargs: Any) -> RasaClient:
    return RasaClient("http://rasa", transport=httpx.MockTransport(handler), first_delay=0.01, **kwargs)


def counting(*answers: Any) -> "tuple[Handler, List[httpx.Request]]":
    """A handler giving the answers in turn (an exception class is raised), then the last one for ever."""
    seen: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers[min(len(seen), len(answers)) - 1]
        if isinstance(answer, type) and issubclass(answer, Exception):
            raise answer("simulated", request=request)
        return answer

    return handler, seen


# --- the REST channel ---

def test_sends_the_rest_channel_body_and_returns_replies() -> None:
    handler, seen = counting(httpx.Response(200, json=GREETING))
    replies = asyncio.run(client(handler).send("telegram-1", "привет", {"telegram": {"chat_id": 1}}))
    assert replies == GREETING
    assert str(seen[0].url) == "http://rasa/webhooks/rest/webhook"
    assert json.loads(seen[0].read()) == {"sender": "telegram-1", "message": "привет",
                                          "metadata": {"telegram": {"chat_id": 1}}}


def test_replies_that_are_not_objects_are_dropped() -> None:
    handler, _ = counting(httpx.Response(200, json=[GREETING[0], "junk", 3]))
    assert asyncio.run(client(handler).send("s", "m")) == GREETING
    handler, _ = counting(httpx.Response(200, json={"not": "a list"}))
    assert asyncio.run(client(handler).send("s", "m")) == []


# --- retried: the server never saw the request ---

def test_server_down_is_retried_until_it_is_back() -> None:
    handler, seen = counting(httpx.ConnectError, httpx.ConnectError, httpx.Response(503),
                             httpx.Response(200, json=GREETING))
    assert asyncio.run(client(handler, retry_window=10).send("s", "m", {})) == GREETING
    assert len(seen) == 4


@pytest.mark.parametrize("down", [httpx.ConnectError, httpx.ConnectTimeout, httpx.Response(502),
                                  httpx.Response(503), httpx.Response(504)], ids=str)
def test_every_sign_of_a_server_that_never_saw_the_request_is_retried(down: Any) -> None:
    handler, seen = counting(down, httpx.Response(200, json=GREETING))
    assert asyncio.run(client(handler, retry_window=10).send("s", "m", {})) == GREETING
    assert len(seen) == 2


def test_server_down_for_the_whole_window_gives_up() -> None:
    handler, seen = counting(httpx.ConnectError)
    started = time.monotonic()
    with pytest.raises(RasaUnavailable, match="retry window"):
        asyncio.run(client(handler, retry_window=0.1).send("s", "m", {}))
    assert time.monotonic() - started < 1.0 and len(seen) >= 2


def test_the_callers_deadline_wins_over_the_window() -> None:
    handler, seen = counting(httpx.Response(503))
    with pytest.raises(RasaUnavailable):
        asyncio.run(client(handler, retry_window=60).send("s", "m", {}, deadline=time.monotonic()))
    assert len(seen) == 1


def test_the_wait_between_attempts_doubles_up_to_the_maximum(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: List[float] = []

    async def no_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(rasa_client_module.asyncio, "sleep", no_sleep)
    handler, _ = counting(*([httpx.ConnectError] * 6), httpx.Response(200, json=GREETING))
    rasa = RasaClient("http://rasa", transport=httpx.MockTransport(handler), first_delay=0.5, max_delay=3.0)
    asyncio.run(rasa.send("s", "m", {}))
    assert waits == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]


# --- not retried: the server may have processed it ---

@pytest.mark.parametrize("failure", [httpx.ReadTimeout, httpx.WriteTimeout, httpx.RemoteProtocolError,
                                     httpx.ReadError, httpx.Response(500), httpx.Response(400),
                                     httpx.Response(200, content=b"not json")], ids=str)
def test_a_message_that_may_have_been_processed_is_not_sent_twice(failure: Any) -> None:
    handler, seen = counting(failure, httpx.Response(200, json=GREETING))
    with pytest.raises(RasaUnavailable):
        asyncio.run(client(handler, retry_window=10).send("s", "m", {}))
    assert len(seen) == 1


def test_the_reply_timeout_applies_to_one_request() -> None:
    rasa = RasaClient("http://rasa", reply_timeout=7.0)
    timeout = rasa._client.timeout
    assert (timeout.read, timeout.write, timeout.connect) == (7.0, 7.0, rasa_client_module.CONNECT_TIMEOUT)


def test_server_url_accepts_the_rest_webhook_as_scripts_pass_it() -> None:
    assert server_url("http://localhost:5005/webhooks/rest/webhook") == "http://localhost:5005"
    assert server_url("http://localhost:5005/") == "http://localhost:5005"
    assert server_url("https://proxy/rasa/webhooks/rest/webhook/") == "https://proxy/rasa"


def test_the_client_imports_without_rasa() -> None:
    probe = ("import sys, bot.rasa_client, bot.voice.assistant, bot.terminal_chat; "
             "print(sorted(m for m in sys.modules if m == 'rasa' or m.startswith('rasa.')))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- the FastAGI server's assistant: the voice channel through the same client ---

VOICE_URL = "http://rasa:5005/webhooks/voice/webhook"


def voice(handler: Handler, retry_window: float = 10) -> HttpAssistant:
    shared = RasaClient(VOICE_URL.rsplit("/", 1)[0], transport=httpx.MockTransport(handler), first_delay=0.01,
                        retry_window=retry_window)
    return HttpAssistant(VOICE_URL, client=shared)


def test_the_voice_turn_goes_to_the_voice_webhook() -> None:
    turn_json: Dict[str, Any] = {
        "messages": [{"text": "Здравствуйте!", "response": "utter_greet"}, {"custom": {"end_conversation": True}},
                     "junk"],
        "context": {"identified": False, "intent": "greet"}}
    handler, seen = counting(httpx.Response(200, json=turn_json))
    turn = asyncio.run(voice(handler).send("asterisk-1", "/greet", {"channel": "voice"}))
    assert str(seen[0].url) == VOICE_URL
    assert json.loads(seen[0].read()) == {"sender": "asterisk-1", "message": "/greet", "metadata": {"channel": "voice"}}
    assert turn.messages == [AssistantMessage(text="Здравствуйте!", response="utter_greet"),
                             AssistantMessage(custom={"end_conversation": True})]
    assert turn.context == {"identified": False, "intent": "greet"}


def test_understanding_is_asked_at_the_voice_parse_endpoint() -> None:
    handler, seen = counting(httpx.Response(200, json={"understood": True}))
    assert asyncio.run(voice(handler).understands("где посылка")) is True
    assert str(seen[0].url) == "http://rasa:5005/webhooks/voice/parse"
    assert json.loads(seen[0].read()) == {"message": "где посылка"}


def test_a_voice_channel_without_a_model_yet_is_waited_for_within_the_window() -> None:
    handler, seen = counting(httpx.Response(503, json={"error": "no model loaded"}),
                             httpx.Response(200, json={"messages": [], "context": {}}))
    turn = asyncio.run(voice(handler).send("asterisk-1", "/greet", {}))
    assert turn.messages == [] and len(seen) == 2


@pytest.mark.parametrize("failure", [httpx.Response(500, json={"error": "RasaException"}), httpx.ReadTimeout,
                                     httpx.Response(200, json=["not", "an", "object"])], ids=str)
def test_a_failed_voice_turn_is_not_resent_and_the_ivr_is_told(failure: Any) -> None:
    handler, seen = counting(failure, httpx.Response(200, json={"messages": [], "context": {}}))
    with pytest.raises(AssistantUnavailable):
        asyncio.run(voice(handler).send("asterisk-1", "да", {}))
    assert len(seen) == 1


def test_a_voice_channel_down_for_the_whole_window_is_unavailable() -> None:
    handler, _ = counting(httpx.ConnectError)
    with pytest.raises(AssistantUnavailable):
        asyncio.run(voice(handler, retry_window=0.05).understands("алло"))


def test_the_voice_assistant_builds_the_shared_client_from_the_webhook_url() -> None:
    assistant = HttpAssistant(VOICE_URL, timeout=12.0, retry_window=2.0)
    assert isinstance(assistant.client, RasaClient)
    assert (assistant.client.base_url, assistant.client.retry_window) == ("http://rasa:5005/webhooks/voice", 2.0)
    assert assistant.client._client.timeout.read == 12.0


# --- the terminal chat reads payloads through the contract ---

def test_the_terminal_chat_shows_texts_buttons_and_a_hand_over(capsys: pytest.CaptureFixture) -> None:
    replies = [{"text": "Соединяю.", "buttons": [{"title": "Да", "payload": "да"}]},
               {"custom": {"handover": {"ticket_id": 7, "kind": "operator", "reason": "r"}}},
               {"custom": {"handover": {"kind": "operator"}}},  # malformed: ignored
               {"custom": "junk"}]
    assert show(replies) == [{"title": "Да", "payload": "да"}]
    out = capsys.readouterr().out
    assert "Соединяю." in out and "[1] Да" in out and out.count("обращение") == 1
    assert "обращение №7 передано: operator" in out


# --- the Telegram front's settings keep their names ---

def test_the_telegram_front_builds_the_shared_client_from_its_settings() -> None:
    from bot.telegram.app import rasa_client
    from bot.telegram.config import Settings

    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:x", "RASA_URL": "http://rasa:5006/",
                                  "RASA_REPLY_TIMEOUT": "9", "RASA_RETRY_WINDOW": "33"})
    rasa = rasa_client(settings)
    assert isinstance(rasa, RasaClient) and rasa.base_url == "http://rasa:5006" and rasa.retry_window == 33.0
    assert rasa._client.timeout.read == 9.0
