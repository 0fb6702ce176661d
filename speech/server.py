"""The speech service's HTTP server: ASR, TTS (with the domain's phrases rendered ahead) and jambonz's custom vendor APIs."""
from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import os
import re
import sys
from pathlib import Path
from typing import Optional

import numpy as np
from aiohttp import web

from speech import jambonz_stt
from speech.asr import EXPECTATIONS, Transcriber, Transcript
from speech.audio import decode
from speech.model_files import DEFAULT_DIR, assemble
from speech.phrases import ROOT, fixed_phrases
from speech.tts import TELEPHONE_RATE, Synthesizer, render_in_batches

log = logging.getLogger("speech")
MAX_AUDIO_BYTES = 20 << 20  # Telegram's own limit for a bot's downloads
_SSML_TAG_RE = re.compile(r"<[^>]+>")


class SpeechService:
    def __init__(self, transcriber: Transcriber, synthesizer: Synthesizer, api_key: Optional[str]) -> None:
        self.transcriber = transcriber
        self.synthesizer = synthesizer
        self.api_key = api_key
        self.ready = False

    async def transcribe(self, samples: np.ndarray, expect: Optional[str] = None) -> Transcript:
        loop = asyncio.get_running_loop()
        work = functools.partial(self.transcriber.transcribe, samples, expect=expect)
        return await loop.run_in_executor(self.transcriber.pool, work)

    async def synthesize(self, text: str, rate: Optional[int]) -> bytes:
        return await asyncio.get_running_loop().run_in_executor(None, self.synthesizer.synthesize, text, rate)

    # --- HTTP handlers -------------------------------------------------------------------------------
    async def health(self, _request: web.Request) -> web.Response:
        return web.json_response({"ready": self.ready})

    async def asr(self, request: web.Request) -> web.Response:
        # ?expect=digits: the caller was just asked for a phone or an order number (speech.asr.EXPECTATIONS)
        expect = request.query.get("expect") or None
        if expect is not None and expect not in EXPECTATIONS:
            raise web.HTTPBadRequest(text=f"expect is one of {', '.join(EXPECTATIONS)}")
        data = await request.read()
        if not data:
            raise web.HTTPBadRequest(text="no audio")
        try:
            samples = await asyncio.get_running_loop().run_in_executor(None, decode, data)
        except Exception:  # an unreadable file is the sender's problem, not a server error
            raise web.HTTPUnsupportedMediaType(text="audio could not be decoded")
        return web.json_response((await self.transcribe(samples, expect)).as_json())

    async def tts(self, request: web.Request) -> web.Response:
        body = await request.json()
        text = str(body.get("text") or "").strip()
        if not text:
            raise web.HTTPBadRequest(text="no text")
        rate = int(body.get("rate") or self.synthesizer.rate)
        return web.Response(body=await self.synthesize(text, rate), content_type="audio/wav")

    async def jambonz_tts(self, request: web.Request) -> web.Response:
        # jambonz's custom TTS API: POST {language, voice, type: text|ssml, text}, Bearer api key → audio.
        if self.api_key and request.headers.get("Authorization", "") != f"Bearer {self.api_key}":
            raise web.HTTPForbidden()
        body = await request.json()
        text = str(body.get("text") or "")
        if body.get("type") == "ssml":  # festival reads plain text: the markup is dropped
            text = _SSML_TAG_RE.sub(" ", text)
        if not text.strip():
            raise web.HTTPBadRequest(text="no text")
        return web.Response(body=await self.synthesize(text, None), content_type="audio/wav")

    async def jambonz_stt(self, request: web.Request) -> web.StreamResponse:
        return await jambonz_stt.handle(request, self.transcribe, self.api_key)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_AUDIO_BYTES)
        app.add_routes([
            web.get("/health", self.health),
            web.post("/asr", self.asr),
            web.post("/tts", self.tts),
            web.get("/jambonz/stt", self.jambonz_stt),
            web.post("/jambonz/tts", self.jambonz_tts),
        ])
        return app


def build(cache_dir: Path, workers: int, prerender: bool = True) -> SpeechService:
    model_dir = assemble(DEFAULT_DIR)
    transcriber = Transcriber(model_dir, workers=workers, cpu_threads=int(os.environ.get("SPEECH_CPU_THREADS", "0")))
    transcriber.warm_up()
    synthesizer = Synthesizer(cache_dir, rate=int(os.environ.get("SPEECH_TTS_RATE", TELEPHONE_RATE)))
    if prerender:
        rendered = render_in_batches(synthesizer, fixed_phrases())
        log.info("TTS cache: %d fixed phrases rendered now, %s", rendered, cache_dir)
    service = SpeechService(transcriber, synthesizer, os.environ.get("SPEECH_API_KEY") or None)
    service.ready = True
    return service


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("SPEECH_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SPEECH_PORT", "5070")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("SPEECH_WORKERS", "1")))
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(os.environ.get("SPEECH_CACHE_DIR", ROOT / "var" / "speech-cache")))
    parser.add_argument("--no-prerender", action="store_true", help="render the fixed phrases on first use only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s speech %(levelname)s %(message)s")
    logging.getLogger("faster_whisper").setLevel(logging.WARNING)  # a line per request otherwise
    service = build(args.cache_dir, args.workers, prerender=not args.no_prerender)
    log.info("speech service on http://%s:%d (%d ASR worker(s))", args.host, args.port, args.workers)
    web.run_app(service.app(), host=args.host, port=args.port, print=None, access_log=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
