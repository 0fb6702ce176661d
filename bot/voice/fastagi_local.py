"""FastAGI without a speech engine on Asterisk: prompts are the local speech service's WAVs, the caller is recorded.

Set AGI_LOCAL_SPEECH_URL (the speech service, speech/) and the FastAGI server runs calls this way instead of
MRCP: every phrase is synthesised to an 8 kHz WAV in AGI_SOUNDS_DIR and played with STREAM FILE (while the IVR
listens, any key stops it); then RECORD FILE records the caller into AGI_RECORDINGS_DIR until END_SILENCE
seconds of silence (a key stops it too) and the recording is transcribed by the service. Both directories
must be the same paths on the Asterisk host (the same machine, or a shared mount). A caller who stays silent
is recorded again, segment by segment, until the listen's no-input timeout.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Dict, List, Optional

import httpx

from bot.voice import asterisk
from bot.voice.asterisk import AsteriskSettings, agi_quote
from bot.voice.fastagi import Agi, AsteriskCall
from bot.voice.ivr import IvrCall
from bot.voice.steps import Listen, Step
from speech.client import SpeechClient

logger = logging.getLogger(__name__)

LOCAL_SPEECH_URL_ENV = "AGI_LOCAL_SPEECH_URL"
KEYS = "0123456789*#"
END_SILENCE = 2  # whole seconds (RECORD FILE's s=): the caller has finished speaking
MAX_UTTERANCE_MS = 30000  # RECORD FILE's timeout: one utterance is never longer
TELEPHONE_RATE = 8000
_clients: Dict[str, SpeechClient] = {}


@dataclass(frozen=True)
class LocalSpeechSettings:
    speech_url: str
    sounds_dir: Path
    recordings_dir: Path

    @classmethod
    def from_env(cls, env: Optional[Dict[str, str]] = None) -> Optional["LocalSpeechSettings"]:
        env = dict(os.environ if env is None else env)
        url = env.get(LOCAL_SPEECH_URL_ENV)
        if not url:
            return None
        root = Path(__file__).resolve().parents[2] / "var"
        sounds = Path(env.get("AGI_SOUNDS_DIR") or root / "agi-sounds")
        return cls(url, sounds, Path(env.get("AGI_RECORDINGS_DIR") or sounds / "recordings"))

    @property
    def client(self) -> SpeechClient:
        # One HTTP client per service for the whole server: its connections are reused across calls.
        if self.speech_url not in _clients:
            _clients[self.speech_url] = SpeechClient(self.speech_url)
        return _clients[self.speech_url]


def sound_name(text: str) -> str:
    return "ivr-" + hashlib.sha1(f"{TELEPHONE_RATE}|{text}".encode()).hexdigest()[:20]


class LocalSpeechCall(AsteriskCall):
    """The IVR's steps with STREAM FILE and RECORD FILE; transfers, hang-ups and the keypad as in AsteriskCall."""

    def __init__(self, agi: Agi, ivr: IvrCall, settings: AsteriskSettings, local: LocalSpeechSettings) -> None:
        super().__init__(agi, ivr, settings)
        self.mode = asterisk.KEYS_ONLY  # no SpeechCreate, no SynthAndRecog: _heard below does the listening
        self.local = local
        self.local.sounds_dir.mkdir(parents=True, exist_ok=True)
        self.local.recordings_dir.mkdir(parents=True, exist_ok=True)
        self._recordings = 0

    async def _sound(self, text: str) -> Optional[str]:
        """The phrase as a WAV Asterisk can play (its path without the extension), synthesised once."""
        name = sound_name(text)
        wav = self.local.sounds_dir / f"{name}.wav"
        if not wav.exists():
            try:
                audio = await self.local.client.synthesize(text, TELEPHONE_RATE)
            except httpx.HTTPError as error:
                logger.error("call %s: the speech service did not synthesise: %s", self.ivr.info.sender_id, error)
                return None
            partial = wav.with_suffix(".partial")
            partial.write_bytes(audio)
            partial.replace(wav)
            # The text beside its sound, so whoever looks into the directory knows what each file says.
            wav.with_suffix(".txt").write_text(text, encoding="utf-8")
        return str(wav.with_suffix(""))

    async def _play(self, text: str, keys: str) -> Optional[str]:
        """STREAM FILE; the key that stopped it, "" when it played to the end, None when it cannot be said."""
        sound = await self._sound(text)
        if sound is None:
            self.tts_down = True
            return None
        result = await self.agi.run(f"STREAM FILE {agi_quote(sound)} {agi_quote(keys)}")
        code = result.get("result", ("0", ""))[0]
        if code == "-1":  # the file could not be opened on the Asterisk side
            logger.error("call %s: Asterisk could not play %s (is AGI_SOUNDS_DIR shared?)", self.ivr.info.sender_id,
                         sound)
            self.tts_down = True
            return None
        return chr(int(code)) if code.isdigit() and int(code) > 0 else ""

    async def _say(self, text: str) -> None:
        if not self.tts_down and text.strip():
            await self._play(text, "")

    async def _heard(self, listen: Listen) -> Awaitable[List[Step]]:
        keys = KEYS if listen.digits else ""
        key = ""
        if listen.prompt.strip():
            played = await self._play(listen.prompt, keys)
            if played is None:
                return self._cannot_speak()
            key = played
        if key:
            return await self._keyed(key, listen)
        return await self._record(listen, keys)

    async def _keyed(self, first: str, listen: Listen) -> Awaitable[List[Step]]:
        """The first key stopped the prompt or the recording; GET DATA collects the rest (# ends)."""
        if first == listen.finish_on_key:
            return self.ivr.on_digits("")
        digits = first
        if listen.max_digits > 1:
            result = await self.agi.run(asterisk.get_data(self.settings, listen.inter_digit_timeout,
                                                          listen.max_digits - 1))
            more = result.get("result", ("", ""))[0]
            digits += more if more.isdigit() else ""
        return self.ivr.on_digits(digits)

    async def _record(self, listen: Listen, keys: str) -> Awaitable[List[Step]]:
        waited = 0.0
        while True:
            self._recordings += 1
            name = re.sub(r"[^A-Za-z0-9-]", "-", f"{self.ivr.info.sender_id}-{self._recordings}-{uuid.uuid4().hex[:6]}")
            path = self.local.recordings_dir / name
            result = await self.agi.run(f"RECORD FILE {agi_quote(str(path))} wav {agi_quote(keys)} "
                                        f"{MAX_UTTERANCE_MS} s={END_SILENCE}")
            code, detail = result.get("result", ("0", ""))
            recording = Path(f"{path}.wav")  # Asterisk adds the format's extension
            if detail == "dtmf" and code.isdigit():
                recording.unlink(missing_ok=True)
                return await self._keyed(chr(int(code)), listen)
            try:
                audio = recording.read_bytes()
            except OSError:
                logger.error("call %s: no recording at %s (is AGI_RECORDINGS_DIR shared?)", self.ivr.info.sender_id,
                             recording)
                return self.ivr.on_unrecognised()
            finally:
                recording.unlink(missing_ok=True)  # the caller's voice is not kept
            try:
                # Asked for the phone (or ФИО): the service also reads the recording as a dictated number.
                heard = await self.local.client.transcribe(audio, "audio/wav", expect=listen.expect)
            except httpx.HTTPError as error:
                logger.error("call %s: the speech service did not transcribe: %s", self.ivr.info.sender_id, error)
                return self.ivr.on_unrecognised()
            if heard.text:
                # The service judges its own transcripts (SPEECH_MIN_CONFIDENCE; the IVR's floor is for MRCP scores):
                # one it found unintelligible goes in scored 0 against a floor of 1, unsure unless it held a phone.
                return self.ivr.on_heard(heard.text, None if heard.intelligible else 0.0, 1.0, heard.alternatives)
            waited += max(heard.duration, float(END_SILENCE))
            if waited >= listen.timeout:
                return self.ivr.on_silence()
