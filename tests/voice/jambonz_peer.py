"""A fake jambonz: drives one call through the webhooks the way jambonz does (signed POSTs with the
call hook, gather action hook, dial action hook and status payloads), checks every payload it sends
against jambonz's callback schemas and every verb array it gets back against the verb schemas."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any, Dict, List, Optional

import requests

from tests.voice.schemas import JambonzSchemas

Verbs = List[Dict[str, Any]]


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
    def __init__(self, base_url: str, secret: str, schemas: JambonzSchemas, caller: str = "+79001000101") -> None:
        self.base_url = base_url.rstrip("/") + "/webhooks/jambonz"
        self.secret = secret
        self.schemas = schemas
        self.call_sid = str(uuid.uuid4())
        self.caller = caller
        self.responses: List[Verbs] = []  # every verb array the application returned, in order

    @property
    def conversation_id(self) -> str:
        return f"jambonz-{self.call_sid}"

    def _base(self) -> Dict[str, Any]:
        return {"call_sid": self.call_sid, "account_sid": "acct-1", "application_sid": "app-1",
                "direction": "inbound", "from": self.caller, "to": "+74950000000", "call_id": f"{self.call_sid}@sbc",
                "call_status": "in-progress", "sip_status": 200, "sip_reason": "OK"}

    def post(self, hook: str, payload: Dict[str, Any], callback_schema: str, signed: bool = True) -> requests.Response:
        problems = self.schemas.errors(f"callbacks/{callback_schema}", payload)
        assert not problems, f"the fake jambonz itself sent an invalid {callback_schema} payload: {problems}"
        body = json.dumps(payload).encode()
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

    def say(self, transcript: str, confidence: float = 0.9) -> Verbs:
        payload = {**self._base(), "reason": "speechDetected", "speech": {
            "language_code": "ru-RU", "is_final": True,
            "alternatives": [{"transcript": transcript, "confidence": confidence}]}}
        return self._verbs("action", payload, "gather")

    def press(self, digits: str) -> Verbs:
        return self._verbs("action", {**self._base(), "reason": "dtmfDetected", "digits": digits}, "gather")

    def stay_silent(self) -> Verbs:
        return self._verbs("action", {**self._base(), "reason": "timeout"}, "gather")

    def dial_ended(self, status: str) -> Verbs:
        payload = {**self._base(), "dial_call_status": status, "dial_sip_status": 200 if status == "completed" else 486,
                   "dial_call_sid": str(uuid.uuid4())}
        return self._verbs("transfer", payload, "dial")

    def hang_up(self) -> None:
        payload = {**self._base(), "call_status": "completed", "call_termination_by": "caller", "duration": 42}
        assert self.post("status", payload, "call-status").status_code == 200
