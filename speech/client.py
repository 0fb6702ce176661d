"""The speech service seen from the Rasa side (Telegram, FastAGI): an httpx client, no model imports."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

import httpx

SPEECH_URL_ENV = "SPEECH_URL"


@dataclass(frozen=True)
class Heard:
    text: str
    confidence: float
    duration: float
    intelligible: bool
    # under expect="digits": the number-word readings, best first (bot.voice.number_reading)
    alternatives: Tuple[str, ...] = ()


class SpeechClient:
    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout)

    async def transcribe(self, audio: bytes, content_type: str = "application/octet-stream",
                         expect: Optional[str] = None) -> Heard:
        """`expect="digits"` when the caller was just asked for a phone or an order number."""
        params = {"expect": expect} if expect else None
        response = await self._http.post("/asr", content=audio, headers={"Content-Type": content_type},
                                         params=params)
        response.raise_for_status()
        body = response.json()
        return Heard(body["text"], float(body["confidence"]), float(body["duration"]), bool(body["intelligible"]),
                     tuple(body.get("alternatives") or ()))

    async def synthesize(self, text: str, rate: int = 8000) -> bytes:
        response = await self._http.post("/tts", json={"text": text, "rate": rate})
        response.raise_for_status()
        return response.content

    async def close(self) -> None:
        await self._http.aclose()
