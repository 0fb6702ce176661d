"""Whisper (faster-whisper, CTranslate2 int8) loaded once, shared by a pool of worker threads."""
from __future__ import annotations

import math
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, FrozenSet, Optional, Sequence, Tuple

import numpy as np

from speech.audio import WHISPER_RATE

# Whisper writes a long number as «8,912,345,6789» or «1.000.037»: the separators inside a digit run
# become spaces, so the phone and order parsers see digit groups.
_DIGIT_SEPARATOR_RE = re.compile(r"(?<=\d)[,.](?=\d)")
# Below this, Whisper's average log-probability means a guess (noise, mumble, another language).
MIN_CONFIDENCE = float(os.environ.get("SPEECH_MIN_CONFIDENCE", "0.35"))
# What a caller of the service may say it expects: "digits" when the IVR has just asked for a phone or
# an order number (the caller may still answer with words: a name, «не помню»).
EXPECTATIONS = ("digits",)
# The only words the number pass may write: Russian number words 0..900 in the forms a phone is dictated
# in, «плюс», and what callers say before a phone or an order number.
NUMBER_VOCABULARY: FrozenSet[str] = frozenset((
    "ноль нуль один одна два две три четыре пять шесть семь восемь девять десять одиннадцать двенадцать "
    "тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать двадцать тридцать "
    "сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто сто двести триста четыреста пятьсот шестьсот "
    "семьсот восемьсот девятьсот плюс мой номер телефон телефона запишите заказ заказа"
).split())
# A dictated phone in number words is about 40 tokens: a decode looping on noise stops here.
DIGITS_MAX_TOKENS = 80
# Under expect="digits" both passes keep their beam's best readings, not one: the first that reads as a whole
# phone is taken (bot.voice.number_reading). On two synthetic sets (120 phones, festival's voice on an 8 kHz
# line) greedy passes read 49 phones; the number pass's beam 3: 57, 5: 62, 8: 64; with the free pass's beam 5
# too (its best as the text, its others after the number readings): 69, for ~0.6 s more per phone turn on 2 cores.
DIGITS_HYPOTHESES = int(os.environ.get("SPEECH_DIGITS_HYPOTHESES", "5"))
MAX_NEW_TOKENS = 220  # Whisper's own limit for a 30 s window (448 positions, half of them for the prompt)
# The encoder's window, in 10 ms frames: the speech plus WINDOW_PAD, rounded up to WINDOW_STEP, at least
# MIN_WINDOW (in a 5 s window Whisper base repeats a short «нет» until its token limit; from 10 s on it stops),
# at most Whisper's 30 s (FULL_WINDOW); longer speech goes through faster-whisper's segments.
FULL_WINDOW = 3000
MIN_WINDOW = 1000
# A dictated phone is heard better in a longer window (synthetic set, 40 phones: 14 read in 10 s windows, 17 in
# 20 s, 19 in 30 s, at 0.6, 0.75 and 1.45 s a pass): the turn that answers «назовите телефон» pays for it.
DIGITS_MIN_WINDOW = 2000
WINDOW_STEP = 500
WINDOW_PAD = 100
SAMPLES_PER_FRAME = WHISPER_RATE // 100


@dataclass(frozen=True)
class Transcript:
    text: str
    confidence: float  # 0..1: exp of the mean token log-probability, 0 when nothing was heard
    duration: float  # seconds of audio
    seconds: float  # time spent transcribing
    # Other readings of the same audio, best first: under expect="digits" the number-word pass's
    # (bot.voice.number_reading on the Rasa side picks a dictated phone from them)
    alternatives: Tuple[str, ...] = ()

    @property
    def intelligible(self) -> bool:
        return bool(self.text) and self.confidence >= MIN_CONFIDENCE

    def as_json(self) -> dict:
        return {**asdict(self), "intelligible": self.intelligible}


def tidy(text: str) -> str:
    return " ".join(_DIGIT_SEPARATOR_RE.sub(" ", text).split())


def _noise(no_speech_prob: float, avg_logprob: float) -> bool:
    """A window Whisper itself thinks is not speech, decoded with little confidence: a hallucination on noise."""
    return no_speech_prob > 0.8 and avg_logprob < -0.8


class Transcriber:
    """One model in memory; `workers` calls may run at once (CTranslate2 keeps a replica per worker)."""

    def __init__(self, model_dir: Path, workers: int = 1, cpu_threads: int = 0, beam_size: int = 1) -> None:
        from faster_whisper import WhisperModel

        threads = cpu_threads or max(1, (os.cpu_count() or 2) // workers)
        self._model = WhisperModel(str(model_dir), device="cpu", compute_type="int8",
                                   cpu_threads=threads, num_workers=workers)
        self._beam_size = beam_size
        self._outside_numbers = sorted(self._tokens_outside(NUMBER_VOCABULARY))
        self._tokenizers: dict = {}
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="asr")

    def _tokens_outside(self, words: FrozenSet[str]) -> set:
        """Every text token that no spelling of `words` (capitalised, after a space, before a comma) uses."""
        tokenizer = self._model.hf_tokenizer
        end_of_text = tokenizer.token_to_id("<|endoftext|>")  # the special tokens come after it: never suppressed
        kept: set = set()
        for word in words:
            for form in (word, word.capitalize()):
                for spelling in (form, " " + form, form + ",", " " + form + ","):
                    kept.update(tokenizer.encode(spelling, add_special_tokens=False).ids)
        for mark in (",", ".", " ,", " "):
            kept.update(tokenizer.encode(mark, add_special_tokens=False).ids)
        return set(range(end_of_text)) - kept

    def _speech(self, samples: np.ndarray, vad: bool) -> np.ndarray:
        """The audio with silence and noise cut off by Silero's VAD (empty when no speech was found)."""
        if not vad:
            return samples
        from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

        spans = get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=500))
        return np.concatenate(collect_chunks(samples, spans)[0]) if spans else np.zeros(0, dtype=np.float32)

    def _encode(self, speech: np.ndarray, min_window: int = MIN_WINDOW) -> Any:
        """Whisper's encoder over a window fitted to the speech (the costly step: once per utterance).

        Whisper pads every input to a 30 s window; CTranslate2's encoder takes a shorter one, and on 2 cores the
        encoder over 30 s costs ~1 s whatever the utterance, over 10 s a sixth of that.
        """
        model = self._model
        frames = -(-speech.size // SAMPLES_PER_FRAME)
        window = min(FULL_WINDOW, max(min_window, -(-(frames + WINDOW_PAD) // WINDOW_STEP) * WINDOW_STEP))
        # Silence appended to the audio, not zeros to the features: what Whisper was trained on (with zero
        # features a lone «нет» still ran on to the token limit).
        padded = np.concatenate([speech, np.zeros(window * SAMPLES_PER_FRAME - speech.size, dtype=np.float32)])
        return model.encode(model.feature_extractor(padded)[:, :window])

    def _decode(self, encoded: Any, language: str) -> tuple[str, float]:
        """One greedy pass over the encoded speech → text and confidence. No temperature fallback: a re-decode
        at a higher temperature costs a whole pass and on a telephone line mostly trades one mishearing for
        another."""
        readings = self._generate(encoded, language, self._beam_size, 1, (-1,), MAX_NEW_TOKENS)
        return readings[0] if readings else ("", 0.0)

    def _number_readings(self, encoded: Any, language: str) -> Tuple[str, ...]:
        """The beam's best readings held to number words, best first, each once."""
        readings = self._generate(encoded, language, DIGITS_HYPOTHESES, DIGITS_HYPOTHESES, self._outside_numbers,
                                  DIGITS_MAX_TOKENS)
        return tuple(dict.fromkeys(text for text, _ in readings))

    def _generate(self, encoded: Any, language: str, beam_size: int, hypotheses: int, suppress_tokens: Sequence[int],
                  max_new_tokens: int) -> list[tuple[str, float]]:
        """Whisper's decoder over the encoded speech → up to `hypotheses` (text, confidence), best first; none
        when nothing or only noise was heard."""
        tokenizer = self._tokenizer(language)
        prompt = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        result = self._model.model.generate(
            encoded, [prompt], beam_size=beam_size, num_hypotheses=hypotheses,
            max_length=len(prompt) + max_new_tokens, return_scores=True, return_no_speech_prob=True,
            suppress_blank=True, suppress_tokens=list(suppress_tokens),
        )[0]
        readings: list[tuple[str, float]] = []
        for sequence, score in zip(result.sequences_ids, result.scores):
            tokens = [token for token in sequence if token < tokenizer.eot]
            avg_logprob = score * len(tokens) / (len(tokens) + 1)  # as faster-whisper recovers it
            if tokens and not _noise(result.no_speech_prob, avg_logprob):
                readings.append((tidy(tokenizer.decode(tokens)), math.exp(avg_logprob)))
        return readings

    def _decode_long(self, speech: np.ndarray, language: str) -> tuple[str, float]:
        """Speech longer than one window (a long voice note): faster-whisper's own segment by segment decoding."""
        segments, _info = self._model.transcribe(speech, language=language, beam_size=self._beam_size,
                                                 condition_on_previous_text=False, without_timestamps=True,
                                                 temperature=0.0)
        texts: list[str] = []
        weighted = 0.0
        tokens = 0
        for segment in segments:
            if _noise(segment.no_speech_prob, segment.avg_logprob):
                continue
            texts.append(segment.text)
            count = max(1, len(segment.tokens))
            weighted += segment.avg_logprob * count
            tokens += count
        text = tidy(" ".join(texts))
        return text, (math.exp(weighted / tokens) if tokens and text else 0.0)

    def _tokenizer(self, language: str):
        from faster_whisper.tokenizer import Tokenizer

        if language not in self._tokenizers:
            self._tokenizers[language] = Tokenizer(self._model.hf_tokenizer, True, task="transcribe", language=language)
        return self._tokenizers[language]

    def transcribe(self, samples: np.ndarray, language: str = "ru", vad: bool = True,
                   expect: Optional[str] = None) -> Transcript:
        """16 kHz mono float32 → text; silence or noise (no speech found by Silero's VAD) → empty text.

        With `expect="digits"` the free pass keeps its beam's best readings and a second pass may write only
        number words (and «плюс», «мой номер телефона»): its readings come first among the alternatives, then
        the free pass's others: Whisper writes a dictated number in digits it often gets wrong («9025» for
        «девятьсот двадцать пять»), the words it hears better.
        """
        started = time.perf_counter()
        duration = samples.size / WHISPER_RATE
        speech = self._speech(samples, vad)
        alternatives: Tuple[str, ...] = ()
        if speech.size == 0:
            text, confidence = "", 0.0
        elif speech.size > FULL_WINDOW * SAMPLES_PER_FRAME:
            text, confidence = self._decode_long(speech, language)
        else:
            encoded = self._encode(speech, DIGITS_MIN_WINDOW if expect == "digits" else MIN_WINDOW)
            if expect == "digits":
                free = self._generate(encoded, language, DIGITS_HYPOTHESES, DIGITS_HYPOTHESES, (-1,), MAX_NEW_TOKENS)
                text, confidence = free[0] if free else ("", 0.0)
                if text:  # the same encoder output, decoded again held to number words
                    others = (reading for reading, _ in free[1:])
                    alternatives = tuple(dict.fromkeys((*self._number_readings(encoded, language), *others)))
            else:
                text, confidence = self._decode(encoded, language)
        return Transcript(text, round(confidence, 3), round(duration, 3), round(time.perf_counter() - started, 3),
                          alternatives)

    def warm_up(self) -> None:
        # The first call allocates CTranslate2's buffers: pay it at start-up, not on a customer's message.
        self._decode(self._encode(np.zeros(WHISPER_RATE, dtype=np.float32)), "ru")
