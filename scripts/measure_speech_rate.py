"""How many characters a second festival's Russian voice says, over the longest voice replies of domain.yml.

The figure is bot/voice/pacing.py's CHARS_PER_SECOND (a reply longer than 30 s at that rate is said in parts).
Needs festival with festvox-ru (`make voice-deps`); run: .venv/bin/python scripts/measure_speech_rate.py
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.voice.demo import VOICE, _festival_text  # noqa: E402
from bot.voice.prompts import default_prompts  # noqa: E402
from bot.voice.speech import speakable  # noqa: E402

REPLIES = ("utter_return_address", "utter_return_refund_rules", "utter_autodial_refused", "utter_return_only_by_post",
           "utter_bonus_card_keep", "utter_default")
SLOTS = {"customer_io": "Мария Петровна"}


def seconds_of_speech(text: str, workdir: Path) -> float:
    source, audio = workdir / "text.txt", workdir / "speech.wav"
    source.write_text(text, encoding="utf-8")
    subprocess.run(["text2wave", "-eval", f"({VOICE})", str(source), "-o", str(audio)], check=True,
                   capture_output=True)
    with wave.open(str(audio)) as wav:
        return wav.getnframes() / wav.getframerate()


def main() -> None:
    prompts = default_prompts()
    characters = seconds = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name in REPLIES:
            text = _festival_text(speakable(prompts.text(name, SLOTS)))
            took = seconds_of_speech(text, Path(tmp))
            print(f"{name}: {len(text)} characters, {took:.1f} s")
            characters, seconds = characters + len(text), seconds + took
    print(f"{characters / seconds:.1f} characters a second ({characters:.0f} characters in {seconds:.0f} s)")


if __name__ == "__main__":
    main()
