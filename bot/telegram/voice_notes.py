"""Telegram voice notes and audio heard through the local speech service: the transcript becomes the message.

The customer first sees what was understood («Вы сказали: …», so a misheard phone can be corrected at once);
a note longer than TELEGRAM_VOICE_MAX_SECONDS, or one the service could not make out, gets the request to say it
again or write it. Without SPEECH_URL voice notes keep the old «напишите текстом» answer.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

import httpx
from telegram import Message

from bot.telegram.config import DEFAULT_DOMAIN_FILE
from bot.domain_responses import plain_response
from bot.telegram.rendering import customer_text
from speech.client import SPEECH_URL_ENV, SpeechClient

logger = logging.getLogger(__name__)

HEARD = "utter_voice_note_heard"
TOO_LONG = "utter_voice_note_too_long"
UNCLEAR = "utter_voice_note_unclear"
DEFAULT_MAX_SECONDS = 60.0  # a longer note is a story for an operator, not one question


@dataclass(frozen=True)
class Hearing:
    """A voice note's outcome: the message for the assistant and its echo, or a reply to the customer only."""
    message: Optional[str]
    reply: str


class VoiceNotes:
    def __init__(self, client: SpeechClient, domain_file: Path, max_seconds: float = DEFAULT_MAX_SECONDS) -> None:
        self.client = client
        self.max_seconds = max_seconds
        # The phrases are the company's (domain.yml); read at start-up so a missing one fails early.
        self.heard = plain_response(domain_file, HEARD)
        self.too_long = plain_response(domain_file, TOO_LONG)
        self.unclear = plain_response(domain_file, UNCLEAR)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ,
                 domain: Path = DEFAULT_DOMAIN_FILE) -> Optional["VoiceNotes"]:
        url = env.get(SPEECH_URL_ENV)
        if not url:
            return None
        return cls(SpeechClient(url), domain, float(env.get("TELEGRAM_VOICE_MAX_SECONDS") or DEFAULT_MAX_SECONDS))

    async def hear(self, message: Message) -> Hearing:
        note = message.voice or message.audio
        if note is None:
            return Hearing(None, self.unclear)
        if note.duration and note.duration > self.max_seconds:
            return Hearing(None, self.too_long)
        try:
            audio = bytes(await (await note.get_file()).download_as_bytearray())
            heard = await self.client.transcribe(audio, note.mime_type or "audio/ogg")
        except (httpx.HTTPError, OSError) as error:  # the service is away: the customer can still write
            logger.warning("chat %s: voice note not transcribed: %s", message.chat_id, error)
            return Hearing(None, self.unclear)
        if heard.duration > self.max_seconds:
            return Hearing(None, self.too_long)
        text = customer_text(heard.text)
        if not heard.intelligible or not text:
            logger.info("chat %s: voice note of %.1f s not understood (confidence %.2f)", message.chat_id,
                        heard.duration, heard.confidence)
            return Hearing(None, self.unclear)
        logger.info("chat %s: voice note of %.1f s transcribed (confidence %.2f)", message.chat_id, heard.duration,
                    heard.confidence)
        return Hearing(text, self.heard.replace("{transcript}", text))
