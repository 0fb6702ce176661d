"""Voice notes as a Telegram customer sends them (OGG/Opus), through the Bot API emulator, the real bot with the
local speech service (SPEECH_URL) and the real assistant: heard, echoed, answered; too long or noise → asked again."""
from __future__ import annotations

import base64
import io
import itertools
import wave
from typing import Iterator

import pytest

from bot.local_stack import Stack
from bot.telegram.config import ROOT
from bot.domain_responses import plain_response
from speech.local_service import LocalSpeechService
from tests.speech.audio_samples import spoken_wav, voice_note
from tests.telegram.harness import Emulator, TelegramUser, joined

ASK_IDENTITY = "Уточните, пожалуйста, номер телефона или ФИО"
READ_BACK = "Иванова Мария Петровна, верно?"
DOMAIN = ROOT / "domain.yml"
_file_ids = itertools.count(1)


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSpeechService]:
    service = LocalSpeechService(tmp_path_factory.mktemp("speech") / "cache").start()
    yield service
    service.stop()


@pytest.fixture
def voice_user(stack: Stack, emulator: Emulator, spawn_bot, speech: LocalSpeechService) -> TelegramUser:
    bot = spawn_bot(stack.base_url, SPEECH_URL=speech.url, TELEGRAM_VOICE_MAX_SECONDS="30")
    return TelegramUser(emulator, bot.token)


def send_voice(user: TelegramUser, ogg: bytes, duration: int) -> None:
    """What Telegram does for a voice note: the file is stored (getFile serves it) and a message carries its id."""
    file_id = f"voice-{next(_file_ids)}"
    user.emulator.post("/__control/file", {"token": user.token, "file_id": file_id, "file_path": f"voice/{file_id}.oga",
                                           "data_base64": base64.b64encode(ogg).decode()})
    user.send(voice={"file_id": file_id, "file_unique_id": f"u{file_id}", "duration": duration,
                     "mime_type": "audio/ogg", "file_size": len(ogg)})


def test_a_voice_note_is_echoed_and_answered_like_a_typed_message(voice_user: TelegramUser,
                                                                   speech: LocalSpeechService) -> None:
    send_voice(voice_user, voice_note(spoken_wav(speech.url, "Здравствуйте, где моя посылка?", rate=48000)), 3)
    replies = voice_user.replies_with(ASK_IDENTITY, timeout=120)
    echo = replies[0].text
    assert echo.startswith("Вы сказали: «") and "посылк" in echo.lower()
    assert any(ASK_IDENTITY in m.text for m in replies[1:])
    # A misheard phone is corrected by writing it: the conversation goes on from the same question.
    assert READ_BACK in joined(voice_user.says("8 900 100-01-01"))


def test_a_note_over_the_limit_is_not_transcribed(voice_user: TelegramUser, speech: LocalSpeechService) -> None:
    send_voice(voice_user, voice_note(spoken_wav(speech.url, "Где моя посылка?", rate=48000)), 45)
    assert joined(voice_user.replies(timeout=60)) == plain_response(DOMAIN, "utter_voice_note_too_long")


def test_noise_gets_a_request_to_repeat_or_write(voice_user: TelegramUser) -> None:
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(48000)
        handle.writeframes(b"\x00\x00" * 48000 * 3)
    send_voice(voice_user, voice_note(out.getvalue()), 3)
    assert joined(voice_user.replies(timeout=60)) == plain_response(DOMAIN, "utter_voice_note_unclear")
