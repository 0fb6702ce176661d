"""Russian speech synthesis with festival (festvox-ru), resampled for telephony, cached on disk by text."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Iterable, Sequence

VOICE = "voice_msu_ru_nsh_clunits"
TELEPHONE_RATE = 8000
# festival's Russian voice stresses a word it does not know by a decision tree that often stresses no syllable at
# all, and then every vowel is reduced: «ноль» (not in its dictionary) came out as «нель», «ноль один» as
# «нелидин», which neither a caller hearing the IVR read back a number nor Whisper can tell from noise. A word of
# one syllable is always stressed in Russian: festival_setup() makes it so for any word (a city «Омск», «Тверь»,
# «трек»). Longer words of the domain's responses left unstressed are listed here, the stressed vowel in capitals
# (found with festival's `lex.lookup` over every word of the responses; tests/speech/test_festival_stress.py
# repeats it, so a new phrase with such a word fails until it is added). Names and cities the assistant reads
# out from the data (festival has most first names and surnames, few cities) keep festival's own guess.
STRESSED_WORDS = (
    "ожидАйте", "подскажУ", "оплАчен", "укАзан", "оформлЯл", "оформлЯть", "переофОрмить", "голосОвое",
    "Индексом", "купОне", "курьЕрской", "кэшбЕк", "парАметр", "приоритЕте", "свЕрить", "фАйлы", "чАте", "чтОбы",
    "шОппинг", "штрАфов",
)
# Part of every cache key: a rendering made before a change of the list is not reused after it.
LEXICON_VERSION = "3"
# The voice's letter-to-sound function, wrapped: a one-syllable word it leaves unstressed gets the stress.
_MONOSYLLABLE_STRESS = ("(if (not (boundp 'ru_lts_unstressed)) (set! ru_lts_unstressed msu_ru_lts_function))",
                        """(define (msu_ru_lts_function word features)
  (let ((entry (ru_lts_unstressed word features)))
    (if (and (equal? (length (car (cddr entry))) 1) (equal? (cadr (car (car (cddr entry)))) 0))
        (list (car entry) (cadr entry) (list (list (car (car (car (cddr entry)))) 1)))
        entry)))""")
_VOWELS = "аеёиоуыэюя"
# festival's own syllables of the word, with the stress on syllable n (festival syllabifies by vowels). The
# entry's part of speech is nil: the voice's lexicon hook rebuilds any other entry from a stress index.
_STRESS_FUNCTION = """(define (ru_stress word n)
  (let ((entry (lex.lookup word nil)) (i 0))
    (lex.add.entry (list word nil
      (mapcar (lambda (syl) (set! i (+ i 1)) (list (car syl) (if (equal? i n) 1 0))) (car (cddr entry)))))))"""


def stressed_syllable(word: str) -> int:
    """«ожидАйте» → 3: the ordinal of the capitalised vowel among the word's vowels."""
    vowels = [c for c in word if c.lower() in _VOWELS]
    stressed = [i for i, c in enumerate(vowels, 1) if c.isupper()]
    if len(stressed) != 1:
        raise ValueError(f"{word!r}: mark exactly one stressed vowel in capitals")
    return stressed[0]


_UNSPEAKABLE_RE = re.compile(r"[^0-9A-Za-zА-Яа-яЁё,.!?:;\- ]+")
_LOOSE_PUNCTUATION_RE = re.compile(r"\s+([,.!?:;])")
_REPEATED_PUNCTUATION_RE = re.compile(r"([,.!?:;])[,.!?:;\s]*(?=[,.!?:;])")


def speakable(text: str) -> str:
    """festival's Russian front end wants words, digits and basic punctuation (no quotes, emoji, «»)."""
    words = " ".join(_UNSPEAKABLE_RE.sub(" ", text.replace("—", ",").replace("\n", ". ")).split())
    # A punctuation mark standing alone is a token festival's letter-to-sound rules cannot read.
    words = _LOOSE_PUNCTUATION_RE.sub(r"\1", words)
    return _REPEATED_PUNCTUATION_RE.sub(r"\1", words).strip(" ,.;:-")


def festival_setup(voice: str = VOICE) -> list[str]:
    """The Scheme forms that select the voice, stress one-syllable words and STRESSED_WORDS (text2wave's -eval
    takes them too)."""
    return [f"({voice})", *_MONOSYLLABLE_STRESS, _STRESS_FUNCTION] + [f'(ru_stress "{word.lower()}" {stressed_syllable(word)})'
                                               for word in STRESSED_WORDS]


class Synthesizer:
    """Text → WAV bytes; every rendering is kept in `cache_dir` under a hash of voice, rate and text."""

    def __init__(self, cache_dir: Path, rate: int = TELEPHONE_RATE, voice: str = VOICE, processes: int = 2) -> None:
        if shutil.which("festival") is None:
            raise RuntimeError("festival is missing: run scripts/install_speech.sh")
        self.cache_dir = cache_dir
        self.rate = rate
        self.voice = voice
        cache_dir.mkdir(parents=True, exist_ok=True)
        # festival is a process per batch: at most `processes` at once on a small machine.
        self._slots = threading.BoundedSemaphore(processes)

    def path_for(self, text: str, rate: int | None = None) -> Path:
        key = f"{self.voice}|{LEXICON_VERSION}|{rate or self.rate}|{speakable(text)}"
        return self.cache_dir / f"{hashlib.sha1(key.encode()).hexdigest()[:20]}.wav"

    def synthesize(self, text: str, rate: int | None = None) -> bytes:
        path = self.path_for(text, rate)
        if not path.exists():
            self.render([text], rate)
        return path.read_bytes()

    def render(self, texts: Sequence[str], rate: int | None = None) -> int:
        """Renders the texts not cached yet in one festival process (the voice loads once); returns how many."""
        rate = rate or self.rate
        todo = [t for t in dict.fromkeys(texts) if speakable(t) and not self.path_for(t, rate).exists()]
        if not todo:
            return 0
        with self._slots, tempfile.TemporaryDirectory(prefix="tts-") as tmp:
            lines = festival_setup(self.voice)
            finals: list[tuple[Path, Path]] = []
            for index, text in enumerate(todo):
                part = Path(tmp) / f"{index}.wav"
                lines.append(f'(set! u (utt.synth (Utterance Text "{speakable(text)}")))')
                lines.append(f"(utt.wave.resample u {rate})")
                lines.append(f'(utt.save.wave u "{part}" \'riff)')
                finals.append((part, self.path_for(text, rate)))
            script = Path(tmp) / "render.scm"
            script.write_text("\n".join(lines) + "\n", encoding="utf-8")
            subprocess.run(["festival", "--batch", str(script)], check=True, capture_output=True, timeout=600)
            for part, final in finals:
                shutil.move(str(part), str(final))  # the cache may be on another filesystem than /tmp
        return len(todo)


def render_in_batches(synth: Synthesizer, texts: Iterable[str], batch: int = 40) -> int:
    texts = list(texts)
    return sum(synth.render(texts[i:i + batch]) for i in range(0, len(texts), batch))
