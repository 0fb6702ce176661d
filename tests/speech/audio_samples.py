"""Caller audio for the speech tests: the service's own festival voice, as WAV, OGG/Opus or raw PCM."""
from __future__ import annotations

import io
import subprocess
import tempfile
import wave
from pathlib import Path

import requests


def spoken_wav(service_url: str, text: str, rate: int = 16000) -> bytes:
    response = requests.post(f"{service_url}/tts", json={"text": text, "rate": rate}, timeout=120)
    response.raise_for_status()
    return response.content


def pcm_of(wav: bytes) -> tuple[bytes, int]:
    with wave.open(io.BytesIO(wav)) as handle:
        return handle.readframes(handle.getnframes()), handle.getframerate()


def silence_pcm(seconds: float, rate: int) -> bytes:
    return b"\x00\x00" * int(seconds * rate)


def voice_note(wav: bytes) -> bytes:
    """WAV → OGG/Opus, the format of a Telegram voice note (opusenc from Debian's opus-tools)."""
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.wav", Path(tmp) / "note.ogg"
        source.write_bytes(wav)
        subprocess.run(["opusenc", "--quiet", str(source), str(target)], check=True)
        return target.read_bytes()
