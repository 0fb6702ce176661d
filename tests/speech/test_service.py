"""The speech service over HTTP: what a caller says comes back as text, the script's phrases as telephone WAVs."""
from __future__ import annotations

import io
import re
import wave

import requests

from bot.russian.phones import find_phones
from bot.voice.number_reading import reading_of_digits
from speech.phrases import fixed_phrases
from tests.speech.audio_samples import spoken_wav, voice_note


def _heard(service, audio: bytes) -> dict:
    response = requests.post(f"{service.url}/asr", data=audio, timeout=120)
    response.raise_for_status()
    return response.json()


def test_the_script_phrases_are_rendered_before_anyone_asks(speech_service):
    cached = list(speech_service.cache_dir.glob("*.wav"))
    assert len(cached) >= len(fixed_phrases()) > 20


def test_a_phrase_comes_back_as_a_telephone_wav(speech_service):
    response = requests.post(f"{speech_service.url}/tts", json={"text": "Спасибо за звонок. Всего доброго!"}, timeout=60)
    assert response.headers["Content-Type"] == "audio/wav"
    with wave.open(io.BytesIO(response.content)) as handle:
        assert handle.getframerate() == 8000 and handle.getnchannels() == 1
        assert 1.0 < handle.getnframes() / 8000 < 6.0


def test_a_spoken_question_is_transcribed(speech_service):
    heard = _heard(speech_service, spoken_wav(speech_service.url, "Здравствуйте, где моя посылка?"))
    assert "посылк" in heard["text"].lower()
    assert heard["intelligible"] and heard["confidence"] > 0.35


def test_a_telegram_voice_note_in_ogg_opus_is_transcribed(speech_service):
    note = voice_note(spoken_wav(speech_service.url, "Где моя посылка?", rate=48000))
    assert note[:4] == b"OggS"
    assert "посылк" in _heard(speech_service, note)["text"].lower()


def test_silence_is_not_intelligible(speech_service):
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1), handle.setsampwidth(2), handle.setframerate(8000)
        handle.writeframes(b"\x00\x00" * 8000 * 3)
    heard = _heard(speech_service, out.getvalue())
    assert heard["text"] == "" and not heard["intelligible"]


def test_an_unreadable_file_is_refused_not_a_server_error(speech_service):
    response = requests.post(f"{speech_service.url}/asr", data=b"not audio at all", timeout=30)
    assert response.status_code == 415


def test_a_phone_asked_for_is_read_from_the_number_words(speech_service):
    # The IVR asks for the phone and sends the answer with expect=digits (bot/voice/fastagi_local.py): the
    # service adds a reading held to number words, bot.voice.number_reading takes the phone from either.
    said = "Мой телефон восемь, девятьсот двенадцать, триста сорок пять, шестьдесят семь, восемьдесят девять"
    response = requests.post(f"{speech_service.url}/asr", params={"expect": "digits"}, timeout=120,
                             data=spoken_wav(speech_service.url, said))
    heard = response.json()
    assert heard["alternatives"] and not re.search(r"\d", heard["alternatives"][0])  # the number pass's, first
    text, _ = reading_of_digits(heard["text"], heard["alternatives"])
    assert [m.value for m in find_phones(text)] == ["+79123456789"]


def test_an_expectation_the_service_does_not_know_is_refused(speech_service):
    response = requests.post(f"{speech_service.url}/asr", params={"expect": "ФИО"}, data=b"RIFF", timeout=30)
    assert response.status_code == 400
