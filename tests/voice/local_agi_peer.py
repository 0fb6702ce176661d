"""Asterisk's side of a FastAGI session in the self-hosted speech mode: it plays the IVR's WAV files and plays the
caller's WAV files into RECORD FILE, as Asterisk with no speech engine does.

Where each behaviour comes from (Asterisk 20, res/res_agi.c):
- handle_streamfile: ast_openstream fails → `200 result=-1 endpos=0`; a key among the escape digits stops
  the file → `200 result=<the key's ASCII code> endpos=<n>`; played to the end → `200 result=0 endpos=<n>`;
  the wav format (formats/format_wav.c) reads 8 kHz 16-bit mono only;
- handle_recordfile: `RECORD FILE <file> <format> <escape digits> <timeout ms> [offset] [BEEP] [s=<seconds>]`
  writes <file>.<format>; a key among the escape digits → `200 result=<ASCII> (dtmf) endpos=<n>`; the
  silence detector (s=) or the timeout → `200 result=<n> (timeout) endpos=<n>`; a hang-up →
  `200 result=-1 (hangup) endpos=<n>` (then run_agi sends HANGUP and 511 to every later command);
- handle_getdata: the digits collected, `(timeout)` when fewer than asked.
"""
from __future__ import annotations

import io
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from tests.voice.agi_peer import AsteriskPeer, agi_args, play_session

# ("say", wav bytes) | ("silence",) | ("keys", digits) | ("keys_over", digits) | ("hangup",)
CallerAction = Tuple[object, ...]


def silence_wav(seconds: float, rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(b"\x00\x00" * int(seconds * rate))
    return out.getvalue()


@dataclass
class LocalSpeechPeer:
    port: int
    script: Sequence[CallerAction]
    callerid: str = "unknown"
    heard: List[str] = field(default_factory=list)  # what the played files say (the text beside each WAV)
    played: List[str] = field(default_factory=list)
    interrupted: List[str] = field(default_factory=list)  # prompts a key stopped
    recordings: int = 0
    commands: List[str] = field(default_factory=list)
    protocol_errors: List[str] = field(default_factory=list)
    ivr_hung_up: bool = False
    caller_hung_up: bool = False
    _actions: List[CallerAction] = field(default_factory=list)
    _silent: bool = False  # the caller keeps quiet for the rest of this listen
    _pending_keys: str = ""
    _hang_up_after_reply: bool = False

    def run(self, timeout: float = 300.0) -> "LocalSpeechPeer":
        self._actions = list(self.script)
        environment = AsteriskPeer(self.port, [], callerid=self.callerid).environment()
        play_session(self, environment, timeout)
        return self

    def _take(self) -> CallerAction:
        return self._actions.pop(0) if self._actions else ("hangup",)

    def respond(self, command: str) -> str:
        args = agi_args(command)
        verb = " ".join(a.upper() for a in args[:2])
        if args[:1] == ["ANSWER"]:
            return "200 result=0"
        if args[:1] == ["HANGUP"]:
            self.ivr_hung_up = True
            return "200 result=1"
        if verb == "STREAM FILE" and len(args) == 4:
            return self._stream_file(args[2], args[3])
        if verb == "RECORD FILE" and len(args) >= 6:
            return self._record_file(args[2], args[3], args[4], int(args[5]), args[6:])
        if verb == "GET DATA" and len(args) == 5:
            digits = self._pending_keys.split("#", 1)[0][:int(args[4])]
            self._pending_keys = ""
            return f"200 result={digits}" if len(digits) == int(args[4]) else f"200 result={digits} (timeout)"
        if args[:1] == ["EXEC"] and len(args) >= 2 and args[1] == "Dial":
            return "200 result=0"
        if verb == "GET VARIABLE" and len(args) == 3:
            return "200 result=1 (ANSWER)" if args[2] == "DIALSTATUS" else "200 result=0"
        if verb == "SET VARIABLE":
            return "200 result=1"
        self.protocol_errors.append(command)
        return "510 Invalid or unknown command"

    def _stream_file(self, sound: str, escape: str) -> str:
        self._silent = False  # the IVR speaks again: the caller's silence of the last listen is over
        wav = Path(sound + ".wav")
        if not wav.exists():
            self.protocol_errors.append(f"STREAM FILE of a missing file {sound}")
            return "200 result=-1 endpos=0"
        with wave.open(str(wav)) as handle:
            if (handle.getframerate(), handle.getnchannels(), handle.getsampwidth()) != (8000, 1, 2):
                self.protocol_errors.append(f"{wav}: format_wav plays 8 kHz 16-bit mono only")
                return "200 result=-1 endpos=0"
            frames = handle.getnframes()
        text_file = wav.with_suffix(".txt")
        text = text_file.read_text(encoding="utf-8") if text_file.exists() else wav.name
        self.heard.append(text)
        self.played.append(sound)
        upcoming = self._actions[0] if self._actions else None
        if upcoming and upcoming[0] == "keys_over" and escape and str(upcoming[1])[0] in escape:
            self._take()
            digits = str(upcoming[1])
            self._pending_keys = digits[1:]
            self.interrupted.append(text)
            return f"200 result={ord(digits[0])} endpos={frames // 3}"
        return f"200 result=0 endpos={frames}"

    def _record_file(self, path: str, fmt: str, escape: str, timeout_ms: int, options: List[str]) -> str:
        if fmt != "wav":
            self.protocol_errors.append(f"RECORD FILE in {fmt}: the FastAGI server reads WAV")
        silence = next((int(o[2:]) for o in options if o.startswith("s=")), 0)
        if not silence:
            self.protocol_errors.append("RECORD FILE without s=: it would record until its timeout")
        self.recordings += 1
        target = Path(f"{path}.{fmt}")
        action = ("silence",) if self._silent else self._take()
        if action[0] == "hangup":
            self._hang_up_after_reply = True
            return "200 result=-1 (hangup) endpos=0"
        if action[0] == "keys" and escape and str(action[1])[0] in escape:
            target.write_bytes(silence_wav(0.2))
            self._pending_keys = str(action[1])[1:]
            return f"200 result={ord(str(action[1])[0])} (dtmf) endpos=1600"
        if action[0] == "say":
            audio = bytes(action[1])  # type: ignore[arg-type]
        else:  # silence: the detector ends the recording after s= seconds; the silence is cut off but 1 s
            self._silent = True
            audio = silence_wav(1.0)
            time.sleep(0.05)
        target.write_bytes(audio)
        return f"200 result=0 (timeout) endpos={max(0, len(audio) - 44) // 2}"
