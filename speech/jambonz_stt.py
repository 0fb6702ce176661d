"""jambonz's custom speech-to-text protocol over a websocket: `start`, LINEAR16 frames, `stop` → `transcription`.

jambonz decides nothing about the end of an utterance itself: the vendor answers with a final transcript
when the caller has stopped speaking (here: Silero's VAD sees `END_SILENCE` of silence after speech), or at
`stop` with whatever was said so far.
"""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Optional

import numpy as np
from aiohttp import WSMsgType, web

from speech.asr import Transcript
from speech.audio import WHISPER_RATE, pcm16_to_float

log = logging.getLogger(__name__)

END_SILENCE = 0.8  # seconds of silence after speech that end the caller's utterance
CHECK_EVERY = 0.4  # seconds of new audio between two VAD passes
MAX_UTTERANCE = 30.0  # seconds: transcribe what there is rather than wait for ever

Transcribe = Callable[[np.ndarray], Awaitable[Transcript]]


def speech_ended(samples: np.ndarray) -> bool:
    """True once Silero's VAD found speech and END_SILENCE of silence after it."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    spans = get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=int(END_SILENCE * 1000)))
    return bool(spans) and (samples.size - spans[-1]["end"]) / WHISPER_RATE >= END_SILENCE


@dataclass
class _Session:
    language: str = "ru-RU"
    rate: int = 8000
    pcm: bytearray = field(default_factory=bytearray)
    checked_at: int = 0
    answered: bool = False


def transcription(transcript: Transcript, language: str) -> dict:
    return {"type": "transcription", "is_final": True, "channel": 1, "language": language,
            "alternatives": [{"transcript": transcript.text, "confidence": transcript.confidence}]}


async def handle(request: web.Request, transcribe: Transcribe, api_key: Optional[str]) -> web.StreamResponse:
    if api_key and request.headers.get("Authorization", "") != f"Bearer {api_key}":
        raise web.HTTPForbidden()
    ws = web.WebSocketResponse(max_msg_size=8 << 20)
    await ws.prepare(request)
    session: Optional[_Session] = None

    async def answer() -> None:
        assert session is not None
        session.answered = True
        samples = pcm16_to_float(bytes(session.pcm), session.rate)
        result = await transcribe(samples)
        await ws.send_str(json.dumps(transcription(result, session.language), ensure_ascii=False))

    async for message in ws:
        if message.type == WSMsgType.TEXT:
            control = json.loads(message.data)
            if control.get("type") == "start":
                session = _Session(language=control.get("language", "ru-RU"),
                                   rate=int(control.get("sampleRateHz", 8000)))
            elif control.get("type") == "stop":
                if session is not None and not session.answered:
                    await answer()
                break
        elif message.type == WSMsgType.BINARY and session is not None and not session.answered:
            session.pcm += message.data
            seconds = len(session.pcm) / 2 / session.rate
            if seconds - session.checked_at / 2 / session.rate >= CHECK_EVERY:
                session.checked_at = len(session.pcm)
                samples = pcm16_to_float(bytes(session.pcm), session.rate)
                ended = await asyncio.get_running_loop().run_in_executor(None, speech_ended, samples)
                if ended or seconds >= MAX_UTTERANCE:
                    await answer()
        elif message.type == WSMsgType.ERROR:
            break
    await ws.close()
    return ws
