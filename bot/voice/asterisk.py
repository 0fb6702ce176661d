"""AGI command lines for the IVR's steps on Asterisk (the protocol's text, no I/O here).

Prompts: a text-to-speech dialplan application run with EXEC (default UniMRCP's MRCPSynth, as used
with Russian cloud and on-premise TTS); speech and keys together: Asterisk's speech applications
(SpeechCreate, SpeechBackground, the SPEECH_* functions), which also collect DTMF; keys alone (the
menu, no speech engine): GET DATA; transfer: Dial with the context in inherited channel variables
that a pre-dial handler turns into SIP headers (see the README's dialplan).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Dict, List, Optional

from bot.voice.steps import LANGUAGE

MAX_APP_TEXT = 300  # characters per TTS call: Asterisk caps application data at 1024 bytes (UTF-8 Cyrillic: 2)


@dataclass(frozen=True)
class AsteriskSettings:
    tts_app: str = "MRCPSynth"
    tts_options: str = f"l={LANGUAGE}&i=any"  # i=any: a key interrupts the prompt (barge-in by key)
    speech_engine: str = ""  # SpeechCreate's engine; empty = Asterisk's default engine
    speech_grammar: str = ""  # activated with SpeechActivateGrammar when set (engine-specific)
    speech_language_setting: str = "language"  # SPEECH_ENGINE(<this>)=ru-RU
    speech_hints_setting: str = ""  # SPEECH_ENGINE(<this>)=<comma-separated hints>, if the engine has one
    silence_file: str = "silence/1"  # SpeechBackground/GET DATA need a file for their timeout to run
    operator_dial: str = "PJSIP/operators"
    dial_timeout: int = 60
    pre_dial_handler: str = "ivr-operator-headers^s^1"

    @classmethod
    def from_env(cls, env: Optional[Dict[str, str]] = None) -> "AsteriskSettings":
        env = dict(os.environ if env is None else env)
        base = cls()
        return cls(
            tts_app=env.get("AGI_TTS_APP", base.tts_app),
            tts_options=env.get("AGI_TTS_OPTIONS", base.tts_options),
            speech_engine=env.get("AGI_SPEECH_ENGINE", base.speech_engine),
            speech_grammar=env.get("AGI_SPEECH_GRAMMAR", base.speech_grammar),
            speech_language_setting=env.get("AGI_SPEECH_LANGUAGE_SETTING", base.speech_language_setting),
            speech_hints_setting=env.get("AGI_SPEECH_HINTS_SETTING", base.speech_hints_setting),
            operator_dial=env.get("AGI_OPERATOR_DIAL", base.operator_dial),
            dial_timeout=int(env.get("AGI_DIAL_TIMEOUT", base.dial_timeout)),
            pre_dial_handler=env.get("AGI_PRE_DIAL_HANDLER", base.pre_dial_handler),
        )


def agi_quote(value: str) -> str:
    """One AGI argument: Asterisk splits on spaces outside quotes and takes a backslash as an escape."""
    value = re.sub(r"[\r\n]+", " ", value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def app_escape(value: str) -> str:
    """A dialplan application argument: commas separate arguments, so they are escaped."""
    return re.sub(r'([\\,"|])', r"\\\1", value)


def exec_app(app: str, data: str) -> str:
    return f"EXEC {app} {agi_quote(data)}"


def set_variable(name: str, value: str) -> str:
    return f"SET VARIABLE {agi_quote(name)} {agi_quote(value)}"


def get_variable(name: str) -> str:
    return f"GET VARIABLE {name}"


def get_full_variable(expression: str) -> str:
    return f"GET FULL VARIABLE {expression}"


def get_data(settings: AsteriskSettings, timeout: float, max_digits: int) -> str:
    return f"GET DATA {settings.silence_file} {int(timeout * 1000)} {max_digits}"


def text_chunks(text: str, limit: int = MAX_APP_TEXT) -> List[str]:
    """Sentences packed into chunks under the application-data limit."""
    chunks: List[str] = []
    current = ""
    for sentence in re.split(r"(?<=[.!?;])\s+", text.strip()):
        while len(sentence) > limit:  # one very long sentence: cut at a space
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            chunks.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if current and len(current) + 1 + len(sentence) > limit:
            chunks.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        chunks.append(current)
    return [c for c in chunks if c]


def say_commands(text: str, settings: AsteriskSettings) -> List[str]:
    options = f",{settings.tts_options}" if settings.tts_options else ""
    return [exec_app(settings.tts_app, app_escape(chunk) + options) for chunk in text_chunks(text)]


def speech_setup_commands(settings: AsteriskSettings, hints: List[str]) -> List[str]:
    """After SpeechCreate succeeded: language, hints, DTMF collection, grammar."""
    commands = []
    if settings.speech_language_setting:
        commands.append(set_variable(f"SPEECH_ENGINE({settings.speech_language_setting})", LANGUAGE))
    if settings.speech_hints_setting and hints:
        commands.append(set_variable(f"SPEECH_ENGINE({settings.speech_hints_setting})", ",".join(hints)))
    if settings.speech_grammar:
        commands.append(exec_app("SpeechActivateGrammar", settings.speech_grammar))
    return commands


def speech_listen_commands(settings: AsteriskSettings, timeout: float, max_digits: int, finish_on_key: str) -> List[str]:
    return [
        set_variable("SPEECH_DTMF_MAXLEN", str(max_digits)),
        set_variable("SPEECH_DTMF_TERMINATOR", finish_on_key),
        exec_app("SpeechBackground", f"{settings.silence_file},{timeout:g}"),
    ]


def header_variable(header: str) -> str:
    """X-Ticket-Id → IVR_X_TICKET_ID (read by the pre-dial handler on the operator's channel)."""
    return "IVR_" + re.sub(r"[^A-Za-z0-9]", "_", header).upper()


def dial_commands(headers: Dict[str, str], settings: AsteriskSettings) -> List[str]:
    # "__" makes the variables inherited by the operator's channel, where the handler runs.
    commands = [set_variable("__" + header_variable(name), value) for name, value in headers.items()]
    handler = f",b({settings.pre_dial_handler})" if settings.pre_dial_handler else ","
    commands.append(exec_app("Dial", f"{settings.operator_dial},{settings.dial_timeout}{handler}"))
    return commands
