"""AGI command lines for the IVR's steps on Asterisk (the protocol's text, no I/O here).

Three ways to listen, chosen per call by what the Asterisk box has (AsteriskSettings.listen_mode, then
fallbacks at run time):
- "synthandrecog": UniMRCP's SynthAndRecog plays the prompt and recognises at once: speech stops the prompt
  (barge-in) and keys pressed over it reach the recogniser's DTMF grammar, so no key is lost;
- "speech": the prompt by the TTS application (default UniMRCP's MRCPSynth), then Asterisk's Speech API
  (SpeechCreate, SpeechBackground, the SPEECH_* functions) for speech and keys;
- "keys": the prompt by the TTS application, then GET DATA (no speech engine, or the recogniser failed).
Transfer: Dial with the context in inherited channel variables that a pre-dial handler turns into SIP
headers (see the README's dialplan).
"""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Dict, List, Optional
from urllib.parse import unquote

from bot.voice.steps import LANGUAGE

MAX_APP_TEXT = 300  # characters per TTS call: Asterisk caps application data at 1024 bytes (UTF-8 Cyrillic: 2)
SYNTH_AND_RECOG = "synthandrecog"
SPEECH_API = "speech"
KEYS_ONLY = "keys"
LISTEN_MODES = (SYNTH_AND_RECOG, SPEECH_API, KEYS_ONLY)
GRAMMAR_NAME = "ivr"  # the name the Speech API mode loads and activates its grammar under
# A long prompt is said in chunks; between two chunks the recogniser waits this long for the caller to
# start talking (SynthAndRecog starts its no-input timer when the chunk's synthesis ends).
CHUNK_GAP_MS = 300
# RECOG_COMPLETION_CAUSE (MRCPv2, RFC 6787 §9.4.11) as SynthAndRecog sets it.
RECOGNISED = frozenset({"000", "008"})  # success, success-maxtime
NO_INPUT = frozenset({"002"})  # no-input-timeout
NO_MATCH = frozenset({"001", "007", "013", "014", "015"})  # no-match, too early, partial matches, no-match-maxtime


@dataclass(frozen=True)
class SpeechEngine:
    """How one Asterisk speech engine (res_speech_<name>) takes its settings and reports its scores."""

    score_scale: float  # SPEECH_SCORE of a sure result
    language_setting: str  # SPEECH_ENGINE(<this>)=ru-RU; "" when the engine ignores SPEECH_ENGINE()
    grammar: str  # loaded with SpeechLoadGrammar and activated; "" = the engine recognises without one


# res_speech_unimrcp: uni_recog_change() ignores every SPEECH_ENGINE() setting (the language comes from
# res-speech-unimrcp.conf's properties, sent with SET-PARAMS when the speech object is created);
# uni_recog_start() asks for «session:<active grammar>», so a grammar must be loaded and activated;
# uni_recog_get() scores MRCPv2 confidence × 100 (MRCPv1: as sent, 0–100).
SPEECH_ENGINES: Dict[str, SpeechEngine] = {
    "unimrcp": SpeechEngine(score_scale=100, language_setting="", grammar="builtin:speech/transcribe"),
}
OTHER_ENGINE = SpeechEngine(score_scale=1000, language_setting="language", grammar="")  # e.g. LumenVox: 0–1000


@dataclass(frozen=True)
class AsteriskSettings:
    listen_mode: str = SYNTH_AND_RECOG
    tts_app: str = "MRCPSynth"
    tts_options: str = f"l={LANGUAGE}&i=any"  # i=any: a key stops the prompt (MRCPSynth discards the key)
    tts_fallback_sound: str = ""  # a recorded sound file played when the TTS fails, before the transfer
    recog_grammar: str = "builtin:speech/transcribe"  # SynthAndRecog's speech grammar
    dtmf_grammar: str = "builtin:dtmf/digits"  # SynthAndRecog's keypad grammar (?maxlength= added per listen)
    recog_options: str = ""  # more SynthAndRecog options, e.g. p=<mrcp.conf profile>
    speech_engine: str = "unimrcp"  # SpeechCreate's engine (the Speech API mode)
    speech_grammar: Optional[str] = None  # None: the engine's default (SPEECH_ENGINES)
    speech_language_setting: Optional[str] = None  # None: the engine's default
    speech_hints_setting: str = ""  # SPEECH_ENGINE(<this>)=<comma-separated hints>, if the engine has one
    score_scale: Optional[float] = None  # the score of a sure result; None: the mode's/engine's own
    min_confidence: float = 0.5  # below it (0–1, after the scale) a result is unsure: the IVR's miss rule
    silence_file: str = "silence/1"  # SpeechBackground/GET DATA need a file for their timeout to run
    operator_dial: str = "PJSIP/operators"
    dial_timeout: int = 60
    pre_dial_handler: str = "ivr-operator-headers^s^1"

    @property
    def engine(self) -> SpeechEngine:
        return SPEECH_ENGINES.get(self.speech_engine.lower(), OTHER_ENGINE)

    @property
    def grammar(self) -> str:
        return self.engine.grammar if self.speech_grammar is None else self.speech_grammar

    @property
    def language_setting(self) -> str:
        return self.engine.language_setting if self.speech_language_setting is None else self.speech_language_setting

    def confidence(self, score: Optional[str], mode: str) -> Optional[float]:
        """A result's score as 0–1: SynthAndRecog's RECOG_CONFIDENCE is NLSML's confidence (0–1 in MRCPv2);
        SPEECH_SCORE is the engine's own scale."""
        try:
            value = float(score) if score not in (None, "") else None
        except ValueError:
            value = None
        if value is None:
            return None
        scale = self.score_scale or (1.0 if mode == SYNTH_AND_RECOG else self.engine.score_scale)
        return max(0.0, min(1.0, value / scale))

    @classmethod
    def from_env(cls, env: Optional[Dict[str, str]] = None) -> "AsteriskSettings":
        env = dict(os.environ if env is None else env)
        base = cls()
        mode = env.get("AGI_LISTEN_MODE", base.listen_mode).lower()
        if mode not in LISTEN_MODES:
            raise ValueError(f"AGI_LISTEN_MODE must be one of {', '.join(LISTEN_MODES)}, not {mode!r}")
        scale = env.get("AGI_SCORE_SCALE")
        return cls(
            listen_mode=mode,
            tts_app=env.get("AGI_TTS_APP", base.tts_app),
            tts_options=env.get("AGI_TTS_OPTIONS", base.tts_options),
            tts_fallback_sound=env.get("AGI_TTS_FALLBACK_SOUND", base.tts_fallback_sound),
            recog_grammar=env.get("AGI_RECOG_GRAMMAR", base.recog_grammar),
            dtmf_grammar=env.get("AGI_DTMF_GRAMMAR", base.dtmf_grammar),
            recog_options=env.get("AGI_RECOG_OPTIONS", base.recog_options),
            speech_engine=env.get("AGI_SPEECH_ENGINE", base.speech_engine),
            speech_grammar=env.get("AGI_SPEECH_GRAMMAR", base.speech_grammar),
            speech_language_setting=env.get("AGI_SPEECH_LANGUAGE_SETTING", base.speech_language_setting),
            speech_hints_setting=env.get("AGI_SPEECH_HINTS_SETTING", base.speech_hints_setting),
            score_scale=float(scale) if scale else None,
            min_confidence=float(env.get("AGI_MIN_CONFIDENCE", base.min_confidence)),
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
    """After SpeechCreate succeeded: language and hints, where the engine takes them (grammar_commands next)."""
    commands = []
    if settings.language_setting:
        commands.append(set_variable(f"SPEECH_ENGINE({settings.language_setting})", LANGUAGE))
    if settings.speech_hints_setting and hints:
        commands.append(set_variable(f"SPEECH_ENGINE({settings.speech_hints_setting})", ",".join(hints)))
    return commands


def grammar_commands(settings: AsteriskSettings) -> List[str]:
    """SpeechLoadGrammar(ivr,<builtin:…|uri:…|path>) then SpeechActivateGrammar(ivr): res_speech_unimrcp
    recognises against the active grammar only (uni_recog_start sends «session:<active grammar>»)."""
    if not settings.grammar:
        return []
    return [exec_app("SpeechLoadGrammar", f"{GRAMMAR_NAME},{app_escape(settings.grammar)}"),
            exec_app("SpeechActivateGrammar", GRAMMAR_NAME)]


def speech_listen_commands(settings: AsteriskSettings, timeout: float, max_digits: int, finish_on_key: str) -> List[str]:
    return [
        set_variable("SPEECH_DTMF_MAXLEN", str(max_digits)),
        set_variable("SPEECH_DTMF_TERMINATOR", finish_on_key),
        exec_app("SpeechBackground", f"{settings.silence_file},{timeout:g}"),
    ]


def synth_and_recog_commands(prompt: str, settings: AsteriskSettings, *, timeout: float, max_digits: int,
                             finish_on_key: str, speech: bool, digits: bool,
                             inter_digit_timeout: float = 4.0) -> List[str]:
    """SynthAndRecog(prompt,grammars,options) per chunk of the prompt: the prompt plays while the recogniser
    listens (b=1: speech stops it), keys go to the DTMF grammar. Between chunks a short no-input timeout
    (CHUNK_GAP_MS); after the last one the listen's own."""
    grammars = ([settings.recog_grammar] if speech else []) + \
        ([f"{settings.dtmf_grammar}?maxlength={max_digits}"] if digits else [])
    chunks = text_chunks(prompt) or [" "]  # SynthAndRecog requires a prompt; a blank one says nothing
    commands = []
    for n, chunk in enumerate(chunks):
        last = n == len(chunks) - 1
        options = [f"spl={LANGUAGE}", "b=1", "uer=1", f"nit={int(timeout * 1000) if last else CHUNK_GAP_MS}"]
        if digits:
            options.append(f"dit={int(inter_digit_timeout * 1000)}")
        if digits and finish_on_key:
            options.append(f"dttc={finish_on_key}")
        if settings.recog_options:
            options.append(settings.recog_options)
        # The grammars' own delimiter is a comma: escaped, it stays inside the application's second argument.
        data = ",".join([app_escape(chunk), app_escape(",".join(grammars)), "&".join(options)])
        commands.append(exec_app("SynthAndRecog", data))
    return commands


def stream_file(sound: str) -> str:
    """STREAM FILE <file> <escape digits>: a recorded prompt, no key interrupts it."""
    return f"STREAM FILE {agi_quote(sound)} \"\""


@dataclass(frozen=True)
class Recognition:
    text: str
    score: Optional[str]  # as the recogniser wrote it (NLSML: 0–1 in MRCPv2, 0–100 in MRCPv1)
    dtmf: bool  # keys, collected by the DTMF grammar


def parse_nlsml(result: str) -> Optional[Recognition]:
    """SynthAndRecog's RECOG_RESULT (uer=1: URI-encoded, so that it fits one AGI line): the first
    interpretation's input, its mode (speech or dtmf) and confidence (the input's, else the interpretation's,
    as res_speech_unimrcp's uni_recog_get reads it)."""
    if not result:
        return None
    try:
        root = ElementTree.fromstring(unquote(result))
    except ElementTree.ParseError:
        return None
    interpretation = next((e for e in root.iter() if _local(e.tag) == "interpretation"), None)
    if interpretation is None:
        return None
    found = next((e for e in interpretation.iter() if _local(e.tag) == "input"), None)
    if found is None:
        return None
    text = " ".join("".join(found.itertext()).split())
    score = found.get("confidence") or interpretation.get("confidence")
    return Recognition(text=text, score=score, dtmf=(found.get("mode") or "").lower() == "dtmf")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def header_variable(header: str) -> str:
    """X-Ticket-Id → IVR_X_TICKET_ID (read by the pre-dial handler on the operator's channel)."""
    return "IVR_" + re.sub(r"[^A-Za-z0-9]", "_", header).upper()


def dial_commands(headers: Dict[str, str], settings: AsteriskSettings) -> List[str]:
    # "__" makes the variables inherited by the operator's channel, where the handler runs.
    commands = [set_variable("__" + header_variable(name), value) for name, value in headers.items()]
    handler = f",b({settings.pre_dial_handler})" if settings.pre_dial_handler else ","
    commands.append(exec_app("Dial", f"{settings.operator_dial},{settings.dial_timeout}{handler}"))
    return commands
