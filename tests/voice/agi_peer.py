"""Asterisk's side of a FastAGI session, scripted: it connects to the FastAGI server over TCP, sends the
AGI environment, and answers each command the way Asterisk and the applications it runs do, while a
scripted caller speaks, keys digits, stays silent or hangs up — after a prompt, or over it.

Where each behaviour comes from (Asterisk 20, asterisk-unimrcp 1.10):
- res/res_agi.c: parse_args (AGI quoting), handle_exec (`200 result=<the application's return>`, -2 for an
  unknown application), handle_getvariable / handle_getvariablefull (the full form always answers
  result=1), handle_getdata (-1 on a hang-up), run_agi (HANGUP sent to the script once the channel is gone,
  then 511 to every command);
- apps/app_speech_utils.c: speech_create (ERROR=1 when no engine), speech_load / speech_activate,
  speech_background (keys collected with grammar «dtmf» and score 1000);
- app-unimrcp/app_mrcpsynth.c: app_synth_exec (a key in `i=` stops the prompt and its DTMF frame is freed:
  the key is lost, only SYNTHSTATUS is set; keys not in `i=` are read and freed too), mrcpsynth_exit
  (returns -1 for ERROR, 0 for OK and INTERRUPTED, i.e. a hang-up);
- app-unimrcp/app_synthandrecog.c: app_synthandrecog_exec (the prompt plays while the recogniser listens;
  START-OF-INPUT stops it when b=1; keys go to the recogniser's DTMF generator; the no-input timer starts
  when synthesis ends; RECOG_STATUS, RECOG_COMPLETION_CAUSE, RECOG_RESULT, URI-encoded with uer=1; -1 on
  ERROR); synthandrecog_option_apply (spl → Speech-Language, nit → No-Input-Timeout, dttc → Dtmf-Term-Char);
- res-speech-unimrcp/res_speech_unimrcp.c: uni_recog_change ignores SPEECH_ENGINE(), the language is the
  config's property (uni_recog_properties_set), uni_recog_start recognises «session:<active grammar>» only,
  uni_recog_load_grammar takes builtin:/uri: inline and reads anything else as a file, uni_recog_get scores
  confidence × 100.
"""
from __future__ import annotations

import configparser
import itertools
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple
from urllib.parse import quote
from xml.sax.saxutils import escape

# ("say", text[, confidence]) | ("keys", digits) | ("silence",) | ("noise",) | ("hangup",): after the prompt;
# ("say_over", text[, confidence]) | ("keys_over", digits) | ("hangup_over",): while the prompt still plays.
CallerAction = Tuple[object, ...]
KNOWN_APPS = {"SpeechCreate", "SpeechLoadGrammar", "SpeechActivateGrammar", "SpeechBackground", "MRCPSynth",
              "SynthAndRecog", "Dial"}
_CHANNELS = itertools.count(1)
DEAD = "511 Command Not Permitted on a dead channel or intercept routine"
CALLER_PAUSE_MS = 1500  # a caller answering after the prompt starts this long after it ended
SHIPPED_UNIMRCP_CONF = Path(__file__).resolve().parents[2] / "bot" / "voice" / "res-speech-unimrcp.conf"
RUSSIAN = "ru-RU"


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


def app_options(text: str) -> Dict[str, str]:
    """UniMRCP's option strings (mrcpsynth_options_parse, synthandrecog_options_parse): name=value&…"""
    pairs = (part.split("=", 1) for part in text.split("&") if "=" in part)
    return {name.lower(): value for name, value in pairs}


def config_language(path: Path = SHIPPED_UNIMRCP_CONF) -> Optional[str]:
    """The Speech-Language res_speech_unimrcp sends with SET-PARAMS (uni_engine_properties_load)."""
    parser = configparser.ConfigParser(inline_comment_prefixes=(";",), strict=False)
    parser.optionxform = str  # type: ignore[assignment]
    parser.read(path, encoding="utf-8")
    return parser.get("mrcpv2-properties", "Speech-Language", fallback=None)


def nlsml(text: str, confidence: float, grammar: str, mode: str) -> str:
    return ('<?xml version="1.0"?>\n<result>\n'
            f'<interpretation grammar="{escape(grammar)}" confidence="{confidence:.2f}">\n'
            f'<instance>{escape(text)}</instance>\n<input mode="{mode}">{escape(text)}</input>\n'
            '</interpretation>\n</result>\n')


def play_session(peer: Any, environment: str, timeout: float) -> None:
    """One FastAGI session as Asterisk's run_agi drives it: the environment, then each command answered by
    `peer.respond`; after the caller hangs up, HANGUP once and 511 to every later command. The peer keeps
    `port`, `commands`, `caller_hung_up` and `_hang_up_after_reply`."""
    with socket.create_connection(("127.0.0.1", peer.port), timeout=timeout) as sock:
        stream = sock.makefile("rwb")
        stream.write(environment.encode())
        stream.flush()
        while True:
            try:
                line = stream.readline()
            except ConnectionResetError:
                line = b""  # it closed while our last reply was on its way
            if not line:
                break  # the FastAGI server closed the session
            command = line.decode().rstrip("\r\n")
            peer.commands.append(command)
            if peer.caller_hung_up:
                stream.write((DEAD + "\n").encode())
            else:
                stream.write((peer.respond(command) + "\n").encode())
                if peer._hang_up_after_reply:
                    peer.caller_hung_up = True
                    stream.write(b"HANGUP\n")  # run_agi tells a FastAGI script its channel hung up
            stream.flush()


@dataclass
class AsteriskPeer:
    port: int
    script: Sequence[CallerAction]
    callerid: str = "79001000101"
    uniqueid: str = field(default_factory=lambda: f"{int(time.time())}.{next(_CHANNELS)}")
    speech_engine: Optional[str] = "unimrcp"  # the res_speech engine loaded; None: no engine
    engine_language: Optional[str] = field(default_factory=config_language)  # res_speech_unimrcp's, from its config
    recognizer: bool = True  # the MRCP server has a recogniser (SynthAndRecog needs one)
    synth_failures: int = 0  # the first N syntheses fail (MRCPSynth, SynthAndRecog: SPEAK refused)
    dial_status: str = "ANSWER"
    heard: List[str] = field(default_factory=list)  # prompts the TTS applications spoke, in order
    cut: List[str] = field(default_factory=list)  # prompts stopped by the caller (speech or a key)
    lost_keys: List[str] = field(default_factory=list)  # keys an application read and threw away
    commands: List[str] = field(default_factory=list)
    variables: Dict[str, str] = field(default_factory=dict)
    ignored_settings: Dict[str, str] = field(default_factory=dict)  # SPEECH_ENGINE() the engine ignored
    grammars: Dict[str, str] = field(default_factory=dict)  # loaded with SpeechLoadGrammar
    active_grammar: Optional[str] = None
    dialled: List[List[str]] = field(default_factory=list)
    streamed: List[str] = field(default_factory=list)  # STREAM FILE sound files
    listens: List[str] = field(default_factory=list)  # "synthandrecog", "speech" (SpeechBackground), "keys"
    protocol_errors: List[str] = field(default_factory=list)
    ivr_hung_up: bool = False
    caller_hung_up: bool = False
    _actions: List[CallerAction] = field(default_factory=list)
    _result: Optional[CallerAction] = None
    _speech: bool = False  # SpeechCreate made a speech object
    _hang_up_after_reply: bool = False

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
        play_session(self, self.environment(), timeout)
        return self

    # --- the caller ---

    def _peek(self) -> CallerAction:
        return self._actions[0] if self._actions else ("hangup",)

    def _take(self) -> CallerAction:
        action = self._actions.pop(0) if self._actions else ("hangup",)
        self._result = action
        if action[0] in ("hangup", "hangup_over"):
            self._hang_up_after_reply = True
        return action

    def _replace_next(self, action: CallerAction) -> None:
        if self._actions:
            self._actions[0] = action

    @staticmethod
    def _confidence(action: CallerAction) -> float:
        return float(action[2]) if len(action) > 2 else 0.87  # type: ignore[arg-type]

    # --- AGI commands ---

    def respond(self, command: str) -> str:
        args = agi_args(command)
        verb = " ".join(a.upper() for a in args[:3])
        if args[:1] == ["ANSWER"]:
            return "200 result=0"
        if args[:1] == ["HANGUP"]:
            self.ivr_hung_up = True
            return "200 result=1"
        if args[:1] == ["EXEC"] and len(args) >= 2:
            return f"200 result={self._exec(args[1], args[2] if len(args) > 2 else '')}"
        if verb.startswith("SET VARIABLE") and len(args) == 4:
            return self._set_variable(args[2], args[3])
        if verb.startswith("GET VARIABLE") and len(args) == 3:
            value = self._variable(args[2])
            return "200 result=0" if value is None else f"200 result=1 ({value})"
        if verb.startswith("GET FULL VARIABLE") and len(args) == 4:
            return f"200 result=1 ({self._variable(args[3].strip('${}')) or ''})"  # always 1 (handle_getvariablefull)
        if verb.startswith("GET DATA") and len(args) == 5:
            return self._get_data(int(args[4]))
        if verb.startswith("STREAM FILE") and len(args) == 4:
            self.streamed.append(args[2])
            return "200 result=0 endpos=16000"
        self.protocol_errors.append(command)
        return "510 Invalid or unknown command"

    def _set_variable(self, name: str, value: str) -> str:
        if name.startswith("SPEECH_ENGINE(") and self.speech_engine == "unimrcp":
            self.ignored_settings[name[len("SPEECH_ENGINE("):-1]] = value  # uni_recog_change: a no-op
        else:
            self.variables[name] = value
        return "200 result=1"

    def _exec(self, app: str, data: str) -> int:
        if app not in KNOWN_APPS:
            self.protocol_errors.append(f"EXEC of an unknown application {app}")
            return -2
        parts = app_args(data)
        if app == "MRCPSynth":
            return self._mrcp_synth(parts)
        if app == "SynthAndRecog":
            return self._synth_and_recog(parts)
        if app == "SpeechCreate":
            engine = parts[0] if parts else ""
            self._speech = self.speech_engine is not None and engine in ("", self.speech_engine)
            if not self._speech:
                self.variables["ERROR"] = "1"
            return 0
        if app == "SpeechLoadGrammar":
            return self._load_grammar(parts)
        if app == "SpeechActivateGrammar":
            if not self._speech:
                return -1
            self.active_grammar = parts[0]  # uni_recog_activate_grammar keeps the name, loaded or not
            return 0
        if app == "SpeechBackground":
            return self._speech_background(parts)
        if app == "Dial":
            self.dialled.append(parts)
            self.variables["DIALSTATUS"] = self.dial_status
        return 0

    def _synthesis_fails(self) -> bool:
        if self.synth_failures > 0:
            self.synth_failures -= 1
            return True
        return False

    def _mrcp_synth(self, parts: List[str]) -> int:
        options = app_options(parts[1]) if len(parts) > 1 else {}
        if self._synthesis_fails():
            self.variables["SYNTHSTATUS"] = "ERROR"
            return -1
        prompt = parts[0]
        self.heard.append(prompt)
        self.variables["SYNTHSTATUS"] = "OK"
        upcoming = self._peek()
        interrupt = options.get("i", "")
        if upcoming[0] == "hangup_over":  # app_synth_exec: hang-up → INTERRUPTED, and mrcpsynth_exit returns 0
            self._take()
            self.variables["SYNTHSTATUS"] = "INTERRUPTED"
            self.cut.append(prompt)
        elif upcoming[0] == "keys_over":
            digits = str(upcoming[1])
            if interrupt and interrupt.lower() != "none":  # the first key stops the prompt; its frame is freed
                self.lost_keys.append(digits[0])
                self.cut.append(prompt)
                self.variables["SYNTHSTATUS"] = "INTERRUPTED"
                self._replace_next(("keys", digits[1:]) if digits[1:] else ("silence",))
            else:  # every frame read during the prompt is freed
                self.lost_keys.append(digits)
                self._replace_next(("silence",))
        elif upcoming[0] == "say_over":  # MRCPSynth does not listen: the words are gone
            self._replace_next(("silence",))
        return 0

    def _synth_and_recog(self, parts: List[str]) -> int:
        prompt, grammar_arg = parts[0], parts[1] if len(parts) > 1 else ""
        options = app_options(parts[2]) if len(parts) > 2 else {}
        if not prompt or not grammar_arg or not self.recognizer or self._synthesis_fails():
            self.variables["RECOG_STATUS"] = "ERROR"
            return -1
        grammars = [g for g in grammar_arg.split(options.get("gd", ",")) if g]
        self.heard.append(prompt)
        self.listens.append("synthandrecog")
        self.variables.update(RECOG_STATUS="OK", RECOG_RESULT="")
        upcoming = self._peek()
        over = upcoming[0] in ("say_over", "keys_over", "hangup_over")
        if not over and int(options.get("nit", "15000")) < CALLER_PAUSE_MS:
            self.variables["RECOG_COMPLETION_CAUSE"] = "002"  # the timer ran out before the caller began
            return 0
        action = self._take()
        if action[0] in ("hangup", "hangup_over"):
            self.variables["RECOG_STATUS"] = "INTERRUPTED"
            return 0
        if action[0] == "say_over" and options.get("b", "1") == "0":
            action = ("silence",)  # no barge-in: frames read during the prompt are freed
        if over:
            self.cut.append(prompt)
        speech = [g for g in grammars if "dtmf" not in g]
        dtmf = [g for g in grammars if "dtmf" in g]
        cause, result = "002", ""
        if action[0] in ("say", "say_over"):
            if speech and options.get("spl") == RUSSIAN:  # the Russian words match a Russian recogniser only
                cause, result = "000", nlsml(str(action[1]), self._confidence(action), speech[0], "speech")
            else:
                cause = "001"
        elif action[0] in ("keys", "keys_over"):
            digits = str(action[1])
            terminator = options.get("dttc")
            if terminator:
                digits = digits.split(terminator, 1)[0]
            if dtmf:
                limit = dtmf[0].partition("maxlength=")[2].split(";")[0]
                digits = digits[:int(limit)] if limit.isdigit() else digits
                cause, result = "000", nlsml(" ".join(digits), 1.0, dtmf[0], "dtmf")
            else:
                cause = "001"
        elif action[0] == "noise":
            cause = "001"
        self.variables["RECOG_COMPLETION_CAUSE"] = cause
        if result:
            if options.get("uer") == "1":
                self.variables["RECOG_RESULT"] = quote(result, safe="-._~")  # RFC 3986 unreserved kept
            else:
                self.protocol_errors.append("RECOG_RESULT without uer=1: its newlines break the AGI reply line")
                self.variables["RECOG_RESULT"] = result
        return 0

    def _load_grammar(self, parts: List[str]) -> int:
        if not self._speech or len(parts) != 2:
            return -1
        name, path = parts
        if self.speech_engine == "unimrcp" and not path.startswith(("builtin:", "uri:")):
            return -1  # read as a file: none here («No such grammar file available»)
        self.grammars[name] = path
        return 0

    def _recognises(self) -> bool:
        if self.speech_engine != "unimrcp":
            return self.variables.get("SPEECH_ENGINE(language)") == RUSSIAN
        # RECOGNIZE «session:<active grammar>»: only a defined grammar, in the config's language.
        return self.active_grammar in self.grammars and self.engine_language == RUSSIAN

    def _speech_background(self, parts: List[str]) -> int:
        if not self._speech:
            return -1
        if len(parts) < 2 or not parts[0] or not parts[1]:
            self.protocol_errors.append(f"SpeechBackground without a sound file and timeout: {parts!r}")
        self.listens.append("speech")
        action = self._take()
        self.variables.pop("_SPEECH_RESULT", None)
        text, score, grammar, spoke = None, None, None, action[0] in ("say", "noise")
        if action[0] == "keys":
            digits = str(action[1])
            terminator = self.variables.get("SPEECH_DTMF_TERMINATOR", "#")
            digits = digits.split(terminator, 1)[0] if terminator else digits
            maxlen = int(self.variables.get("SPEECH_DTMF_MAXLEN") or 0)
            text, score, grammar = (digits[:maxlen] if maxlen else digits), 1000, "dtmf"
        elif action[0] == "say" and self._recognises():
            scale = 100 if self.speech_engine == "unimrcp" else 1000
            text, score = str(action[1]), int(self._confidence(action) * scale)
            grammar = self.grammars.get(self.active_grammar or "", "builtin:grammar/transcribe")
        self._speech_result = (text, score, grammar, spoke)
        return 0

    _speech_result: Tuple[Optional[str], Optional[int], Optional[str], bool] = (None, None, None, False)

    def _variable(self, name: str) -> Optional[str]:
        text, score, grammar, spoke = self._speech_result
        if name == "SPEECH(status)":
            return "1" if self._speech else "0"
        if name == "SPEECH(results)":
            return "1" if text is not None else "0"
        if name == "SPEECH(spoke)":
            return "1" if spoke else "0"
        if name == "SPEECH_TEXT(0)":
            return text
        if name == "SPEECH_GRAMMAR(0)":
            return grammar
        if name == "SPEECH_SCORE(0)":
            return None if score is None else str(score)
        return self.variables.get(name)

    def _get_data(self, max_digits: int) -> str:
        self.listens.append("keys")
        action = self._take()
        if action[0] == "hangup":
            return "200 result=-1"
        if action[0] == "keys":
            digits = str(action[1]).split("#", 1)[0][:max_digits]
            return f"200 result={digits}" if len(digits) == max_digits else f"200 result={digits} (timeout)"
        return "200 result= (timeout)"  # silence, or speech that GET DATA does not hear
