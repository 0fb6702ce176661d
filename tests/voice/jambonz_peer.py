"""A fake jambonz: drives one call through the webhooks the way jambonz does (signed POSTs with the
call hook, gather action hook, dial action hook and status payloads), checks every payload it sends
against jambonz's callback schemas and every verb array it gets back against the verb schemas.

Where the outcome depends on the verbs it was given, it decides as jambonz-feature-server (0.9.x) does:
- the recognizer: lib/tasks/stt-task.js `SttTask.exec` takes a vendor of "default" (or none) as the
  application's, and `_initSpeechCredentials` fails a vendor the account has no credentials for: the gather
  then ends with no actionHook at all (lib/tasks/gather.js `TaskGather.exec` on SpeechCredentialError);
- a final transcript: lib/tasks/gather.js `TaskGather._onTranscription` drops an empty one and goes on
  listening (the gather then times out), and resolves one whose confidence is below the gather's
  `recognizer.minConfidence` as 'stt-low-confidence'; `TaskGather._resolve` then posts {reason} alone;
- a REFER: lib/tasks/sip_refer.js `TaskSipRefer.exec` posts {refer_status} alone only when the PBX refused
  the REFER; after a 202 it waits for the NOTIFY whose sipfrag holds the referred call's final status, and
  `_handleNotify` posts {refer_status: 202, final_referred_call_status: <that status>} whatever it was.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any, Dict, List, Optional, Sequence

import requests

from tests.voice.schemas import JambonzSchemas

Verbs = List[Dict[str, Any]]


class GatherFailed(AssertionError):
    """jambonz would end the gather without calling its actionHook (the caller is left in silence)."""


def sign(body: bytes, secret: str, timestamp: Optional[int] = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def heard(verbs: Verbs) -> str:
    """Everything the caller hears from one response: say verbs and the prompts nested in gather."""
    texts = []
    for verb in verbs:
        if verb["verb"] == "say":
            texts.append(verb["text"])
        elif verb["verb"] == "gather" and verb.get("say"):
            texts.append(verb["say"]["text"])
    return " ".join(texts)


class FakeJambonz:
    def __init__(self, base_url: str, secret: str, schemas: JambonzSchemas, caller: str = "+79001000101",
                 application_recognizer: str = "google", account_stt_vendors: Sequence[str] = ("google",)) -> None:
        self.base_url = base_url.rstrip("/") + "/webhooks/jambonz"
        self.secret = secret
        self.schemas = schemas
        self.call_sid = str(uuid.uuid4())
        self.caller = caller
        self.application_recognizer = application_recognizer  # the application's speech defaults in the portal
        self.account_stt_vendors = set(account_stt_vendors)  # vendors the account has speech credentials for
        self.responses: List[Verbs] = []  # every verb array the application returned, in order
        self.payloads: List[Dict[str, Any]] = []  # every hook payload sent, in order

    @property
    def conversation_id(self) -> str:
        return f"jambonz-{self.call_sid}"

    def _base(self) -> Dict[str, Any]:
        return {"call_sid": self.call_sid, "account_sid": "acct-1", "application_sid": "app-1",
                "direction": "inbound", "from": self.caller, "to": "+74950000000", "call_id": f"{self.call_sid}@sbc",
                "call_status": "in-progress", "sip_status": 200, "sip_reason": "OK"}

    def post(self, hook: str, payload: Dict[str, Any], callback_schema: str, signed: bool = True,
             as_schema_reads: Optional[Dict[str, Any]] = None) -> requests.Response:
        """`as_schema_reads`: the payload as the published schema types it, where the feature server's own
        values differ in type (checked instead of the payload, which is sent as the feature server sends it)."""
        problems = self.schemas.errors(f"callbacks/{callback_schema}", as_schema_reads or payload)
        assert not problems, f"the fake jambonz itself sent an invalid {callback_schema} payload: {problems}"
        self.payloads.append(payload)
        return self.post_body(hook, json.dumps(payload).encode(), signed)

    def post_body(self, hook: str, body: bytes, signed: bool = True) -> requests.Response:
        """Any body, signed with the application's secret (a valid signature does not make a body a call's)."""
        headers = {"Content-Type": "application/json"}
        if signed:
            headers["Jambonz-Signature"] = sign(body, self.secret)
        return requests.post(f"{self.base_url}/{hook}", data=body, headers=headers, timeout=90)

    def _verbs(self, hook: str, payload: Dict[str, Any], callback_schema: str) -> Verbs:
        response = self.post(hook, payload, callback_schema)
        assert response.status_code == 200, response.text
        verbs = response.json()
        problems = self.schemas.app_errors(verbs)
        assert not problems, f"response to {hook} is not a valid jambonz application: {problems}\n{verbs}"
        self.responses.append(verbs)
        return verbs

    # --- the caller's side of the call ---

    def dial_in(self) -> Verbs:
        payload = {**self._base(), "call_status": "trying", "caller_id": self.caller, "caller_name": "",
                   "sip": {"method": "INVITE", "headers": {"From": f"<sip:{self.caller}@carrier>"}}}
        payload.pop("sip_status"), payload.pop("sip_reason")
        return self._verbs("call", payload, "session-new")

    def _pending(self, verb_name: str) -> Dict[str, Any]:
        """The verb of the last response that jambonz is executing when the caller acts."""
        assert self.responses, "no verbs yet"
        found = [v for v in self.responses[-1] if v["verb"] == verb_name]
        assert found, f"the call is not in a {verb_name} now: {self.responses[-1]}"
        return found[-1]

    def _hook(self, verb: Dict[str, Any]) -> str:
        prefix = "/webhooks/jambonz/"
        assert verb["actionHook"].startswith(prefix), verb["actionHook"]
        return verb["actionHook"][len(prefix):]

    def recognizer_vendor(self) -> str:
        """stt-task.js SttTask.exec: "default" or no vendor is the application's; no credentials: no result."""
        gather = self._pending("gather")
        assert "speech" in gather.get("input", ["digits"]), f"the gather does not listen for speech: {gather}"
        vendor = (gather.get("recognizer") or {}).get("vendor")
        if vendor in (None, "", "default"):
            vendor = self.application_recognizer
        return vendor

    def say(self, transcript: str, confidence: float = 0.9) -> Verbs:
        gather = self._pending("gather")
        vendor = self.recognizer_vendor()
        if vendor not in self.account_stt_vendors:
            raise GatherFailed(f"no speech-to-text credentials for {vendor}: the gather ends without an actionHook")
        if not transcript.strip():  # gather.js _onTranscription: an empty final transcript, listening goes on
            return self._verbs(self._hook(gather), {**self._base(), "reason": "timeout"}, "gather")
        floor = (gather.get("recognizer") or {}).get("minConfidence")
        if confidence and floor and confidence < floor:  # gather.js _onTranscription → _resolve
            return self._verbs(self._hook(gather), {**self._base(), "reason": "stt-low-confidence"}, "gather")
        payload = {**self._base(), "reason": "speechDetected", "speech": {
            "language_code": "ru-RU", "is_final": True,
            "alternatives": [{"transcript": transcript, "confidence": confidence}]}}
        return self._verbs(self._hook(gather), payload, "gather")

    def press(self, digits: str) -> Verbs:
        payload = {**self._base(), "reason": "dtmfDetected", "digits": digits}
        return self._verbs(self._hook(self._pending("gather")), payload, "gather")

    def stay_silent(self) -> Verbs:
        """The gather's timeout (also: a caller waiting quietly on hold, whose short listens end so)."""
        return self._verbs(self._hook(self._pending("gather")), {**self._base(), "reason": "timeout"}, "gather")

    def dial_ended(self, status: str) -> Verbs:
        payload = {**self._base(), "dial_call_status": status, "dial_sip_status": 200 if status == "completed" else 486,
                   "dial_call_sid": str(uuid.uuid4())}
        return self._verbs(self._hook(self._pending("dial")), payload, "dial")

    def refer_ended(self, final_status: int, refer_status: int = 202) -> Verbs:
        """The PBX answered the REFER with `refer_status`; after a 202, the referred call ended with
        `final_status` (sip_refer.js _handleNotify: the sipfrag's status, a regex capture: a string)."""
        refer = self._pending("sip:refer")
        payload: Dict[str, Any] = {**self._base(), "refer_status": refer_status}
        if refer_status != 202:
            return self._verbs(self._hook(refer), payload, "sip-refer")
        sent = {**payload, "final_referred_call_status": str(final_status)}
        response = self.post(self._hook(refer), sent, "sip-refer",
                             as_schema_reads={**payload, "final_referred_call_status": final_status})
        assert response.status_code == 200, response.text
        verbs = response.json()
        problems = self.schemas.app_errors(verbs)
        assert not problems, f"response to the REFER's actionHook is not a valid jambonz application: {problems}"
        self.responses.append(verbs)
        return verbs

    def hang_up(self) -> None:
        payload = {**self._base(), "call_status": "completed", "call_termination_by": "caller", "duration": 42}
        assert self.post("status", payload, "call-status").status_code == 200
