"""`make voice-demo`: a whole scripted call, synthesised to a WAV file a person can listen to.

The call runs through the real IVR core and the real assistant (started with the demo data unless
--url points at a running server's voice webhook). Both sides are spoken by festival's Russian voice
(festvox-ru); the caller's lines are pitched down with sox so the two voices can be told apart, the
ringback and the hang-up are the Russian 425 Hz tones.
"""
from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from bot.voice.assistant import HttpAssistant
from bot.voice.ivr import CallInfo, IvrCall
from bot.voice.steps import Hangup, Listen, Say, Step, Transfer
from speech.tts import festival_setup

ROOT = Path(__file__).resolve().parents[2]
RATE = 16000
CALLER = "+79001000101"  # Иванова Мария Петровна in the demo data
# The caller's side: what they say, a silence the IVR has to deal with, a key they press.
SCRIPT: Tuple[Tuple[str, str], ...] = (
    ("say", "Здравствуйте, где моя посылка?"), ("say", "Да"), ("silence", ""),
    ("say", "Да, слышу. Спасибо, до свидания"), ("keys", "5"),
)
SILENCE_SECONDS = 3.0  # the real wait is the gather timeout (8 s); shortened for listening
DTMF = {"0": (941, 1336), "1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "4": (770, 1209),
        "5": (770, 1336), "6": (770, 1477), "7": (852, 1209), "8": (852, 1336), "9": (852, 1477)}

Line = Tuple[str, str]  # (who, text): who is "ivr", "caller", "silence", "keys", "event"


def _said(steps: Sequence[Step]) -> Tuple[List[Line], bool]:
    lines: List[Line] = []
    over = False
    for step in steps:
        if isinstance(step, Say) and step.text:
            lines.append(("ivr", step.text))
        elif isinstance(step, Listen) and step.prompt:
            lines.append(("ivr", step.prompt))
        elif isinstance(step, Transfer):
            lines.append(("event", f"перевод на оператора, обращение {step.context.ticket_id}"))
            over = True
        elif isinstance(step, Hangup):
            lines.append(("event", "отбой"))
            over = True
    return lines, over


async def scripted_call(url: str) -> List[Line]:
    assistant = HttpAssistant(url)
    call = IvrCall(CallInfo("demo", uuid.uuid4().hex[:12], CALLER), assistant)
    try:
        lines, over = _said(await call.start())
        for kind, said in SCRIPT:
            if over:
                break
            if kind == "silence":
                lines.append(("silence", ""))
                more, over = _said(await call.on_silence())
            elif kind == "keys":
                lines.append(("keys", said))
                more, over = _said(await call.on_digits(said))
            else:
                lines.append(("caller", said))
                more, over = _said(await call.on_speech(said))
            lines += more
        if not over:
            lines.append(("event", "клиент положил трубку"))
    finally:
        await assistant.close()
    return lines


def _festival_text(text: str) -> str:
    # festival's Russian front end wants plain words and basic punctuation.
    return re.sub(r"[^0-9A-Za-zА-Яа-яЁё,.!?:;\- ]+", " ", text.replace("—", ",")).strip()


def synthesise(lines: Sequence[Line], out: Path) -> None:
    for tool in ("text2wave", "sox"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: run scripts/install_voice_deps.sh")
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        parts: List[Path] = []

        def sox(source: str, *effects: str) -> None:
            path = tmp / f"{len(parts):03d}.wav"
            subprocess.run(["sox", source, "-r", str(RATE), "-c", "1", "-b", "16", str(path), *effects],
                           check=True, capture_output=True)
            parts.append(path)

        def tone(seconds: float, on: bool = True) -> None:
            synth = ["synth", f"{seconds}", "sine", "425", "vol", "0.25"] if on else ["trim", "0", f"{seconds}"]
            sox("-n", *synth)

        for _ in range(2):  # ringback
            tone(1.0)
            tone(1.5, on=False)
        for who, text in lines:
            if who in ("ivr", "caller"):
                source = tmp / "line.txt"
                source.write_text(_festival_text(text), encoding="utf-8")
                raw = tmp / "line.wav"
                setup = [arg for form in festival_setup() for arg in ("-eval", form)]
                subprocess.run(["text2wave", *setup, str(source), "-o", str(raw)], check=True,
                               capture_output=True)
                effects = ["pitch", "-350", "tempo", "1.05"] if who == "caller" else []
                sox(str(raw), *effects)
                tone(0.5, on=False)
            elif who == "silence":
                tone(SILENCE_SECONDS, on=False)
            elif who == "keys":
                for key in text:
                    low, high = DTMF[key]
                    sox("-n", "synth", "0.15", "sine", str(low), "sine", str(high), "remix", "-", "vol", "0.3")
                    tone(0.3, on=False)
            elif text == "отбой":
                for _ in range(3):  # busy tone
                    tone(0.35)
                    tone(0.35, on=False)
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["sox", *map(str, parts), str(out)], check=True, capture_output=True)


def transcript(lines: Sequence[Line]) -> str:
    names = {"ivr": "IVR", "caller": "Клиент"}
    rows = []
    for who, text in lines:
        if who == "silence":
            rows.append(f"(клиент молчит {SILENCE_SECONDS:g} с)")
        elif who == "event":
            rows.append(f"({text})")
        elif who == "keys":
            rows.append(f"(клиент нажимает {text})")
        else:
            rows.append(f"{names[who]}: {text}")
    return "\n".join(rows) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "voice-demo")
    parser.add_argument("--url", help="a running server's voice webhook; default: start one with the demo data")
    args = parser.parse_args(argv)
    stack = None
    url = args.url
    if url is None:
        # The project's own harness: action server + Rasa server on free ports, demo data, throw-away store.
        from bot.local_stack import Stack

        args.out.mkdir(parents=True, exist_ok=True)
        credentials = args.out / "credentials.yml"
        credentials.write_text("rest:\nbot.voice.channel.VoiceInput: {}\n", encoding="utf-8")
        print("Starting the assistant with the demo data…", flush=True)
        stack = Stack(args.out / "stack", credentials=credentials).start()
        url = f"{stack.base_url}/webhooks/voice/webhook"
    try:
        lines = asyncio.run(scripted_call(url))
    finally:
        if stack is not None:
            stack.stop()
    text = transcript(lines)
    print(text)
    (args.out / "call.txt").write_text(text, encoding="utf-8")
    wav = args.out / "call.wav"
    synthesise(lines, wav)
    print(f"Listen: {wav}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
