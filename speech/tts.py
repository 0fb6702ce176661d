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
_UNSPEAKABLE_RE = re.compile(r"[^0-9A-Za-zА-Яа-яЁё,.!?:;\- ]+")
_LOOSE_PUNCTUATION_RE = re.compile(r"\s+([,.!?:;])")
_REPEATED_PUNCTUATION_RE = re.compile(r"([,.!?:;])[,.!?:;\s]*(?=[,.!?:;])")


def speakable(text: str) -> str:
    """festival's Russian front end wants words, digits and basic punctuation (no quotes, emoji, «»)."""
    words = " ".join(_UNSPEAKABLE_RE.sub(" ", text.replace("—", ",").replace("\n", ". ")).split())
    # A punctuation mark standing alone is a token festival's letter-to-sound rules cannot read.
    words = _LOOSE_PUNCTUATION_RE.sub(r"\1", words)
    return _REPEATED_PUNCTUATION_RE.sub(r"\1", words).strip(" ,.;:-")


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
        key = f"{self.voice}|{rate or self.rate}|{speakable(text)}"
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
            lines = [f"({self.voice})"]
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
