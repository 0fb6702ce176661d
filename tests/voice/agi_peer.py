"""Asterisk's side of a FastAGI session, scripted: it connects to the FastAGI server over TCP, sends the
AGI environment, and answers each command with the `200 result=` lines Asterisk gives (res_agi.c,
app_speech.c), while a scripted caller speaks, keys digits, stays silent or hangs up at each listen.

It parses command arguments the way Asterisk does (AGI quoting, then the dialplan application's comma
separated arguments), so what it records is what Asterisk would execute.
"""
from __future__ import annotations

import itertools
import socket
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

CallerAction = Tuple[str, ...]  # ("say", text) | ("keys", digits) | ("silence",) | ("noise",) | ("hangup",)
KNOWN_APPS = {"SpeechCreate", "SpeechActivateGrammar", "SpeechBackground", "MRCPSynth", "Dial"}
_CHANNELS = itertools.count(1)
DEAD = "511 Command Not Permitted on a dead channel or intercept routine"


def agi_args(line: str) -> List[str]:
    """res_agi.c parse_args: whitespace separates, double quotes group, a backslash escapes the next char."""
    args: List[str] = []
    current, quoted, escaped, started = "", False, False, False
    for char in line:
        if escaped:
            current, escaped, started = current + char, False, True
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted, started = not quoted, True
        elif char in " \t" and not quoted:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current, started = current + char, True
    if started:
        args.append(current)
    return args


def app_args(data: str) -> List[str]:
    """ast_app_separate_args: commas separate, quotes group (removed), a backslash escapes (removed)."""
    args, current, quoted, escaped = [], "", False, False
    for char in data:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            args.append(current)
            current = ""
        else:
            current += char
    args.append(current)
    return args


@dataclass
class AsteriskPeer:
    port: int
    script: Sequence[CallerAction]
    callerid: str = "79001000101"
    uniqueid: str = field(default_factory=lambda: f"{int(time.time())}.{next(_CHANNELS)}")
    speech_engine: bool = True
    dial_status: str = "ANSWER"
    heard: List[str] = field(default_factory=list)  # prompts the TTS application spoke, in order
    commands: List[str] = field(default_factory=list)
    variables: Dict[str, str] = field(default_factory=dict)
    dialled: List[List[str]] = field(default_factory=list)
    listens: List[str] = field(default_factory=list)  # "speech" (SpeechBackground) or "keys" (GET DATA)
    protocol_errors: List[str] = field(default_factory=list)
    ivr_hung_up: bool = False
    caller_hung_up: bool = False
    _actions: List[CallerAction] = field(default_factory=list)
    _result: Optional[CallerAction] = None

    def environment(self) -> str:
        env = {
            "agi_network": "yes", "agi_network_script": "ivr", "agi_request": f"agi://127.0.0.1:{self.port}/ivr",
            "agi_channel": "PJSIP/trunk-00000001", "agi_language": "ru", "agi_type": "PJSIP",
            "agi_uniqueid": self.uniqueid, "agi_version": "20.5.0", "agi_callerid": self.callerid,
            "agi_calleridname": "unknown", "agi_callingpres": "0", "agi_callingani2": "0", "agi_callington": "0",
            "agi_callingtns": "0", "agi_dnid": "74950000000", "agi_rdnis": "unknown", "agi_context": "from-customers",
            "agi_extension": "5000", "agi_priority": "2", "agi_enhanced": "0.0", "agi_accountcode": "",
            "agi_threadid": "140000000000000",
        }
        return "".join(f"{k}: {v}\n" for k, v in env.items()) + "\n"

    def run(self, timeout: float = 90.0) -> "AsteriskPeer":
        self._actions = list(self.script)
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            stream = sock.makefile("rwb")
            stream.write(self.environment().encode())
            stream.flush()
            while True:
                try:
                    line = stream.readline()
                except ConnectionResetError:
                    line = b""  # it closed while our last reply was on its way
                if not line:
                    break  # the FastAGI server closed the session
                command = line.decode().rstrip("\r\n")
                self.commands.append(command)
                if self.caller_hung_up:
                    stream.write((DEAD + "\n").encode())
                else:
                    stream.write((self.respond(command) + "\n").encode())
                    if self._result == ("hangup",) and not self.caller_hung_up:
                        self.caller_hung_up = True
                        stream.write(b"HANGUP\n")  # Asterisk tells a FastAGI script its channel hung up
                stream.flush()
        return self

    def _next_action(self) -> CallerAction:
        return self._actions.pop(0) if self._actions else ("hangup",)

    def respond(self, command: str) -> str:
        args = agi_args(command)
        verb = " ".join(a.upper() for a in args[:3])
        if args[:1] == ["ANSWER"]:
            return "200 result=0"
        if args[:1] == ["HANGUP"]:
            self.ivr_hung_up = True
            return "200 result=1"
        if args[:1] == ["EXEC"] and len(args) >= 2:
            return self._exec(args[1], args[2] if len(args) > 2 else "")
        if verb.startswith("SET VARIABLE") and len(args) == 4:
            self.variables[args[2]] = args[3]
            return "200 result=1"
        if verb.startswith("GET VARIABLE") and len(args) == 3:
            return self._value(self._variable(args[2]))
        if verb.startswith("GET FULL VARIABLE") and len(args) == 4:
            return self._value(self._variable(args[3].strip("${}")))
        if verb.startswith("GET DATA") and len(args) == 5:
            return self._get_data(int(args[4]))
        self.protocol_errors.append(command)
        return "510 Invalid or unknown command"

    def _exec(self, app: str, data: str) -> str:
        if app not in KNOWN_APPS:
            self.protocol_errors.append(f"EXEC of an unknown application {app}")
            return "200 result=-2"
        parts = app_args(data)
        if app == "MRCPSynth":
            self.heard.append(parts[0])
        elif app == "SpeechCreate" and not self.speech_engine:
            self.variables["ERROR"] = "1"
        elif app == "SpeechBackground":
            if len(parts) < 2 or not parts[0] or not parts[1]:
                self.protocol_errors.append(f"SpeechBackground without a sound file and timeout: {data!r}")
            self.listens.append("speech")
            self._result = self._next_action()
        elif app == "Dial":
            self.dialled.append(parts)
            self.variables["DIALSTATUS"] = self.dial_status
        return "200 result=0"

    def _variable(self, name: str) -> Optional[str]:
        action = self._result or ("silence",)
        if name == "SPEECH(status)":
            return "1" if self.speech_engine else "0"
        if name == "SPEECH(results)":
            return "1" if action[0] in ("say", "keys") else "0"
        if name == "SPEECH(spoke)":
            return "1" if action[0] in ("say", "noise") else "0"
        if name == "SPEECH_TEXT(0)":
            return action[1] if len(action) > 1 else None
        if name == "SPEECH_GRAMMAR(0)":
            return "dtmf" if action[0] == "keys" else "builtin:grammar/transcribe"
        if name == "SPEECH_SCORE(0)":
            return "1000" if action[0] == "keys" else "870"
        return self.variables.get(name)

    @staticmethod
    def _value(value: Optional[str]) -> str:
        return "200 result=0" if value is None else f"200 result=1 ({value})"

    def _get_data(self, max_digits: int) -> str:
        self.listens.append("keys")
        self._result = action = self._next_action()
        if action[0] == "hangup":
            return "200 result=-1"
        if action[0] == "keys":
            digits = action[1].split("#", 1)[0][:max_digits]
            return f"200 result={digits}" if len(digits) == max_digits else f"200 result={digits} (timeout)"
        return "200 result= (timeout)"  # silence, or speech that GET DATA does not hear
