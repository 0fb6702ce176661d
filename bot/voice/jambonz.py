"""jambonz webhook application, served by the Rasa server under /webhooks/jambonz/.

credentials.yml: `bot.voice.jambonz.JambonzInput:` with optional keys (environment variable in brackets):
  operator (JAMBONZ_OPERATOR)                 where transfers go: sip:… URI or +7… number
  transfer (JAMBONZ_TRANSFER)                 dial (default) or refer
  recognizer_vendor (JAMBONZ_RECOGNIZER_VENDOR)   STT vendor configured in jambonz, default google
  synthesizer_vendor, synthesizer_voice (JAMBONZ_SYNTHESIZER_VENDOR, JAMBONZ_SYNTHESIZER_VOICE)
  webhook_secret (JAMBONZ_WEBHOOK_SECRET)     the application's signing secret: unsigned hooks get 403
  public_url (JAMBONZ_PUBLIC_URL)             prefix for hook URLs when behind a path-rewriting proxy
  no_input_timeout                            seconds of silence before «Вы меня слышите?», default 8

Hooks: POST call → call hook, action → gather results, transfer → dial/refer result, status → call status
(`completed` and the like: the call is over; if the caller left first, the assistant is told, bot.abandonment),
hold → a slow turn: the action hook answers with the hold phrase and a short gather whose result comes here;
each hold hook waits a little for the answer, else says the phrase due (bot.voice.hold) and listens again.
Calls are kept in this process's memory and, after every hook, in SQLite (bot/voice/call_state.py): after
a restart of the server a call goes on where it was (its counters, menu and pending question); a hook for a
call known nowhere continues the conversation with fresh IVR counters. With VOICE_CALLS_REDIS_URL the state is
in Redis, and every hook reads it back: a call's hooks may land on any worker behind the load balancer.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import InputChannel
from bot.voice.call_state import IDLE_CALL_SECONDS, CallStates, RedisCallStates, open_call_states, restore
from bot.voice.channel import InProcessAssistant, OnNewMessage
from bot.voice.hold import HeldTurn
from bot.voice.ivr import CallInfo, IvrCall, IvrSettings
from bot.voice.jambonz_verbs import JambonzSettings, Verb, holding, render
from bot.voice.steps import Step

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "jambonz-signature"
SIGNATURE_TOLERANCE = 300  # seconds, as jambonz's own SDKs
MAX_CALLS = 5000
FAILED_TRANSFER = frozenset({"failed", "busy", "no-answer"})
CALL_OVER = frozenset({"completed", "failed", "busy", "no-answer"})


def verify_signature(body: bytes, header: Optional[str], secret: str, now: Optional[float] = None) -> bool:
    """jambonz signs hooks as `Jambonz-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "t." + body)>`."""
    if not header:
        return False
    parts = dict(item.strip().partition("=")[::2] for item in header.split(","))
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - timestamp) > SIGNATURE_TOLERANCE:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


def caller_number(payload: Dict[str, Any]) -> Optional[str]:
    """The user part of the caller's number or SIP URI (the IVR validates it as a Russian phone)."""
    for key in ("caller_id", "from"):
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            user = value.strip().split(":", 1)[-1] if value.startswith(("sip:", "sips:", "tel:")) else value
            return user.split("@", 1)[0].split(";", 1)[0]
    return None


@dataclass
class _Call:
    ivr: IvrCall
    seen: float
    held: Optional[HeldTurn] = None  # a slow turn the caller is on hold for


class JambonzInput(InputChannel):
    def __init__(self, settings: Optional[JambonzSettings] = None, ivr_settings: Optional[IvrSettings] = None,
                 webhook_secret: Optional[str] = None,
                 states: "Optional[CallStates | RedisCallStates]" = None) -> None:
        self.settings = settings or JambonzSettings()
        self.ivr_settings = ivr_settings or IvrSettings()
        self.webhook_secret = webhook_secret or None
        self.calls: Dict[str, _Call] = {}
        self._states = states

    @property
    def states(self) -> "CallStates | RedisCallStates":
        """Opened on the first call (VOICE_CALLS_DB or VOICE_CALLS_REDIS_URL), not when the channel is built."""
        if self._states is None:
            self._states = open_call_states()
        return self._states

    @classmethod
    def name(cls) -> Text:
        return "jambonz"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "JambonzInput":
        config = dict(credentials or {})

        def value(key: str, default: Any = None) -> Any:
            found = config.get(key)
            return found if found not in (None, "") else os.environ.get(f"JAMBONZ_{key.upper()}") or default

        base = JambonzSettings()
        prefix = str(value("public_url", "")).rstrip("/")
        settings = JambonzSettings(
            recognizer_vendor=value("recognizer_vendor", base.recognizer_vendor),
            synthesizer_vendor=value("synthesizer_vendor"),
            synthesizer_voice=value("synthesizer_voice"),
            operator=value("operator", base.operator),
            transfer=value("transfer", base.transfer),
            dial_timeout=int(value("dial_timeout", base.dial_timeout)),
            action_hook=prefix + base.action_hook,
            transfer_hook=prefix + base.transfer_hook,
            hold_hook=prefix + base.hold_hook,
        )
        if settings.transfer not in ("dial", "refer"):
            raise ValueError(f"jambonz transfer must be dial or refer, not {settings.transfer!r}")
        ivr = IvrSettings(no_input_timeout=float(value("no_input_timeout", IvrSettings.no_input_timeout)))
        secret = value("webhook_secret")
        if not secret:
            logger.warning("jambonz: no webhook_secret (JAMBONZ_WEBHOOK_SECRET): hooks are accepted unsigned")
        return cls(settings, ivr, secret)

    # --- calls ---

    def _forget_idle(self) -> None:
        cutoff = time.monotonic() - IDLE_CALL_SECONDS
        for sid in [sid for sid, call in self.calls.items() if call.seen < cutoff]:
            del self.calls[sid]
        self.states.forget_idle(IDLE_CALL_SECONDS)
        while len(self.calls) >= MAX_CALLS:  # far more than a contact centre's lines: drop the oldest
            del self.calls[min(self.calls, key=lambda sid: self.calls[sid].seen)]

    def _call(self, payload: Dict[str, Any], request: Request, on_new_message: OnNewMessage) -> IvrCall:
        return self._known_call(payload, request, on_new_message).ivr

    def _known_call(self, payload: Dict[str, Any], request: Request, on_new_message: OnNewMessage) -> _Call:
        sid = str(payload.get("call_sid") or "")
        call = self.calls.get(sid)
        if call is None:
            self._forget_idle()
            assistant = InProcessAssistant(on_new_message, request.app, self.name())
            ivr = IvrCall(CallInfo("jambonz", sid, caller_number(payload)), assistant, self.ivr_settings)
            saved = self.states.load(sid) if sid else None
            if saved is not None:  # the server restarted during the call
                restore(ivr, saved)
            call = self.calls[sid] = _Call(ivr, time.monotonic())
        elif self.states.shared and call.held is None and sid:
            saved = self.states.load(sid)  # another worker may have taken the call's hooks since
            if saved is not None:
                restore(call.ivr, saved)
        call.seen = time.monotonic()
        return call

    async def _held_reply(self, call: _Call, held: HeldTurn, limit: Optional[float] = None,
                          said: Optional[List[Step]] = None) -> List[Verb]:
        """The turn's answer if it comes in time, else the hold phrases due and a listen (the hold hook)."""
        steps, done = await held.next(limit)
        if done:
            call.held = None
            return render(steps, self.settings)
        call.held = held
        return holding([*(said or []), *steps], self.settings)

    async def _on_gather(self, ivr: IvrCall, payload: Dict[str, Any]) -> List[Any]:
        digits = payload.get("digits")
        alternatives = (payload.get("speech") or {}).get("alternatives") or [{}]
        transcript = str(alternatives[0].get("transcript") or "").strip()
        reason = payload.get("reason")
        if digits:
            return await ivr.on_digits(str(digits))
        if reason == "speechDetected" and transcript:
            return await ivr.on_speech(transcript, alternatives[0].get("confidence"))
        if reason == "timeout":
            return await ivr.on_silence()
        if reason == "error":
            logger.warning("jambonz call %s: gather error %s", payload.get("call_sid"), payload.get("details"))
        return await ivr.on_unrecognised()  # stt-low-confidence, an error, an empty transcript

    async def _on_action(self, call: _Call, payload: Dict[str, Any]) -> List[Verb]:
        """A gather's result: the IVR's turn, on hold if it is slow."""
        return await self._held_reply(call, call.ivr.held(self._on_gather(call.ivr, payload)))

    async def _on_hold(self, call: _Call, payload: Dict[str, Any]) -> List[Verb]:
        """A listen during the hold ended: the answer if it came, else 001's phrase when the caller talked
        (or when 30 s have passed) and another listen."""
        if call.held is None:  # this process does not know the turn (restarted): listen again
            return render(call.ivr.keep_listening(), self.settings)
        spoke = bool(payload.get("digits")) or payload.get("reason") == "speechDetected"
        said = call.held.caller_spoke() if spoke else []
        return await self._held_reply(call, call.held, self.settings.hold_wait, said)

    # --- webhooks ---

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hooks = Blueprint("jambonz_webhook", __name__)

        def reply(verbs: List[Verb]) -> HTTPResponse:
            return response.json(render(verbs, self.settings))

        def remembered(payload: Dict[str, Any], answer: HTTPResponse) -> HTTPResponse:
            """The call's state saved after its hook (jambonz may send the next one to a restarted server)."""
            sid = str(payload.get("call_sid") or "")
            call = self.calls.get(sid)
            if call is not None:
                self.states.save(sid, call.ivr)
            return answer

        def signed(hook: Callable[[Request, Dict[str, Any]], Awaitable[HTTPResponse]]) -> Callable[..., Any]:
            """A hook jambonz must have signed (when a secret is set); it gets the request's JSON object."""

            @functools.wraps(hook)  # Sanic names routes after the handler
            async def checked(request: Request) -> HTTPResponse:
                if self.webhook_secret and not verify_signature(request.body, request.headers.get(SIGNATURE_HEADER),
                                                                self.webhook_secret):
                    return response.json({"error": "bad signature"}, status=403)
                body = request.json
                return await hook(request, body if isinstance(body, dict) else {})

            return checked

        @hooks.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hooks.route("/call", methods=["POST"])
        @signed
        async def call_hook(request: Request, payload: Dict[str, Any]) -> HTTPResponse:
            self.calls.pop(str(payload.get("call_sid") or ""), None)  # a new call, whatever was known
            self.states.forget(str(payload.get("call_sid") or ""))
            return remembered(payload, reply(await self._call(payload, request, on_new_message).start()))

        @hooks.route("/action", methods=["POST"])
        @signed
        async def action_hook(request: Request, payload: Dict[str, Any]) -> HTTPResponse:
            verbs = await self._on_action(self._known_call(payload, request, on_new_message), payload)
            return remembered(payload, response.json(verbs))

        @hooks.route("/hold", methods=["POST"])
        @signed
        async def hold_hook(request: Request, payload: Dict[str, Any]) -> HTTPResponse:
            verbs = await self._on_hold(self._known_call(payload, request, on_new_message), payload)
            return remembered(payload, response.json(verbs))

        @hooks.route("/transfer", methods=["POST"])
        @signed
        async def transfer_hook(request: Request, payload: Dict[str, Any]) -> HTTPResponse:
            ivr = self._call(payload, request, on_new_message)
            if "refer_status" in payload:
                connected = 200 <= int(payload.get("refer_status") or 0) < 300
            else:
                connected = payload.get("dial_call_status") not in FAILED_TRANSFER
            return remembered(payload, reply(await ivr.on_transfer_result(connected)))

        @hooks.route("/status", methods=["POST"])
        @signed
        async def status_hook(request: Request, payload: Dict[str, Any]) -> HTTPResponse:
            if payload.get("call_status") in CALL_OVER and payload.get("direction", "inbound") == "inbound":
                call = self.calls.pop(str(payload.get("call_sid") or ""), None)
                if call is None and self.states.load(str(payload.get("call_sid") or "")) is not None:
                    # a call from before a restart: the assistant is told as for any other
                    call = self._known_call(payload, request, on_new_message)
                    self.calls.pop(str(payload["call_sid"]), None)
                self.states.forget(str(payload.get("call_sid") or ""))
                if call is not None:
                    await call.ivr.on_hangup()
            return response.json({})

        return hooks
