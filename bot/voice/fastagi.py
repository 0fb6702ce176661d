"""FastAGI server: Asterisk calls `AGI(agi://<host>:4573/ivr)` and the IVR core runs the call.

    python -m bot.voice.fastagi [--host 127.0.0.1] [--port 4573] [--assistant-url URL]

It talks to the Rasa server's voice webhook (bot.voice.channel.VoiceInput) through the shared Rasa client.
Settings: FASTAGI_HOST, FASTAGI_PORT, VOICE_WEBHOOK_URL, VOICE_RETRY_WINDOW (seconds a caller waits for a Rasa
server that is down before the transfer) and the AGI_* variables of bot.voice.asterisk.AsteriskSettings.
panoramisk provides the FastAGI request and the parsing of Asterisk's `200 result=` replies.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import uuid
from collections import OrderedDict
from dataclasses import replace
from typing import Any, Awaitable, Dict, List, Optional, Sequence

from panoramisk.fast_agi import Application, Request

from bot.voice import asterisk
from bot.voice.assistant import VOICE_RETRY_WINDOW, Assistant, HttpAssistant
from bot.voice.asterisk import AsteriskSettings
from bot.voice.ivr import CallInfo, IvrCall, IvrSettings
from bot.voice.speech import join_utterances
from bot.voice.steps import Hangup, Listen, Say, Step, Transfer

logger = logging.getLogger(__name__)

ROUTE = "ivr"
DEFAULT_PORT = 4573
MAX_ENV_LINES = 200  # an AGI environment is ~25 lines; anything longer is not Asterisk
ENV_TIMEOUT = 10.0


TTS_ATTEMPTS = 2  # a synthesis error is retried once (a passing MRCP fault) before the TTS counts as down
# Commands whose `200 result=-1` is an application's failure, not the end of the call: MRCPSynth and
# SynthAndRecog return -1 on ERROR and 0 when the caller hangs up (Asterisk then sends HANGUP).
TOLERATED_FAILURES = ("EXEC ", "STREAM FILE ")


class CallerHungUp(Exception):
    pass


class Agi:
    """One AGI session: a command out, Asterisk's reply parsed by panoramisk; EOF, HANGUP or a dead channel
    ends the call."""

    def __init__(self, request: Request) -> None:
        self.request = request

    async def run(self, command: str) -> Dict[str, Any]:
        try:
            result = await self.request.send_command(command)
        except (ValueError, ConnectionError, asyncio.IncompleteReadError) as exc:  # EOF: Asterisk hung up
            raise CallerHungUp(" ".join(command.split(" ", 2)[:2])) from exc
        if result.get("error") == "AGIAppError" and command.startswith(TOLERATED_FAILURES):
            return {"result": ("-1", "")}  # the application failed; a hang-up would come as HANGUP next
        if result.get("error"):
            # HANGUP, a dead channel (511), a command that failed: the call is over.
            verb = " ".join(command.split(" ", 2)[:2])
            raise CallerHungUp(f"{verb}: {result.get('error')} {result.get('msg', '')}".strip())
        return result

    async def run_all(self, commands: Sequence[str]) -> None:
        for command in commands:
            await self.run(command)

    async def code(self, command: str) -> int:
        """`200 result=<n>`: an application's return code (0 done, -1 failed, -2 no such application)."""
        value = (await self.run(command)).get("result", ("0", ""))[0]
        return int(value) if value.lstrip("-").isdigit() else 0

    async def value(self, command: str) -> Optional[str]:
        """GET (FULL) VARIABLE: `200 result=1 (value)`, or result=0 when the variable is not set."""
        result = await self.run(command)
        code, data = result.get("result", ("", ""))
        return data if code == "1" else None


class AsteriskCall:
    """Performs the IVR's steps with AGI commands and reports what the caller did."""

    def __init__(self, agi: Agi, ivr: IvrCall, settings: AsteriskSettings) -> None:
        self.agi = agi
        self.ivr = ivr
        self.settings = settings
        self.mode = settings.listen_mode  # falls back to KEYS_ONLY when the recogniser fails
        self.tts_down = False

    async def run(self) -> None:
        try:
            await self.agi.run("ANSWER")
            if self.mode == asterisk.SPEECH_API:
                self.mode = await self._create_speech()
            steps = await self.ivr.start()
            while steps:
                steps = await self._perform(steps)
        except CallerHungUp as exc:
            logger.info("call %s ended by the caller (%s)", self.ivr.info.sender_id, exc)
            await self.ivr.on_hangup()

    async def _create_speech(self) -> str:
        await self.agi.run(asterisk.exec_app("SpeechCreate", self.settings.speech_engine))
        if await self.agi.value(asterisk.get_variable("SPEECH(status)")) != "1":
            logger.warning("no speech engine on this channel: keys only (GET DATA)")
            return asterisk.KEYS_ONLY
        await self.agi.run_all(asterisk.speech_setup_commands(self.settings, list(self.ivr.settings.hints)))
        for command in asterisk.grammar_commands(self.settings):
            if await self.agi.code(command) < 0:  # without its grammar res_speech_unimrcp recognises nothing
                logger.warning("speech grammar %r did not load: keys only (GET DATA)", self.settings.grammar)
                return asterisk.KEYS_ONLY
        return asterisk.SPEECH_API

    async def _perform(self, steps: Sequence[Step]) -> List[Step]:
        if self.mode == asterisk.SYNTH_AND_RECOG:
            steps = said_while_listening(steps)
        for step in steps:
            if isinstance(step, Say):
                await self._say(step.text)
            elif isinstance(step, Listen):
                if self.tts_down:
                    return await self._cannot_speak()
                return await self._listen(step)
            elif isinstance(step, Transfer):
                await self.agi.run_all(asterisk.dial_commands(step.context.sip_headers(), self.settings))
                status = await self.agi.value(asterisk.get_variable("DIALSTATUS"))
                return await self.ivr.on_transfer_result(status == "ANSWER")
            elif isinstance(step, Hangup):
                await self.agi.run("HANGUP")
                await self.ivr.on_hangup()
                return []
        return []

    async def _say(self, text: str) -> None:
        """The TTS application, chunk by chunk. A synthesis error (result -1) is retried once; a second one
        marks the TTS down for the call (a hang-up returns 0 and Asterisk sends HANGUP: not an error)."""
        if self.tts_down:
            return
        for command in asterisk.say_commands(text, self.settings):
            if not await self._attempt(command):
                logger.error("call %s: %s failed %d times: the caller cannot be spoken to", self.ivr.info.sender_id,
                             self.settings.tts_app, TTS_ATTEMPTS)
                self.tts_down = True
                return

    async def _attempt(self, command: str) -> bool:
        for _ in range(TTS_ATTEMPTS):
            if await self.agi.code(command) >= 0:
                return True
        return False

    async def _cannot_speak(self) -> List[Step]:
        """The TTS is down and the caller still on the line: the recorded prompt if there is one, then the IVR
        hands the call to an operator (its phrases are skipped: nothing can say them)."""
        if self.settings.tts_fallback_sound:
            await self.agi.run(asterisk.stream_file(self.settings.tts_fallback_sound))
        return await self.ivr.on_cannot_speak()

    async def _turn(self, work: Awaitable[List[Step]]) -> List[Step]:
        """The IVR's turn; while it is slow the caller hears the hold phrases (bot.voice.hold). Nothing is
        listened to meanwhile: AGI runs one command at a time, and a listen would hold up the answer."""
        held = self.ivr.held(work)
        while True:
            steps, done = await held.next()
            if done:
                return steps
            for step in steps:
                if isinstance(step, Say):
                    await self._say(step.text)

    async def _listen(self, listen: Listen) -> List[Step]:
        return await self._turn(await self._heard(listen))

    async def _heard(self, listen: Listen) -> Awaitable[List[Step]]:
        """Listens; what was heard (or not) as the IVR's handler to run, not yet started."""
        if self.mode == asterisk.SYNTH_AND_RECOG:
            return await self._synth_and_recog(listen)
        await self._say(listen.prompt)
        if self.tts_down:
            return self._cannot_speak()
        if not (listen.speech and self.mode == asterisk.SPEECH_API):
            result = await self.agi.run(asterisk.get_data(self.settings, listen.timeout, listen.max_digits))
            digits = result.get("result", ("", ""))[0]
            return self.ivr.on_digits(digits) if digits.isdigit() else self.ivr.on_silence()
        await self.agi.run_all(asterisk.speech_listen_commands(self.settings, listen.timeout, listen.max_digits,
                                                              listen.finish_on_key))
        results = await self.agi.value(asterisk.get_variable("SPEECH(results)"))
        if results and results.isdigit() and int(results) > 0:
            text = await self.agi.value(asterisk.get_full_variable("${SPEECH_TEXT(0)}")) or ""
            grammar = await self.agi.value(asterisk.get_full_variable("${SPEECH_GRAMMAR(0)}"))
            if grammar == "dtmf":  # SpeechBackground collected keys instead of speech
                return self.ivr.on_digits(text)
            score = await self.agi.value(asterisk.get_full_variable("${SPEECH_SCORE(0)}"))
            return self._speech(text, self.settings.confidence(score, asterisk.SPEECH_API))
        if await self.agi.value(asterisk.get_variable("SPEECH(spoke)")) == "1":
            return self.ivr.on_unrecognised()
        return self.ivr.on_silence()

    async def _synth_and_recog(self, listen: Listen) -> Awaitable[List[Step]]:
        """The prompt said while the recogniser listens, chunk by chunk: speech or a key over a chunk ends it.
        If SynthAndRecog fails (twice) the rest of the call is keys only, from the chunk that failed."""
        chunks = asterisk.text_chunks(listen.prompt)
        commands = asterisk.synth_and_recog_commands(
            listen.prompt, self.settings, timeout=listen.timeout, max_digits=listen.max_digits,
            finish_on_key=listen.finish_on_key, speech=listen.speech, digits=listen.digits,
            inter_digit_timeout=listen.inter_digit_timeout)
        for n, command in enumerate(commands):
            if not await self._attempt(command):
                logger.warning("call %s: SynthAndRecog failed: prompts by %s and keys by GET DATA from now on",
                               self.ivr.info.sender_id, self.settings.tts_app)
                self.mode = asterisk.KEYS_ONLY
                return await self._heard(replace(listen, prompt=" ".join(chunks[n:])))
            cause = await self.agi.value(asterisk.get_variable("RECOG_COMPLETION_CAUSE")) or ""
            if cause in asterisk.NO_INPUT and n < len(commands) - 1:
                continue  # nothing yet: the next chunk
            return await self._recognition(cause)
        return self.ivr.on_silence()

    async def _recognition(self, cause: str) -> Awaitable[List[Step]]:
        if cause in asterisk.RECOGNISED:
            recognition = asterisk.parse_nlsml(await self.agi.value(asterisk.get_full_variable("${RECOG_RESULT}")) or "")
            if recognition is None:
                return self.ivr.on_unrecognised()
            if recognition.dtmf:  # keys, pressed over the prompt or after it: none lost
                return self.ivr.on_digits(recognition.text)
            return self._speech(recognition.text, self.settings.confidence(recognition.score, asterisk.SYNTH_AND_RECOG))
        if cause in asterisk.NO_INPUT:
            return self.ivr.on_silence()
        if cause not in asterisk.NO_MATCH:  # a recogniser error (grammar, language, server) with the caller there
            logger.warning("call %s: recognition failed (Completion-Cause %s): keys only from now on",
                           self.ivr.info.sender_id, cause or "none")
            self.mode = asterisk.KEYS_ONLY
        return self.ivr.on_unrecognised()

    def _speech(self, text: str, confidence: Optional[float]) -> Awaitable[List[Step]]:
        """A transcript, judged against this gateway's confidence floor (AGI_MIN_CONFIDENCE)."""
        return self.ivr.on_heard(text, confidence, self.settings.min_confidence)


def said_while_listening(steps: Sequence[Step]) -> List[Step]:
    """The parts of a reply said before a listen become the start of its prompt: with SynthAndRecog the caller
    may then speak or key over any part (MRCPSynth, saying them alone, would lose both)."""
    out: List[Step] = []
    pending: List[Say] = []
    for step in steps:
        if isinstance(step, Say):
            pending.append(step)
            continue
        if isinstance(step, Listen) and pending:
            step = replace(step, prompt=join_utterances([say.text for say in pending] + [step.prompt]))
        else:
            out.extend(pending)
        pending = []
        out.append(step)
    return out + pending


class FastAgiApplication(Application):
    """panoramisk's application with a bounded read of the AGI environment (its own loops on EOF)."""

    def __init__(self, assistant: Assistant, settings: AsteriskSettings, ivr_settings: IvrSettings) -> None:
        super().__init__()
        self.assistant = assistant
        self.settings = settings
        self.ivr_settings = ivr_settings
        self.add_route(ROUTE, self.ivr_call)

    async def handler(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            headers = await asyncio.wait_for(self._read_environment(reader), ENV_TIMEOUT)
            script = headers.get("agi_network_script", "").split("?", 1)[0].strip("/")
            route = self._route.get(script)
            if route is None:
                logger.error("FastAGI: no route for %r (use agi://host:port/%s)", script, ROUTE)
                return
            await route(Request(app=self, headers=headers, reader=reader, writer=writer,
                                encoding=self.default_encoding))
        except (asyncio.TimeoutError, ConnectionError, ValueError) as exc:
            logger.warning("FastAGI: connection dropped before a call started (%s)", type(exc).__name__)
        except Exception:
            logger.exception("FastAGI: the call failed")
        finally:
            writer.close()

    async def _read_environment(self, reader: asyncio.StreamReader) -> "OrderedDict[str, str]":
        headers: "OrderedDict[str, str]" = OrderedDict()
        for _ in range(MAX_ENV_LINES):
            line = await reader.readline()
            if not line:
                raise ConnectionError("EOF in the AGI environment")
            text = line.decode(self.default_encoding, errors="replace").rstrip("\r\n")
            if not text:
                return headers
            name, sep, value = text.partition(": ")
            if sep:
                headers[name] = value
        raise ValueError("AGI environment too long")

    async def ivr_call(self, request: Request) -> None:
        env = request.headers
        caller = env.get("agi_callerid")
        info = CallInfo("asterisk", env.get("agi_uniqueid") or uuid.uuid4().hex,
                        caller if caller and caller.lower() not in ("unknown", "anonymous") else None)
        ivr = IvrCall(info, self.assistant, self.ivr_settings)
        await call_for(Agi(request), ivr, self.settings).run()


def call_for(agi: Agi, ivr: IvrCall, settings: AsteriskSettings) -> AsteriskCall:
    """MRCP on Asterisk, or, with AGI_LOCAL_SPEECH_URL, the local speech service (bot/voice/fastagi_local.py)."""
    from bot.voice.fastagi_local import LocalSpeechCall, LocalSpeechSettings  # it builds on this module

    local = LocalSpeechSettings.from_env()
    return LocalSpeechCall(agi, ivr, settings, local) if local else AsteriskCall(agi, ivr, settings)


async def serve(host: str, port: int, assistant: Assistant, settings: AsteriskSettings,
                ivr_settings: Optional[IvrSettings] = None) -> asyncio.AbstractServer:
    app = FastAgiApplication(assistant, settings, ivr_settings or IvrSettings())
    return await asyncio.start_server(app.handler, host, port)


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="FastAGI server for the voice IVR")
    parser.add_argument("--host", default=os.environ.get("FASTAGI_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("FASTAGI_PORT", DEFAULT_PORT)))
    parser.add_argument("--assistant-url", default=os.environ.get(
        "VOICE_WEBHOOK_URL", "http://127.0.0.1:5005/webhooks/voice/webhook"))
    parser.add_argument("--retry-window", type=float,
                        default=float(os.environ.get("VOICE_RETRY_WINDOW") or VOICE_RETRY_WINDOW))
    parser.add_argument("--no-input-timeout", type=float, default=IvrSettings.no_input_timeout)
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(name)s %(message)s")

    async def run() -> None:
        assistant = HttpAssistant(args.assistant_url, retry_window=args.retry_window)
        server = await serve(args.host, args.port, assistant, AsteriskSettings.from_env(),
                             IvrSettings(no_input_timeout=args.no_input_timeout))
        logger.info("FastAGI listening on %s:%d (agi://…:%d/%s), assistant at %s", args.host, args.port,
                    args.port, ROUTE, args.assistant_url)
        try:
            async with server:
                await server.serve_forever()
        finally:
            await assistant.close()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
