"""festival's Russian voice leaves words it does not know with no stressed syllable (every vowel reduced):
speech.tts stresses any word of one syllable and the longer ones of the script (STRESSED_WORDS). Checked
against festival itself, and by ear: Whisper's."""
from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
import requests
import yaml

from speech.tts import festival_setup, stressed_syllable
from tests.speech.audio_samples import spoken_wav

ROOT = Path(__file__).resolve().parents[2]
# Prepositions, said with the next word, and an abbreviation festival spells as one syllable whatever its stress.
UNSTRESSED_BY_RIGHT = {"без", "для", "при", "через", "перед", "смс"}
_ENTRY_RE = re.compile(r'^\("([^"]+)" \S+ (.*)\)$')


def _script_words() -> set[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return {word.lower() for variants in domain["responses"].values() for variant in variants
            for word in re.findall(r"[А-Яа-яЁё]+", variant.get("text") or "")}


def _festival_stresses(words: set[str]) -> dict[str, list[int]]:
    """Each word's syllable stresses as festival's lexicon gives them after the service's own setup."""
    lines = festival_setup() + [f'(print (lex.lookup "{word}" nil))' for word in sorted(words)]
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "lookup.scm"
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        printed = subprocess.run(["festival", "--batch", str(script)], check=True, capture_output=True,
                                 text=True, timeout=120).stdout
    stresses: dict[str, list[int]] = {}
    for line in printed.splitlines():
        match = _ENTRY_RE.match(line.strip())
        if match:
            stresses[match.group(1)] = [int(s) for s in re.findall(r"\) (\d)\)", match.group(2))]
    return stresses


def test_every_word_the_assistant_says_has_a_stressed_syllable():
    words = {w for w in _script_words() if len(w) > 2} - UNSTRESSED_BY_RIGHT
    stresses = _festival_stresses(words)
    assert set(stresses) == words
    assert sorted(w for w, marks in stresses.items() if 1 not in marks) == []


def test_a_word_of_one_syllable_festival_does_not_know_is_stressed():
    assert _festival_stresses({"омск", "тверь", "трек", "ноль"}) == {"омск": [1], "тверь": [1], "трек": [1],
                                                                    "ноль": [1]}


def test_a_stressed_word_is_stressed_on_the_marked_syllable():
    stresses = _festival_stresses({"ноль", "ожидайте", "подскажу"})
    assert stresses == {"ноль": [1], "ожидайте": [0, 0, 1, 0], "подскажу": [0, 0, 1]}


def test_the_stressed_vowel_is_marked_once():
    assert stressed_syllable("переофОрмить") == 4
    with pytest.raises(ValueError):
        stressed_syllable("ноль")
    with pytest.raises(ValueError):
        stressed_syllable("ОжидАйте")


def test_a_zero_read_out_is_heard_as_zero(speech_service):
    """Unstressed, «ноль два, ноль ноль» came out as «нелдва, нелнел» and Whisper wrote no zero at all."""
    audio = spoken_wav(speech_service.url, "номер заказа сто, ноль два, ноль ноль")
    heard = requests.post(f"{speech_service.url}/asr", data=audio, timeout=120).json()["text"]
    assert re.sub(r"\D", "", heard).count("0") >= 4, heard
