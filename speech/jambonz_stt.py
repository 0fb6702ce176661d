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
from typing import Awaitable, Callable, List, Optional

import numpy as np
from aiohttp import WSMsgType, web

from speech.asr import EXPECTATIONS, Transcript
from speech.audio import WHISPER_RATE, pcm16_to_float

log = logging.getLogger(__name__)

END_SILENCE = 0.8  # seconds of silence after speech that end the caller's utterance
CHECK_EVERY = 0.4  # seconds of new audio between two VAD passes
MAX_UTTERANCE = 30.0  # seconds: transcribe what there is rather than wait for ever
# Each VAD pass looks at the latest TAIL seconds only (the new audio, END_SILENCE and the VAD's padding with
# room to spare), so a pass costs the same at the 2nd second of an utterance as at the 29th.
TAIL = 2.4
_VAD = {"min_silence_duration_ms": int(END_SILENCE * 1000)}

Transcribe = Callable[[np.ndarray, Optional[str]], Awaitable[Transcript]]


def last_speech_end(tail: np.ndarray) -> Optional[int]:
    """Where Silero's VAD last heard speech in `tail` (16 kHz samples from its start), None for none."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    spans = get_speech_timestamps(tail, VadOptions(**_VAD))
    return spans[-1]["end"] if spans else None


@dataclass
class _Session:
    language: str = "ru-RU"
    rate: int = 8000
    expect: Optional[str] = None  # what the IVR asked for (speech.asr.EXPECTATIONS), from `start`'s options
    pending: bytearray = field(default_factory=bytearray)  # PCM received since the last VAD pass
    chunks: List[np.ndarray] = field(default_factory=list)  # the utterance so far, 16 kHz
    samples: int = 0
    tail: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    speech_end: Optional[int] = None  # sample (16 kHz, from the start) where speech was last heard
    answered: bool = False

    def take_pending(self) -> None:
        """The PCM received since the last pass, converted once and appended (never the whole buffer again)."""
        usable = len(self.pending) // 2 * 2
        if not usable:
            return
        chunk = pcm16_to_float(bytes(self.pending[:usable]), self.rate)
        del self.pending[:usable]
        self.chunks.append(chunk)
        self.samples += chunk.size
        self.tail = np.concatenate([self.tail, chunk])[-int(TAIL * WHISPER_RATE):]

    def pending_seconds(self) -> float:
        return len(self.pending) / 2 / self.rate

    def seconds(self) -> float:
        return self.samples / WHISPER_RATE + self.pending_seconds()

    def heard(self, end_in_tail: Optional[int]) -> None:
        if end_in_tail is not None:
            self.speech_end = self.samples - self.tail.size + end_in_tail

    def ended(self) -> bool:
        """Speech was heard and END_SILENCE of silence followed it."""
        return self.speech_end is not None and (self.samples - self.speech_end) / WHISPER_RATE >= END_SILENCE

    def audio(self) -> np.ndarray:
        self.take_pending()
        return np.concatenate(self.chunks) if self.chunks else np.zeros(0, dtype=np.float32)


def transcription(transcript: Transcript, language: str) -> dict:
    return {"type": "transcription", "is_final": True, "channel": 1, "language": language,
            "alternatives": [{"transcript": text, "confidence": transcript.confidence}
                             for text in (transcript.text, *transcript.alternatives)]}


async def handle(request: web.Request, transcribe: Transcribe, api_key: Optional[str]) -> web.StreamResponse:
    if api_key and request.headers.get("Authorization", "") != f"Bearer {api_key}":
        raise web.HTTPForbidden()
    ws = web.WebSocketResponse(max_msg_size=8 << 20)
    await ws.prepare(request)
    session: Optional[_Session] = None

    async def answer() -> None:
        assert session is not None
        session.answered = True
        result = await transcribe(session.audio(), session.expect)
        await ws.send_str(json.dumps(transcription(result, session.language), ensure_ascii=False))

    async for message in ws:
        if message.type == WSMsgType.TEXT:
            control = json.loads(message.data)
            if control.get("type") == "start":
                options = control.get("options") or {}
                session = _Session(language=control.get("language", "ru-RU"),
                                   rate=int(control.get("sampleRateHz", 8000)),
                                   expect=options.get("expect") if options.get("expect") in EXPECTATIONS else None)
            elif control.get("type") == "stop":
                if session is not None and not session.answered:
                    await answer()
                break
        elif message.type == WSMsgType.BINARY and session is not None and not session.answered:
            session.pending += message.data
            if session.pending_seconds() >= CHECK_EVERY:
                session.take_pending()
                end = await asyncio.get_running_loop().run_in_executor(None, last_speech_end, session.tail)
                session.heard(end)
                if session.ended() or session.seconds() >= MAX_UTTERANCE:
                    await answer()
        elif message.type == WSMsgType.ERROR:
            break
    await ws.close()
    return ws
