"""FastAGI: whole calls driven through the FastAGI server (as `make fastagi` runs it, default listen mode:
UniMRCP's SynthAndRecog) by a scripted Asterisk peer over a real TCP socket, with the real assistant behind
it. The peer's behaviours and the Asterisk / asterisk-unimrcp sources they come from: tests/voice/agi_peer.py."""
from __future__ import annotations

import os
import time
from typing import List
from urllib.parse import unquote

from bot.local_stack import Stack
from tests.voice.agi_peer import AsteriskPeer, agi_args, app_args, app_options

SHPI_SPOKEN = "сто семьдесят, сто двадцать три, четыреста пятьдесят шесть, семьсот восемьдесят девять, ноль один"
CALL_BACK = "Перезвоните, пожалуйста, возможно качество связи улучшится. Спасибо за звонок, всего доброго"


def call(port: int, *script, **kwargs) -> AsteriskPeer:
    peer = AsteriskPeer(port, list(script), **kwargs).run()
    assert not peer.protocol_errors, peer.protocol_errors
    return peer


def listen_commands(peer: AsteriskPeer) -> List[List[str]]:
    """SynthAndRecog's arguments (prompt, grammars, options) of every listen, in order."""
    return [app_args(agi_args(c)[2]) for c in peer.commands if c.startswith("EXEC SynthAndRecog")]


def test_speech_turns_caller_id_where_is_my_parcel_and_hang_up_after_farewell(fastagi_port: int) -> None:
    peer = call(fastagi_port, ("say", "где моя посылка"), ("say", "да"), ("say", "нет"), ("keys", "4"))
    assert peer.commands[0] == "ANSWER"
    assert all(app_options(options)["spl"] == "ru-RU" for _, _, options in listen_commands(peer))
    heard = " | ".join(peer.heard)
    assert peer.heard[0].startswith("Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса.")
    assert "Иванова Мария Петровна, верно?" in heard and "номер телефона" not in heard
    assert "Мария Петровна, заказ уже отправлен" in heard and SHPI_SPOKEN in heard
    assert "Мария Петровна, спасибо за звонок. Всего доброго!" in peer.heard[-2]  # then the rating (001)
    assert "Спасибо за оценку" in peer.heard[-1]
    assert set(peer.listens) == {"synthandrecog"}  # prompt, speech and keys together at every turn
    assert listen_commands(peer)[-1][1].endswith("builtin:dtmf/digits?maxlength=1")  # the rating: one key
    assert peer.commands[-1] == "HANGUP" and peer.ivr_hung_up and not peer.caller_hung_up


def test_a_rating_said_as_a_word_is_thanked_for(fastagi_port: int) -> None:
    """A caller says the rating instead of keying it: «один» is a rating here, not «one item is missing»."""
    peer = call(fastagi_port, ("say", "где моя посылка"), ("say", "да"), ("say", "нет"), ("say", "один"))
    assert "Всего доброго!" in peer.heard[-2]
    assert "Спасибо за оценку" in peer.heard[-1]
    assert peer.commands[-1] == "HANGUP" and peer.ivr_hung_up


def test_prompts_reach_the_tts_application_whole_despite_commas(fastagi_port: int) -> None:
    peer = call(fastagi_port, ("hangup",))
    # The peer split the application data at unescaped commas: the text survived as one argument, and the
    # grammars (comma-separated themselves) as the second.
    prompt, grammars, options = listen_commands(peer)[0]
    assert peer.heard[0] == prompt == "Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса. Чем могу Вам помочь?"
    assert grammars == "builtin:speech/transcribe,builtin:dtmf/digits?maxlength=14"
    assert app_options(options)["b"] == "1" and app_options(options)["uer"] == "1"


def test_silence_three_times_then_call_back_phrase_and_hang_up(fastagi_port: int) -> None:
    peer = call(fastagi_port, ("silence",), ("silence",), ("silence",), ("silence",))
    assert peer.heard[1:4] == ["Вы меня слышите?"] * 3
    assert peer.heard[4].startswith(CALL_BACK)
    assert peer.commands[-1] == "HANGUP"


def test_keys_collected_by_the_speech_application_identify_an_unknown_caller(fastagi_port: int) -> None:
    peer = call(fastagi_port, ("say", "где моя посылка"), ("keys", "89001000101"), ("hangup",), callerid="unknown")
    assert any("номер телефона" in prompt for prompt in peer.heard)
    assert "Иванова Мария Петровна, верно?" in peer.heard[-1]
    _, grammars, options = listen_commands(peer)[1]
    assert app_options(options)["dttc"] == "#" and int(grammars.rpartition("maxlength=")[2]) >= 11


def test_operator_word_transfers_with_dial_and_the_context_in_variables(fastagi_port: int) -> None:
    peer = call(fastagi_port, ("say", "где моя посылка"), ("say", "да"), ("say", "оператор"))
    assert "соединю вас со специалистом" in peer.heard[-1]
    assert peer.dialled == [["PJSIP/operators", "60", "b(ivr-operator-headers^s^1)"]]
    v = peer.variables
    assert v["__IVR_X_IDENTIFIED"] == "yes" and v["__IVR_X_CUSTOMER_ID"] == "C001"
    assert v["__IVR_X_ORDER_ID"] == "1000037" and v["__IVR_X_TICKET_ID"].isdigit()
    assert v["__IVR_X_CONVERSATION_ID"] == f"asterisk-{peer.uniqueid}"
    assert unquote(v["__IVR_X_HANDOVER_REASON"]) == "клиент просит соединить с оператором"
    # the context is set before the Dial that carries it
    dial_at = next(i for i, c in enumerate(peer.commands) if c.startswith("EXEC Dial"))
    assert all(i < dial_at for i, c in enumerate(peer.commands) if "__IVR_" in c)
    assert peer.commands[dial_at + 1] == "GET VARIABLE DIALSTATUS"
    assert peer.commands[-1] == "HANGUP"


def test_operator_not_answering_gets_the_ticket_phrase(fastagi_port: int) -> None:
    peer = call(fastagi_port, ("keys", "0"), dial_status="NOANSWER")
    assert peer.dialled and "информация по вашему вопросу зафиксирована" in peer.heard[-1].lower()
    assert peer.commands[-1] == "HANGUP"


def test_two_misunderstandings_open_the_keypad_menu_on_get_data(fastagi_port: int, not_understood: List[str]) -> None:
    peer = call(fastagi_port, ("say", not_understood[0]), ("say", not_understood[1]), ("keys", "1"), ("hangup",))
    menu = peer.heard[2]
    assert "Где посылка — нажмите 1" in menu and "Соединить с оператором — 0" in menu
    _, grammars, _ = listen_commands(peer)[2]
    assert grammars == "builtin:speech/transcribe,builtin:dtmf/digits?maxlength=1"  # one key, or words
    assert "Иванова Мария Петровна, верно?" in peer.heard[-1]


def test_caller_hanging_up_ends_the_session(fastagi_port: int) -> None:
    peer = call(fastagi_port, ("say", "где моя посылка"), ("hangup",))
    assert peer.caller_hung_up and not peer.ivr_hung_up
    last_listen = max(i for i, c in enumerate(peer.commands) if c.startswith("EXEC SynthAndRecog"))
    # One more command at most (answered by the HANGUP notice), then the server closed the session.
    assert len(peer.commands[last_listen + 1:]) <= 1


def test_without_a_recogniser_keys_still_work(fastagi_port: int) -> None:
    # SynthAndRecog fails (RECOG_STATUS=ERROR, -1) twice: the prompt by MRCPSynth, keys by GET DATA.
    peer = call(fastagi_port, ("keys", "0"), recognizer=False)
    assert peer.heard[0].startswith("Здравствуйте") and peer.listens == ["keys"]
    assert peer.dialled


def test_a_caller_hanging_up_mid_topic_leaves_a_callback_ticket(fastagi_port: int, stack: Stack) -> None:
    # 002: the FastAGI server reports the hang-up (AGI HANGUP / EOF) to the assistant's /hangup.
    peer = call(fastagi_port, ("say", "где моя посылка"), ("say", "да"), ("hangup",), callerid="79161234567")
    assert "несколько заказов" in " ".join(peer.heard) and peer.caller_hung_up
    os.environ["ORDER_STORE_URL"] = stack.store_url
    from store import queries

    deadline = time.monotonic() + 10  # the server reports after the session closed
    while not queries.tickets(f"asterisk-{peer.uniqueid}") and time.monotonic() < deadline:
        time.sleep(0.2)
    [ticket] = queries.tickets(f"asterisk-{peer.uniqueid}")
    assert ticket.kind == "callback" and "перезвонить" in ticket.reason
