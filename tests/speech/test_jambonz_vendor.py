"""The speech service as jambonz's custom speech vendor, spoken to as jambonz speaks.

The protocol (jambonz docs «Adding custom speech vendors» and «Text-to-speech API»; jambonz/custom-speech-example,
the vendor jambonz ships as its reference): app.js upgrades the websocket only with `Authorization: Bearer
<api key>` (403 otherwise); lib/stt/vosk.js transcribeVosk: a `start` text frame (language, sampleRateHz,
interimResults, LINEAR16), binary frames of raw 16-bit PCM, results sent back as
{type: "transcription", is_final, alternatives: [{transcript, confidence}], channel: 1, language}; on `stop`
the vendor closes the socket; lib/tts/google.js: POST {language, voice, type: "text"|"ssml", text} → audio.
"""
from __future__ import annotations

import asyncio
import io
import json
import re
import wave
from typing import Optional

import pytest
import requests
import websockets

from bot.voice.steps import Listen
from tests.speech.audio_samples import pcm_of, silence_pcm, spoken_wav
from tests.speech.conftest import API_KEY

FRAME_MS = 20


def _frames(pcm: bytes, rate: int) -> list:
    size = rate * 2 * FRAME_MS // 1000
    return [pcm[i:i + size] for i in range(0, len(pcm), size)]


async def _recognise(url: str, pcm: bytes, rate: int, send_stop_after_audio: bool,
                     options: Optional[dict] = None) -> tuple:
    """Streams the audio as jambonz does (frames at the call's pace, sped up 4×); returns the messages received
    before `stop` was sent, those after, and whether the vendor closed the socket."""
    before, after = [], []
    headers = {"Authorization": f"Bearer {API_KEY}"}
    async with websockets.connect(url, extra_headers=headers, max_size=None) as ws:
        await ws.send(json.dumps({"type": "start", "language": "ru-RU", "format": "raw", "encoding": "LINEAR16",
                                  "sampleRateHz": rate, "interimResults": False, "options": options or {}}))
        for frame in _frames(pcm, rate):
            await ws.send(frame)
            await asyncio.sleep(FRAME_MS / 4000)
            while True:
                try:
                    before.append(json.loads(await asyncio.wait_for(ws.recv(), 0.001)))
                except asyncio.TimeoutError:
                    break
        if not send_stop_after_audio:  # the caller stopped talking: wait for the vendor's final result
            before.append(json.loads(await asyncio.wait_for(ws.recv(), 120)))
        await ws.send(json.dumps({"type": "stop"}))
        try:
            async for message in ws:
                after.append(json.loads(message))
        except websockets.ConnectionClosed:
            pass
        closed = ws.closed
    return before, after, closed


def test_an_utterance_ends_by_itself_when_the_caller_stops_talking(speech_service):
    pcm, rate = pcm_of(spoken_wav(speech_service.url, "Здравствуйте, где моя посылка?", rate=8000))
    url = speech_service.url.replace("http://", "ws://") + "/jambonz/stt"
    before, after, closed = asyncio.run(_recognise(url, pcm + silence_pcm(1.5, rate), rate, False))
    final = before[-1]
    assert final["type"] == "transcription" and final["is_final"] is True
    assert final["language"] == "ru-RU" and final["channel"] == 1
    assert "посылк" in final["alternatives"][0]["transcript"].lower()
    assert 0 < final["alternatives"][0]["confidence"] <= 1
    assert after == [] and closed  # one final result per utterance; the vendor closes after `stop`


def test_speech_after_a_long_silence_still_ends_the_utterance_by_itself(speech_service):
    # The VAD looks at the latest seconds only: speech long after the start is heard, and its end too.
    pcm, rate = pcm_of(spoken_wav(speech_service.url, "Где моя посылка?", rate=8000))
    url = speech_service.url.replace("http://", "ws://") + "/jambonz/stt"
    audio = silence_pcm(6.0, rate) + pcm + silence_pcm(1.5, rate)
    before, _after, _closed = asyncio.run(_recognise(url, audio, rate, False))
    assert before and before[-1]["is_final"]
    assert "посылк" in before[-1]["alternatives"][0]["transcript"].lower()


def test_a_phone_asked_for_comes_with_its_number_word_reading(speech_service):
    # bot/voice/jambonz.py puts {"expect": "digits"} in recognizer.customOptions.options when the IVR asked
    # for the phone; jambonz sends it as the `start` message's `options` (jambonz-feature-server
    # lib/utils/transcription-utils.js, setChannelVarsForStt for a `custom:` vendor).
    pcm, rate = pcm_of(spoken_wav(speech_service.url, "Мой телефон восемь, девятьсот двенадцать, триста сорок "
                                                      "пять, шестьдесят семь, восемьдесят девять", rate=8000))
    url = speech_service.url.replace("http://", "ws://") + "/jambonz/stt"
    before, _after, _closed = asyncio.run(_recognise(url, pcm + silence_pcm(1.5, rate), rate, False,
                                                     {"expect": "digits"}))
    free, *others = [a["transcript"] for a in before[-1]["alternatives"]]
    assert others and not re.search(r"\d", others[0])  # the number pass's best reading, in words only
    assert re.search(r"восем|девят|двенадцат|сорок", others[0].lower())


def test_stop_before_the_end_of_speech_still_gets_the_final_transcript(speech_service):
    pcm, rate = pcm_of(spoken_wav(speech_service.url, "Да", rate=8000))
    url = speech_service.url.replace("http://", "ws://") + "/jambonz/stt"
    before, after, closed = asyncio.run(_recognise(url, pcm, rate, True))
    assert before == []
    assert [m["type"] for m in after] == ["transcription"] and after[0]["is_final"]
    assert after[0]["alternatives"][0]["transcript"].lower().startswith("да")
    assert closed


def test_the_websocket_needs_the_api_key(speech_service):
    url = speech_service.url.replace("http://", "ws://") + "/jambonz/stt"

    async def connect() -> None:
        async with websockets.connect(url, extra_headers={"Authorization": "Bearer wrong"}):
            pass

    with pytest.raises(websockets.InvalidStatusCode) as refused:
        asyncio.run(connect())
    assert refused.value.status_code == 403


def test_tts_answers_jambonz_with_a_telephone_wav(speech_service):
    body = {"language": "ru-RU", "voice": "default", "type": "ssml",
            "text": "<speak>Спасибо за звонок. <break time='300ms'/>Всего доброго!</speak>"}
    refused = requests.post(f"{speech_service.url}/jambonz/tts", json=body, timeout=60)
    assert refused.status_code == 403
    response = requests.post(f"{speech_service.url}/jambonz/tts", json=body, timeout=60,
                             headers={"Authorization": f"Bearer {API_KEY}"})
    assert response.status_code == 200 and response.headers["Content-Type"] == "audio/wav"
    with wave.open(io.BytesIO(response.content)) as handle:
        assert handle.getframerate() == 8000 and handle.getnframes() / 8000 > 1.0


def test_the_ivr_asking_for_the_phone_tells_the_projects_vendor_to_expect_digits():
    from dataclasses import replace

    from bot.voice.jambonz_verbs import JambonzSettings, gather

    question = Listen(prompt="Назовите, пожалуйста, номер телефона", expect="digits")
    custom = JambonzSettings(recognizer_vendor="custom:selfhosted")
    asked = gather(question, custom)
    assert asked["recognizer"]["customOptions"] == {"options": {"expect": "digits"}}
    assert "minConfidence" not in asked["recognizer"]  # the IVR applies its floor after reading the phone
    # another question, or a vendor that is not ours (jambonz would pass options it does not know): nothing added
    other = gather(replace(question, expect=None), custom)["recognizer"]
    assert "customOptions" not in other and other["minConfidence"] == custom.min_confidence
    google = JambonzSettings(recognizer_vendor="google")
    assert "customOptions" not in gather(question, google)["recognizer"]


def test_the_number_word_readings_reach_the_ivr_from_the_vendors_whole_result():
    # What jambonz's actionHook carries from our vendor: jambonz-feature-server lib/utils/transcription-utils.js
    # normalizeCustom keeps the first alternative and the vendor's whole result under vendor.evt. The IVR reads
    # a phone from them (IvrCall.on_heard; tests/unit/test_voice_ivr.py).
    from types import SimpleNamespace

    from bot.voice.jambonz import JambonzInput

    heard: list = []

    async def on_heard(transcript, confidence, floor, readings=()):
        heard.append((transcript, confidence, list(readings)))
        return []

    free = {"transcript": "Восемь 9025 645 42 84", "confidence": 0.3}  # below the floor: mostly so for a phone
    words = {"transcript": "Восемь, девятьсот двадцать пять, шестьсот сорок пять, сорок два, восемьдесят четыре.",
             "confidence": 0.6}
    sent = {"type": "transcription", "is_final": True, "channel": 1, "language": "ru-RU", "alternatives": [free, words]}
    payload = {"reason": "speechDetected", "speech": {
        "language_code": "ru-RU", "channel_tag": 1, "is_final": True, "alternatives": [free],
        "vendor": {"name": "custom:selfhosted", "evt": sent}}}
    channel = JambonzInput.from_credentials({"recognizer_vendor": "custom:selfhosted"})
    asyncio.run(channel._on_gather(SimpleNamespace(on_heard=on_heard), payload))
    assert heard == [("Восемь 9025 645 42 84", 0.3, [words["transcript"]])]
