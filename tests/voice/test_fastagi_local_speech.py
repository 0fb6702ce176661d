"""FastAGI in the self-hosted speech mode (AGI_LOCAL_SPEECH_URL): a whole call against an Asterisk-like peer with no
speech engine (tests/voice/local_agi_peer.py) that plays the caller's WAV files into RECORD FILE; the IVR's
prompts are the local speech service's WAVs, the caller's words its transcripts; the real assistant behind.

The caller's voice is festival's (the service's own TTS, 8 kHz). Whisper base hears many phones in that voice
wrongly (the demo's +7 900 100 …, mostly zeros, nearly always; see `make bench-speech`), so the test first picks,
among a few phones, one whose recording the service transcribes right, and gives it to Иванова Мария Петровна:
this test is about the self-hosted mode, the benchmark about recognition.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator, Tuple

import pytest
import requests

from bot.local_stack import ROOT, VENV_BIN, Stack, free_port
from bot.russian.phones import find_phones, normalize_phone
from speech.local_service import LocalSpeechService
from bot.voice.number_reading import reading_of_digits
from tests.voice.local_agi_peer import LocalSpeechPeer

CREDENTIALS = Path(__file__).with_name("credentials.yml")
CANDIDATE_PHONES = ("8 960 222 44 55", "8 903 555 22 11", "8 912 345 67 89", "8 925 765 43 21", "8 916 123 45 67")


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSpeechService]:
    service = LocalSpeechService(tmp_path_factory.mktemp("speech") / "cache").start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def spoken_phone(speech: LocalSpeechService) -> Tuple[str, bytes]:
    """A phone (+7…) and the caller's recording of «Мой телефон …» that the service hears right."""
    for written in CANDIDATE_PHONES:
        wav = caller_wav(speech, f"Мой телефон {written}")
        # as the IVR sends the answer to its question for the phone (bot/voice/fastagi_local.py)
        heard = requests.post(f"{speech.url}/asr", data=wav, params={"expect": "digits"}, timeout=120).json()
        found = [m.value for m in find_phones(reading_of_digits(heard["text"], heard["alternatives"])[0])]
        if found == [normalize_phone(written)]:
            return found[0], wav
    pytest.fail("the speech service heard none of the candidate phones right")


@pytest.fixture(scope="module")
def local_stack(spoken_phone: Tuple[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("local-speech-stack"), credentials=CREDENTIALS)
    try:
        running.start()
        data = json.loads((ROOT / "demo" / "orders.json").read_text(encoding="utf-8"))
        data["customers"][0]["phones"].append(spoken_phone[0])  # Иванова Мария Петровна
        export = running.workdir / "orders.json"
        export.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        subprocess.run([str(VENV_BIN / "python"), "-m", "store.cli", "import", str(export)], cwd=ROOT,
                       env=running.environment(), check=True, capture_output=True)
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("agi-shared")  # what Asterisk and the FastAGI server would share
    return {"sounds": root / "sounds", "recordings": root / "recordings"}


@pytest.fixture(scope="module")
def local_fastagi_port(local_stack: Stack, speech: LocalSpeechService, dirs: dict,
                       tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    log = open(tmp_path_factory.mktemp("fastagi-local") / "fastagi.log", "w")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AGI_LOCAL_SPEECH_URL": speech.url,
           "AGI_SOUNDS_DIR": str(dirs["sounds"]), "AGI_RECORDINGS_DIR": str(dirs["recordings"])}
    proc = subprocess.Popen([str(VENV_BIN / "python"), "-m", "bot.voice.fastagi", "--host", "127.0.0.1",
                             "--port", str(port), "--assistant-url", f"{local_stack.base_url}/webhooks/voice/webhook",
                             "--no-input-timeout", "5"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"the FastAGI server did not start (log: {log.name})")
            time.sleep(0.2)
    yield port
    proc.terminate()
    proc.wait(timeout=10)


def caller_wav(speech: LocalSpeechService, text: str) -> bytes:
    return requests.post(f"{speech.url}/tts", json={"text": text, "rate": 8000}, timeout=120).content


def caller_says(speech: LocalSpeechService, text: str) -> tuple:
    return ("say", caller_wav(speech, text))


def test_a_whole_call_spoken_phone_where_is_my_parcel_goodbye(local_fastagi_port: int, speech: LocalSpeechService,
                                                               spoken_phone: Tuple[str, bytes], dirs: dict) -> None:
    peer = LocalSpeechPeer(local_fastagi_port, [
        caller_says(speech, "Здравствуйте, где моя посылка?"),
        ("say", spoken_phone[1]),
        caller_says(speech, "Да"),
        caller_says(speech, "Нет"),
        ("keys", "5"),  # the rating, keyed over nothing: RECORD FILE stops on the key
    ], callerid="unknown").run()
    assert not peer.protocol_errors, peer.protocol_errors
    said = " | ".join(peer.heard)
    assert peer.heard[0].startswith("Здравствуйте, Отдел поддержки клиентов")
    assert "Назовите, пожалуйста, номер телефона" in said  # no caller ID: the IVR asks who is calling
    assert "Иванова Мария Петровна, верно?" in said  # the spoken phone found the customer
    assert "Мария Петровна, заказ уже отправлен" in said
    assert "спасибо за звонок" in said.lower()
    assert peer.commands[-1] == "HANGUP" and peer.ivr_hung_up and not peer.caller_hung_up
    assert peer.recordings >= 5
    assert not list(dirs["recordings"].iterdir())  # the caller's voice is not kept


def test_a_key_over_the_prompt_stops_it_and_reaches_the_ivr(local_fastagi_port: int) -> None:
    peer = LocalSpeechPeer(local_fastagi_port, [("keys_over", "0")], callerid="unknown").run()
    assert not peer.protocol_errors, peer.protocol_errors
    assert peer.interrupted and peer.interrupted[0].startswith("Здравствуйте")
    # 0 is «оператор» at any time: the caller is put through (Dial) after the transfer phrase.
    assert any(c.startswith("EXEC Dial") for c in peer.commands)
