"""The Asterisk gateway as callers meet it: keys and speech over a prompt, a failing TTS, the speech engine's
grammar, language and scores, words in the keypad menu — through the FastAGI server and the real assistant,
against the Asterisk peer of tests/voice/agi_peer.py (each behaviour cited there from res_agi.c,
app_speech_utils.c, app_mrcpsynth.c, app_synthandrecog.c and res_speech_unimrcp.c)."""
from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from typing import Dict, Iterator, List
from urllib.parse import quote, unquote

import pytest

from bot.local_stack import Stack, free_port
from bot.voice.assistant import Assistant, AssistantMessage, AssistantTurn, HttpAssistant
from bot.voice import asterisk
from bot.voice.asterisk import AsteriskSettings
from bot.voice.fastagi import serve
from bot.voice.ivr import IvrSettings
from tests.voice.agi_peer import AsteriskPeer, agi_args, app_args, app_options

GREETING = "Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса. Чем могу Вам помочь?"
OFFER = "Иванова Мария Петровна, верно?"
NOT_UNDERSTOOD = "не совсем поняла"
FALLBACK_SOUND = "custom/ivr-operator"


class LongQuestionAssistant:
    """A stand-in that greets with a question longer than one TTS call can carry (yet under the IVR's limit
    for one part of speech), and echoes what it hears."""

    QUESTION = " ".join(["Скажите, пожалуйста, номер телефона, на который оформлен заказ, или фамилию, имя и "
                         "отчество получателя, как они записаны в заказе."] * 2 +
                        ["Это нужно, чтобы найти Ваш заказ и сказать, где он сейчас."])

    async def send(self, sender_id: str, text: str, metadata: Dict[str, object]) -> AssistantTurn:
        reply = self.QUESTION if text == "/greet" else f"Вы сказали: {text}."
        return AssistantTurn([AssistantMessage(text=reply, response="utter_ask_identity_query")])

    async def understands(self, text: str) -> bool:
        return True

    async def call_ended(self, sender_id: str) -> None:
        return None


class LongAnswerAssistant(LongQuestionAssistant):
    """Greets with an answer of over 30 s of speech, which the IVR says in parts."""

    QUESTION = " ".join([f"Пункт {n}: верните товар в почтовом отделении, приложите заявление и опись вложения, "
                         "сохраните квитанцию об отправке до получения денег." for n in range(1, 9)])


@contextmanager
def fastagi_server(assistant: Assistant, env: Dict[str, str]) -> Iterator[int]:
    """The FastAGI server with its settings from `env` (as `make fastagi` reads them), on a loop of its own."""
    port, loop = free_port(), asyncio.new_event_loop()
    server = loop.run_until_complete(serve("127.0.0.1", port, assistant, AsteriskSettings.from_env(env),
                                           IvrSettings(no_input_timeout=5)))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        server.close()
        loop.run_until_complete(server.wait_closed())
        if isinstance(assistant, HttpAssistant):
            loop.run_until_complete(assistant.close())
        loop.close()


@pytest.fixture(scope="module")
def speech_api_port(stack: Stack) -> Iterator[int]:
    """Prompts by MRCPSynth, then Asterisk's Speech API on res_speech_unimrcp; a recorded prompt for a dead TTS."""
    assistant = HttpAssistant(f"{stack.base_url}/webhooks/voice/webhook")
    with fastagi_server(assistant, {"AGI_LISTEN_MODE": "speech", "AGI_TTS_FALLBACK_SOUND": FALLBACK_SOUND}) as port:
        yield port


@pytest.fixture(scope="module")
def long_question_port() -> Iterator[int]:
    with fastagi_server(LongQuestionAssistant(), {}) as port:
        yield port


@pytest.fixture(scope="module")
def long_answer_port() -> Iterator[int]:
    with fastagi_server(LongAnswerAssistant(), {}) as port:
        yield port


def call(port: int, *script, **kwargs) -> AsteriskPeer:
    peer = AsteriskPeer(port, list(script), **kwargs).run()
    assert not peer.protocol_errors, peer.protocol_errors
    return peer


def after(peer: AsteriskPeer, prompt_part: str) -> List[str]:
    """What the caller heard after the first prompt containing `prompt_part`."""
    at = next(i for i, p in enumerate(peer.heard) if prompt_part in p)
    return peer.heard[at + 1:]


# --- keys and speech over a prompt (SynthAndRecog, the default) ---

def test_a_menu_key_pressed_over_the_menu_acts_at_once(fastagi_port: int, not_understood: List[str]) -> None:
    peer = call(fastagi_port, ("say", not_understood[0]), ("say", not_understood[1]), ("keys_over", "1"),
                ("hangup",))
    menu = peer.heard[2]
    # app_synthandrecog_exec: the key goes to the recogniser (mpf_dtmf_generator_enqueue), matched by the DTMF grammar
    assert "Где посылка — нажмите 1" in menu and menu in peer.cut
    assert after(peer, "Где посылка — нажмите 1")[0].startswith(OFFER)  # and acted: no wait, no re-prompt
    assert not peer.lost_keys


def test_a_phone_typed_over_the_question_keeps_its_first_digit(fastagi_port: int) -> None:
    peer = call(fastagi_port, ("say", "где моя посылка"), ("keys_over", "89001000101#"), ("hangup",),
                callerid="unknown")
    assert "номер телефона" in peer.heard[1] and peer.heard[1] in peer.cut
    assert peer.heard[2].startswith(OFFER)
    assert not peer.lost_keys


def test_speech_over_the_greeting_stops_it_and_is_understood(fastagi_port: int) -> None:
    peer = call(fastagi_port, ("say_over", "где моя посылка"), ("hangup",))
    # app_synthandrecog_exec: START-OF-INPUT → synth_channel_bargein_occurred stops the prompt (b=1)
    assert peer.cut == [GREETING]
    assert peer.heard[1].startswith(OFFER)


def test_unsure_speech_gets_the_clarification_then_an_operator_with_a_ticket(fastagi_port: int) -> None:
    peer = call(fastagi_port, ("say", "где моя посылка", 0.3), ("say", "где моя посылка", 0.2))
    assert NOT_UNDERSTOOD in peer.heard[1] and OFFER not in " ".join(peer.heard)
    assert peer.dialled and peer.variables["__IVR_X_TICKET_ID"].isdigit()


def test_operator_said_in_the_keypad_menu_transfers(fastagi_port: int, not_understood: List[str]) -> None:
    peer = call(fastagi_port, ("say", not_understood[0]), ("say", not_understood[1]), ("say", "оператор"))
    assert "Где посылка — нажмите 1" in peer.heard[2]
    assert peer.dialled and "соединю вас со специалистом" in peer.heard[-1]


def test_a_long_prompt_listens_over_every_chunk_and_waits_only_after_the_last() -> None:
    prompt = " ".join(f"Предложение номер {n}, с запятой." for n in range(30))
    commands = asterisk.synth_and_recog_commands(prompt, AsteriskSettings(), timeout=8.0, max_digits=14,
                                                 finish_on_key="#", speech=True, digits=True)
    parsed = [app_args(agi_args(c)[2]) for c in commands]
    assert len(parsed) > 1 and " ".join(p for p, _, _ in parsed) == prompt
    assert [app_options(o)["nit"] for _, _, o in parsed] == [str(asterisk.CHUNK_GAP_MS)] * (len(parsed) - 1) + ["8000"]
    assert all(len(c.encode()) < 1024 for c in commands)


def test_speech_over_the_first_part_of_a_long_question_stops_the_rest(long_question_port: int) -> None:
    first, *rest = asterisk.text_chunks(LongQuestionAssistant.QUESTION)
    assert rest  # longer than one SynthAndRecog can carry
    peer = call(long_question_port, ("say_over", "восемь девятьсот"), ("hangup",))
    assert peer.heard[0] == first and peer.cut == [first]
    assert peer.heard[1] == "Вы сказали: восемь девятьсот."  # the rest of the question was never said


def test_an_answer_after_a_long_question_is_heard_after_all_of_it(long_question_port: int) -> None:
    peer = call(long_question_port, ("say", "восемь девятьсот"), ("hangup",))
    assert " ".join(peer.heard[:-1]) == LongQuestionAssistant.QUESTION and not peer.cut
    assert peer.heard[-1] == "Вы сказали: восемь девятьсот."


def test_speech_over_the_first_part_of_a_long_answer_is_heard(long_answer_port: int) -> None:
    # The IVR says an answer of over 30 s in parts; each part is said while listening, not by MRCPSynth alone.
    peer = call(long_answer_port, ("say_over", "подождите"), ("hangup",))
    assert peer.cut == [peer.heard[0]] and peer.heard[0].startswith("Пункт 1:")
    assert peer.heard[1] == "Вы сказали: подождите."
    assert not any(c.startswith("EXEC MRCPSynth") for c in peer.commands)


def test_results_are_read_from_namespaced_nlsml_as_mrcpv2_servers_write_it() -> None:
    nlsml = ('<?xml version="1.0"?><result xmlns="urn:ietf:params:xml:ns:mrcpv2" grammar="session:grammar-1">'
             '<interpretation grammar="builtin:dtmf/digits" confidence="1.0"><instance>1 2</instance>'
             '<input mode="dtmf" confidence="0.95">1 2</input></interpretation></result>')
    assert asterisk.parse_nlsml(quote(nlsml, safe="")) == asterisk.Recognition(text="1 2", score="0.95", dtmf=True)
    assert asterisk.parse_nlsml("") is None and asterisk.parse_nlsml("%3Cresult") is None


# --- the TTS failing ---

def test_a_synthesis_error_is_retried_and_the_call_goes_on(fastagi_port: int) -> None:
    # synthandrecog_exit / mrcpsynth_exit: -1 on ERROR (the caller is still there, no HANGUP follows)
    peer = call(fastagi_port, ("say", "где моя посылка"), ("hangup",), synth_failures=1)
    assert peer.heard[0] == GREETING and peer.heard[1].startswith(OFFER)
    assert not peer.ivr_hung_up


def test_a_dead_tts_hands_the_caller_to_an_operator_instead_of_dropping_them(fastagi_port: int) -> None:
    peer = call(fastagi_port, synth_failures=100)
    assert peer.heard == [] and not peer.caller_hung_up
    assert peer.dialled == [["PJSIP/operators", "60", "b(ivr-operator-headers^s^1)"]]
    assert unquote(peer.variables["__IVR_X_HANDOVER_REASON"]) == "синтез речи недоступен"


def test_a_dead_tts_plays_the_recorded_prompt_before_the_transfer(speech_api_port: int) -> None:
    peer = call(speech_api_port, synth_failures=100)
    assert peer.streamed == [FALLBACK_SOUND] and peer.dialled
    assert peer.commands.index(f'STREAM FILE "{FALLBACK_SOUND}" ""') < \
        next(i for i, c in enumerate(peer.commands) if c.startswith("EXEC Dial"))


def test_a_hang_up_during_a_prompt_still_ends_the_call(speech_api_port: int) -> None:
    # app_synth_exec: a hang-up is INTERRUPTED and mrcpsynth_exit returns 0; run_agi then sends HANGUP
    peer = call(speech_api_port, ("say", "где моя посылка"), ("hangup_over",))
    assert peer.caller_hung_up and not peer.ivr_hung_up and not peer.dialled
    last_prompt = max(i for i, c in enumerate(peer.commands) if c.startswith("EXEC MRCPSynth"))
    assert len(peer.commands[last_prompt + 1:]) <= 1  # the next command got HANGUP: the session closed


# --- Asterisk's Speech API on res_speech_unimrcp ---

def test_speech_api_loads_and_activates_a_grammar_and_leaves_the_language_to_the_engine(speech_api_port: int) -> None:
    peer = call(speech_api_port, ("say", "где моя посылка"), ("hangup",))
    # res_speech_unimrcp: uni_recog_start recognises «session:<active grammar>»; uni_recog_change ignores settings
    assert peer.grammars == {"ivr": "builtin:speech/transcribe"} and peer.active_grammar == "ivr"
    assert peer.ignored_settings == {}
    assert peer.listens[0] == "speech" and peer.heard[1].startswith(OFFER)


def test_speech_api_without_an_engine_works_with_keys(speech_api_port: int) -> None:
    # app_speech_utils.c speech_create: no engine → ERROR=1 and SPEECH(status) 0
    peer = call(speech_api_port, ("keys", "0"), speech_engine=None)
    assert peer.listens == ["keys"] and peer.dialled


def test_speech_api_scores_are_read_on_the_engines_scale(speech_api_port: int) -> None:
    # res_speech_unimrcp uni_recog_get: score = MRCPv2 confidence × 100
    sure = call(speech_api_port, ("say", "где моя посылка", 0.87), ("hangup",))
    assert sure.heard[1].startswith(OFFER)
    unsure = call(speech_api_port, ("say", "где моя посылка", 0.3), ("say", "где моя посылка", 0.3))
    assert NOT_UNDERSTOOD in unsure.heard[1] and unsure.dialled


def test_speech_api_menu_hears_words_too(speech_api_port: int, not_understood: List[str]) -> None:
    peer = call(speech_api_port, ("say", not_understood[0]), ("say", not_understood[1]), ("say", "оператор"))
    assert "Где посылка — нажмите 1" in peer.heard[2] and peer.listens[2] == "speech"
    assert peer.dialled


def test_speech_api_loses_a_menu_key_pressed_over_the_menu_as_mrcpsynth_does(speech_api_port: int,
                                                                            not_understood: List[str]) -> None:
    # What the README says of this mode: MRCPSynth's i=any stops the prompt on a key and frees the key, so the
    # caller waits out the silence and hears the menu again.
    peer = call(speech_api_port, ("say", not_understood[0]), ("say", not_understood[1]), ("keys_over", "1"),
                ("hangup",))
    assert peer.lost_keys == ["1"]
    assert "Вы меня слышите?" in after(peer, "Где посылка — нажмите 1")[0]
