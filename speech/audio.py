"""Audio in and out of the speech service: any container to 16 kHz mono float32, PCM to WAV bytes."""
from __future__ import annotations

import io
import wave

import numpy as np

WHISPER_RATE = 16000


def decode(data: bytes) -> np.ndarray:
    """WAV, OGG/Opus (Telegram's voice notes), MP3, … → 16 kHz mono float32 (PyAV, FFmpeg's decoders)."""
    from faster_whisper.audio import decode_audio

    return decode_audio(io.BytesIO(data), sampling_rate=WHISPER_RATE)


def pcm16_to_float(pcm: bytes, rate: int) -> np.ndarray:
    """Raw little-endian 16-bit PCM (jambonz's LINEAR16) at `rate` → 16 kHz float32."""
    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
    return resample(samples, rate, WHISPER_RATE)


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    # Linear interpolation is enough for speech going up from telephone rates (nothing above 4 kHz to alias).
    if rate == target or samples.size == 0:
        return samples.astype(np.float32)
    length = int(round(samples.size * target / rate))
    positions = np.arange(length, dtype=np.float64) * rate / target
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)


def wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    """float32 in [-1, 1] → 16-bit mono WAV."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm)
    return out.getvalue()
