"""jambonz webhook application, served by the Rasa server under /webhooks/jambonz/.

credentials.yml: `bot.voice.jambonz.JambonzInput:` with optional keys (environment variable in brackets):
  operator (JAMBONZ_OPERATOR)                 where transfers go: sip:… URI or +7… number
  transfer (JAMBONZ_TRANSFER)                 dial (default) or refer
  recognizer_vendor (JAMBONZ_RECOGNIZER_VENDOR)   STT vendor, default `default`: the application's recognizer
  min_confidence (JAMBONZ_MIN_CONFIDENCE)     recognizer.minConfidence, default 0.5 (0: none); below it a result is
                                              a miss (jambonz: reason stt-low-confidence)
  synthesizer_vendor, synthesizer_voice (JAMBONZ_SYNTHESIZER_VENDOR, JAMBONZ_SYNTHESIZER_VOICE)
  webhook_secret (JAMBONZ_WEBHOOK_SECRET)     the application's signing secret: unsigned hooks get 403
  public_url (JAMBONZ_PUBLIC_URL)             prefix for hook URLs when behind a path-rewriting proxy
  no_input_timeout                            seconds of silence before «Вы меня слышите?», default 8

Hooks: POST call → call hook, action → gather results, transfer → dial/refer result, status → call status
(`completed` and the like: the call is over; if the caller left first, the assistant is told, bot.abandonment),
hold → a slow turn: the action hook answers with the hold phrase and a short gather whose result comes here;
each hold hook waits a little for the answer, else says the phrase due (bot.voice.hold) and listens again.
A hook body that is not a JSON object with a call_sid is refused (400) before anything reaches the assistant.
A store away (Redis, PostgreSQL: the call state, Rasa's lock or tracker store) never gives jambonz an HTTP 500:
the caller hears the apology and «…попробуйте, пожалуйста, позже» (as REST does, bot.action_faults) and the
call goes on listening; the next turn after the store is back is handled as usual.
Calls are kept in this process's memory and, after every hook, in SQLite (bot/voice/call_state.py): after
a restart of the server a call goes on where it was (its counters, menu and pending question); a hook for a
call known nowhere continues the conversation with fresh IVR counters. With VOICE_CALLS_REDIS_URL the state is
in Redis, and every hook reads it back: a call's hooks may land on any worker behind the load balancer, its hold
hooks too (bot.voice.shared_hold).
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import time
from dataclasses import dataclass, replace
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import redis.exceptions
import sqlalchemy.exc
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import InputChannel
from bot.action_faults import APOLOGY
from bot.voice.call_state import IDLE_CALL_SECONDS, CallStates, RedisCallStates, open_call_states, restore
from bot.voice.channel import InProcessAssistant, OnNewMessage
from bot.voice.hold import HeldTurn
from bot.voice.ivr import CallInfo, IvrCall, IvrSettings
from bot.voice.jambonz_verbs import JambonzSettings, Verb, holding, render
from bot.voice.shared_hold import SharedHeldTurn
from bot.voice.speech import join_utterances
from bot.voice.steps import Step

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "jambonz-signature"
SIGNATURE_TOLERANCE = 300  # seconds, as jambonz's own SDKs
MAX_CALLS = 5000
FAILED_TRANSFER = frozenset({"failed", "busy", "no-answer"})
CALL_OVER = frozenset({"completed", "failed", "busy", "no-answer"})
# A store the turn or the call's state needs is away (Redis: the call state, Rasa's lock and tracker stores;
# PostgreSQL: the tracker store when chosen).
STORE_ERRORS = (redis.exceptions.RedisError, sqlalchemy.exc.SQLAlchemyError)


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


def transfer_connected(payload: Dict[str, Any]) -> bool:
    """Whether the operator leg was reached. A REFER's actionHook always says 202 once the PBX accepted it: only
    `final_referred_call_status` (the referred call's final SIP status from the NOTIFY) tells a 486 from a 200;
    without it, the REFER itself was refused (its own 4xx–6xx)."""
    if "refer_status" in payload:
        final = payload.get("final_referred_call_status")
        status = final if final not in (None, "") else payload.get("refer_status")
        try:
            return 200 <= int(status) < 300
        except (TypeError, ValueError):
            return False
    return payload.get("dial_call_status") not in FAILED_TRANSFER


def store_fault_steps(ivr: IvrCall) -> List[Step]:
    """The apology REST gives when a store is away, then the call listens on (the caller may say it again)."""
    apology = join_utterances([ivr.prompts.text(name, ivr.context) for name in APOLOGY])
    return [replace(ivr.last_listen or ivr.plain_listen(""), prompt=apology)]


def number_reading(payload: Dict[str, Any]) -> List[str]:
    """The project's speech service told to expect digits sends its number-word readings after the free one;
    jambonz keeps only the first in `speech.alternatives` and the vendor's whole result in `speech.vendor.evt`
    (jambonz-feature-server lib/utils/transcription-utils.js, normalizeCustom)."""
    speech = payload.get("speech") or {}
    sent = ((speech.get("vendor") or {}).get("evt") or {}).get("alternatives") or speech.get("alternatives") or []
    return [str(a.get("transcript") or "") for a in sent[1:] if isinstance(a, dict)]


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
            min_confidence=float(value("min_confidence", base.min_confidence) or 0) or None,
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

    def _load(self, sid: str) -> Optional[Dict[str, Any]]:
        try:
            return self.states.load(sid) if sid else None
        except STORE_ERRORS as error:
            logger.warning("call %s: its saved state is out of reach (%s): going on with what this worker knows",
                           sid, type(error).__name__)
            return None

    def _save(self, sid: str, ivr: IvrCall) -> None:
        try:
            self.states.save(sid, ivr)
        except STORE_ERRORS as error:
            logger.warning("call %s: its state not saved (%s)", sid, type(error).__name__)

    def _shared_hold(self, sid: str) -> Optional[Dict[str, Any]]:
        """The call's hold record when the state is shared (a slow turn on some worker), else None."""
        if not (self.states.shared and sid):
            return None
        try:
            return self.states.holding(sid)  # type: ignore[union-attr]
        except STORE_ERRORS:
            return None

    def _forget_idle(self) -> None:
        cutoff = time.monotonic() - IDLE_CALL_SECONDS
        for sid in [sid for sid, call in self.calls.items() if call.seen < cutoff]:
            del self.calls[sid]
        try:
            self.states.forget_idle(IDLE_CALL_SECONDS)
        except STORE_ERRORS:
            pass  # swept next time
        while len(self.calls) >= MAX_CALLS:  # far more than a contact centre's lines: drop the oldest
            del self.calls[min(self.calls, key=lambda sid: self.calls[sid].seen)]

    def _call(self, payload: Dict[str, Any], request: Request, on_new_message: OnNewMessage) -> IvrCall:
        return self._known_call(payload, request, on_new_message).ivr

    def _known_call(self, payload: Dict[str, Any], request: Request, on_new_message: OnNewMessage) -> _Call:
        sid = str(payload["call_sid"])
        call = self.calls.get(sid)
        if call is None:
            self._forget_idle()
            assistant = InProcessAssistant(on_new_message, request.app, self.name())
            ivr = IvrCall(CallInfo("jambonz", sid, caller_number(payload)), assistant, self.ivr_settings)
            saved = self._load(sid)
            if saved is not None:  # the server restarted during the call, or another worker had its hooks
                restore(ivr, saved)
            call = self.calls[sid] = _Call(ivr, time.monotonic())
        elif self.states.shared:
            if isinstance(call.held, SharedHeldTurn) and (self._shared_hold(sid) or {}).get("turn") != call.held.turn:
                call.held = None  # another worker said this turn's answer
            if call.held is None:
                saved = self._load(sid)  # another worker may have taken the call's hooks since
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
            if isinstance(held, SharedHeldTurn) and not held.runs_here:
                saved = self._load(call.ivr.info.call_id)  # the state the turn left, saved by its worker
                if saved is not None:
                    restore(call.ivr, saved)
            return render(steps, self.settings)
        if not isinstance(held, SharedHeldTurn) or held.runs_here:
            call.held = held  # another worker's turn is read from Redis on every hook instead
        return holding([*(said or []), *steps], self.settings)

    async def _turn(self, ivr: IvrCall, work: Awaitable[List[Step]]) -> List[Step]:
        """One IVR turn; a store away answers with the apology instead of failing the hook."""
        try:
            return await work
        except STORE_ERRORS as error:
            logger.error("call %s: the turn failed, a store is unreachable (%s): the caller is asked to try later",
                         ivr.info.sender_id, type(error).__name__)
            return store_fault_steps(ivr)

    async def _on_gather(self, ivr: IvrCall, payload: Dict[str, Any]) -> List[Step]:
        digits = payload.get("digits")
        alternatives = (payload.get("speech") or {}).get("alternatives") or [{}]
        transcript = str(alternatives[0].get("transcript") or "").strip()
        confidence = alternatives[0].get("confidence")
        reason = payload.get("reason")
        if digits:
            return await ivr.on_digits(str(digits))
        if reason == "stt-low-confidence":  # jambonz: a final transcript below recognizer.minConfidence
            return await ivr.on_unsure()
        if reason == "speechDetected":
            # as jambonz's own test: a missing or zero confidence is not judged
            judged = confidence if isinstance(confidence, (int, float)) and confidence > 0 else None
            return await ivr.on_heard(transcript, judged, self.settings.min_confidence, number_reading(payload))
        if reason == "timeout":
            return await ivr.on_silence()
        if reason == "error":
            logger.warning("jambonz call %s: gather error %s", payload.get("call_sid"), payload.get("details"))
        return await ivr.on_unrecognised()  # a recogniser error, a reason this version does not know

    async def _on_action(self, call: _Call, payload: Dict[str, Any]) -> List[Verb]:
        """A gather's result: the IVR's turn, on hold if it is slow."""
        sid = call.ivr.info.call_id
        work = self._turn(call.ivr, self._on_gather(call.ivr, payload))
        if self.states.shared:
            held: HeldTurn = SharedHeldTurn.start(self.states, sid, call.ivr, work)  # type: ignore[arg-type]
        else:
            held = call.ivr.held(work)
        return await self._held_reply(call, held)

    async def _on_hold(self, call: _Call, payload: Dict[str, Any]) -> List[Verb]:
        """A listen during the hold ended: the answer if it came, else 001's phrase when the caller talked
        (or when 30 s have passed) and another listen."""
        held = call.held
        record = self._shared_hold(call.ivr.info.call_id)
        if isinstance(held, SharedHeldTurn) and record is not None:
            held.catch_up(record)
        elif record is not None:
            held = SharedHeldTurn.seen(self.states, call.ivr.info.call_id, call.ivr, record)  # type: ignore[arg-type]
        if held is None:  # no worker knows the turn (restarted): listen again
            return render(call.ivr.keep_listening(), self.settings)
        spoke = bool(payload.get("digits")) or payload.get("reason") in ("speechDetected", "stt-low-confidence")
        said = held.caller_spoke() if spoke else []
        return await self._held_reply(call, held, self.settings.hold_wait, said)

    # --- webhooks ---

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hooks = Blueprint("jambonz_webhook", __name__)

        def reply(verbs: List[Verb]) -> HTTPResponse:
            return response.json(render(verbs, self.settings))

        def remembered(payload: Dict[str, Any], answer: HTTPResponse) -> HTTPResponse:
            """The call's state saved after its hook (jambonz may send the next one to a restarted server)."""
            sid = str(payload["call_sid"])
            call = self.calls.get(sid)
            if call is not None:
                self._save(sid, call.ivr)
            return answer

        def signed(hook: Callable[[Request, Dict[str, Any]], Awaitable[HTTPResponse]]) -> Callable[..., Any]:
            """A hook jambonz must have signed (when a secret is set); it gets the request's JSON object, which
            must name its call (a body without one would land in one conversation shared by all such hooks)."""

            @functools.wraps(hook)  # Sanic names routes after the handler
            async def checked(request: Request) -> HTTPResponse:
                if self.webhook_secret and not verify_signature(request.body, request.headers.get(SIGNATURE_HEADER),
                                                                self.webhook_secret):
                    return response.json({"error": "bad signature"}, status=403)
                try:
                    body = request.json
                except Exception:  # Sanic raises on a body that is not JSON
                    body = None
                sid = body.get("call_sid") if isinstance(body, dict) else None
                if not isinstance(sid, str) or not sid.strip():
                    logger.warning("jambonz: a %s hook without a call_sid refused", request.path)
                    return response.json({"error": "a JSON object with call_sid is required"}, status=400)
                try:
                    return await hook(request, body)
                except STORE_ERRORS as error:  # the last resort: never an HTTP 500 for jambonz
                    logger.error("call %s: %s failed, a store is unreachable (%s)", sid, request.path,
                                 type(error).__name__)
                    call = self.calls.get(sid)
                    steps = store_fault_steps(call.ivr) if call else []
                    return response.json(render(steps, self.settings) if steps else [])

            return checked

        @hooks.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hooks.route("/call", methods=["POST"])
        @signed
        async def call_hook(request: Request, payload: Dict[str, Any]) -> HTTPResponse:
            sid = str(payload["call_sid"])
            self.calls.pop(sid, None)  # a new call, whatever was known
            try:
                self.states.forget(sid)
            except STORE_ERRORS:
                pass  # a call sid is never reused: a stale row only waits for the sweep
            ivr = self._call(payload, request, on_new_message)
            return remembered(payload, reply(await self._turn(ivr, ivr.start())))

        @hooks.route("/action", methods=["POST"])
        @signed
        async def action_hook(request: Request, payload: Dict[str, Any]) -> HTTPResponse:
            verbs = await self._on_action(self._known_call(payload, request, on_new_message), payload)
            return remembered(payload, response.json(verbs))

        @hooks.route("/hold", methods=["POST"])
        @signed
        async def hold_hook(request: Request, payload: Dict[str, Any]) -> HTTPResponse:
            call = self._known_call(payload, request, on_new_message)
            verbs = await self._on_hold(call, payload)
            if verbs and verbs[-1].get("actionHook") == self.settings.hold_hook:
                # still on hold: the IVR did not move (a stale copy saved here could overwrite the state the turn
                # leaves, which its worker saves when it is done)
                return response.json(verbs)
            return remembered(payload, response.json(verbs))

        @hooks.route("/transfer", methods=["POST"])
        @signed
        async def transfer_hook(request: Request, payload: Dict[str, Any]) -> HTTPResponse:
            ivr = self._call(payload, request, on_new_message)
            return remembered(payload, reply(await ivr.on_transfer_result(transfer_connected(payload))))

        @hooks.route("/status", methods=["POST"])
        @signed
        async def status_hook(request: Request, payload: Dict[str, Any]) -> HTTPResponse:
            sid = str(payload["call_sid"])
            if payload.get("call_status") in CALL_OVER and payload.get("direction", "inbound") == "inbound":
                call = self.calls.pop(sid, None)
                if call is None and self._load(sid) is not None:
                    # a call from before a restart: the assistant is told as for any other
                    call = self._known_call(payload, request, on_new_message)
                    self.calls.pop(sid, None)
                try:
                    self.states.forget(sid)
                except STORE_ERRORS:
                    pass  # expires by itself
                if call is not None:
                    await call.ivr.on_hangup()
            return response.json({})

        return hooks
