"""IVR steps as jambonz verbs (the webhook application protocol: a JSON array of verbs per hook)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

from bot.voice.steps import Hangup, Listen, Say, Step, Transfer

Verb = Dict[str, Any]


@dataclass(frozen=True)
class JambonzSettings:
    # "default": the application's recognizer as set in the jambonz portal (feature-server SttTask.exec takes
    # "default" or no vendor as the application's); else any vendor the account has credentials for
    recognizer_vendor: str = "default"
    # recognizer.minConfidence: jambonz answers a final transcript below it with reason stt-low-confidence
    # (None: not set, every transcript comes as speech)
    min_confidence: Optional[float] = 0.5
    synthesizer_vendor: Optional[str] = None  # None: the application's default voice (set it to ru-RU)
    synthesizer_voice: Optional[str] = None
    language: str = "ru-RU"
    operator: str = "sip:operators@pbx.local"  # a SIP URI or a phone number (E.164)
    transfer: str = "dial"  # "dial" (jambonz bridges the call) or "refer" (SIP REFER to the PBX)
    dial_timeout: int = 60
    action_hook: str = "/webhooks/jambonz/action"
    transfer_hook: str = "/webhooks/jambonz/transfer"
    hold_hook: str = "/webhooks/jambonz/hold"
    hold_wait: float = 2.0  # seconds a hold hook waits for the answer before it replies (webhooks must be quick)
    hold_listen: int = 1  # seconds of listening between hold hooks: a caller talking on hold is heard


def _synthesizer(settings: JambonzSettings) -> Dict[str, Any]:
    if not settings.synthesizer_vendor:
        return {}
    synth: Dict[str, Any] = {"vendor": settings.synthesizer_vendor, "language": settings.language}
    if settings.synthesizer_voice:
        synth["voice"] = settings.synthesizer_voice
    return {"synthesizer": synth}


def say(text: str, settings: JambonzSettings) -> Verb:
    return {"verb": "say", "text": text, **_synthesizer(settings)}


def gather(listen: Listen, settings: JambonzSettings) -> Verb:
    verb: Verb = {
        "verb": "gather",
        "input": [kind for kind, wanted in (("speech", listen.speech), ("digits", listen.digits)) if wanted],
        "actionHook": settings.action_hook,
        "timeout": listen.timeout,
        "bargein": listen.bargein,
        "dtmfBargein": listen.bargein,
        "listenDuringPrompt": listen.bargein,
    }
    if listen.prompt:
        verb["say"] = {"text": listen.prompt, **_synthesizer(settings)}
    if listen.speech:
        recognizer: Dict[str, Any] = {"vendor": settings.recognizer_vendor, "language": listen.language}
        if listen.expect and settings.recognizer_vendor.startswith("custom:"):
            # The project's own speech service is told what the caller was asked for: jambonz hands
            # recognizer.customOptions.options to a custom vendor as its `start` message's `options`
            # (jambonz-feature-server lib/utils/transcription-utils.js, setChannelVarsForStt, `custom:`). No
            # minConfidence then: jambonz judges only the first alternative's, and a phone read whole is taken
            # whatever the free transcript's (the IVR applies its floor itself, JambonzInput._on_gather).
            recognizer["customOptions"] = {"options": {"expect": listen.expect}}
        elif settings.min_confidence:
            recognizer["minConfidence"] = settings.min_confidence
        if listen.hints:
            recognizer["hints"] = list(listen.hints)
        verb["recognizer"] = recognizer
    if listen.digits:
        if listen.max_digits == 1:
            verb["numDigits"] = 1  # a menu key: no need to wait for more
        else:
            verb.update(minDigits=1, maxDigits=listen.max_digits, interDigitTimeout=listen.inter_digit_timeout)
        if listen.finish_on_key:
            verb["finishOnKey"] = listen.finish_on_key
    return verb


def holding(steps: Sequence[Step], settings: JambonzSettings) -> List[Verb]:
    """While the answer is looked up: the hold phrases due, then a short listen whose result (speech, keys or
    nothing) comes back to the hold hook, which says what is due next or the answer."""
    listen = Listen(prompt="", max_digits=1, finish_on_key="", timeout=settings.hold_listen)
    verbs = [say(step.text, settings) for step in steps if isinstance(step, Say) and step.text]
    return [*verbs, {**gather(listen, settings), "actionHook": settings.hold_hook}]


def transfer(step: Transfer, settings: JambonzSettings) -> Verb:
    headers = step.context.sip_headers()
    if settings.transfer == "refer":
        return {"verb": "sip:refer", "referTo": settings.operator, "headers": headers,
                "actionHook": settings.transfer_hook}
    target: Dict[str, Any]
    if settings.operator.startswith(("sip:", "sips:")):
        target = {"type": "sip", "sipUri": settings.operator}
    else:
        target = {"type": "phone", "number": settings.operator}
    return {"verb": "dial", "target": [target], "headers": headers, "answerOnBridge": True,
            "timeout": settings.dial_timeout, "actionHook": settings.transfer_hook}


def render(steps: Sequence[Step], settings: JambonzSettings) -> List[Verb]:
    verbs: List[Verb] = []
    for step in steps:
        if isinstance(step, Say):
            if step.text:
                verbs.append(say(step.text, settings))
        elif isinstance(step, Listen):
            verbs.append(gather(step, settings))
        elif isinstance(step, Transfer):
            verbs.append(transfer(step, settings))
        elif isinstance(step, Hangup):
            verbs.append({"verb": "hangup"})
    return verbs or [{"verb": "hangup"}]
