"""Whisper (faster-whisper, CTranslate2 int8) loaded once, shared by a pool of worker threads."""
from __future__ import annotations

import math
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from speech.audio import WHISPER_RATE

# Whisper writes a long number as «8,912,345,6789» or «1.000.037»: the separators inside a digit run
# become spaces, so the phone and order parsers see digit groups.
_DIGIT_SEPARATOR_RE = re.compile(r"(?<=\d)[,.](?=\d)")
# Below this, Whisper's average log-probability means a guess (noise, mumble, another language).
MIN_CONFIDENCE = float(os.environ.get("SPEECH_MIN_CONFIDENCE", "0.35"))


@dataclass(frozen=True)
class Transcript:
    text: str
    confidence: float  # 0..1: exp of the mean token log-probability, 0 when nothing was heard
    duration: float  # seconds of audio
    seconds: float  # time spent transcribing

    @property
    def intelligible(self) -> bool:
        return bool(self.text) and self.confidence >= MIN_CONFIDENCE

    def as_json(self) -> dict:
        return {**asdict(self), "intelligible": self.intelligible}


def tidy(text: str) -> str:
    return " ".join(_DIGIT_SEPARATOR_RE.sub(" ", text).split())


class Transcriber:
    """One model in memory; `workers` calls may run at once (CTranslate2 keeps a replica per worker)."""

    def __init__(self, model_dir: Path, workers: int = 1, cpu_threads: int = 0, beam_size: int = 1) -> None:
        from faster_whisper import WhisperModel

        threads = cpu_threads or max(1, (os.cpu_count() or 2) // workers)
        self._model = WhisperModel(str(model_dir), device="cpu", compute_type="int8",
                                   cpu_threads=threads, num_workers=workers)
        self._beam_size = beam_size
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="asr")

    def transcribe(self, samples: np.ndarray, language: str = "ru", vad: bool = True) -> Transcript:
        """16 kHz mono float32 → text; silence or noise (no speech found by Silero's VAD) → empty text."""
        started = time.perf_counter()
        duration = samples.size / WHISPER_RATE
        segments, _info = self._model.transcribe(
            samples, language=language, beam_size=self._beam_size, vad_filter=vad,
            vad_parameters={"min_silence_duration_ms": 500}, condition_on_previous_text=False,
            without_timestamps=True,
        )
        texts: list[str] = []
        weighted = 0.0
        tokens = 0
        for segment in segments:
            # A segment Whisper itself thinks is not speech is a hallucination on noise.
            if segment.no_speech_prob > 0.8 and segment.avg_logprob < -0.8:
                continue
            texts.append(segment.text)
            count = max(1, len(segment.tokens))
            weighted += segment.avg_logprob * count
            tokens += count
        text = tidy(" ".join(texts))
        confidence = math.exp(weighted / tokens) if tokens and text else 0.0
        return Transcript(text, round(confidence, 3), round(duration, 3), round(time.perf_counter() - started, 3))

    def warm_up(self) -> None:
        # The first call allocates CTranslate2's buffers: pay it at start-up, not on a customer's message.
        self._model.transcribe(np.zeros(WHISPER_RATE, dtype=np.float32), language="ru", vad_filter=False)
