"""The channel contract: the machine-readable payloads the actions send to the front ends, typed, written and read here.

An action sends a payload with `dispatcher.utter_message(json_message=json_message(payload))`; every channel
receives it as a reply of its own, `{"custom": {...}}`, with no text, and reads it back with
`read_custom(reply["custom"])`. A payload a front end does not know, or a malformed one, is logged and ignored:
an older front end keeps working next to a newer assistant. No Rasa imports, so the actions, the Rasa server
and the separate front-end processes share this one module.

The payloads, who sends them and what each channel does on them:

`Handover` — `{"handover": {"ticket_id": 7, "kind": "operator", "reason": "…", "order_id": "1000037" | null,
"customer_id": "C001" | null}}`. A human takes over; the ticket is already stored (kind: operator, supervisor,
…). Sent by `actions.tickets.open_ticket`, i.e. by every action that hands over (operator request, a second
misunderstanding, topics only a human handles). Voice: transfer to the operators with the ticket and where the
conversation stood in SIP headers. Telegram: logged (the operator picks the ticket up from the store). Terminal
chat: shows the ticket number.

`EndConversation` — `{"end_conversation": true}`. The assistant has said its last word. Sent by
`action_goodbye` (after the farewell and the rating question), `action_repeat_last_answer` (the same answer
three times) and `action_profanity` (second offence). Voice: hang up, after one short listen when the farewell
offers buttons (the 1–5 rating). Telegram: logged; the chat stays open. Terminal chat: nothing.

`ExpectIdentity` — `{"expect": "identity"}`. The assistant has just asked for the customer's phone or ФИО.
Sent by `action_ask_identity_query`. Telegram: the «share phone» contact button under that question. Voice:
the caller's number is offered once as `/inform{"phone": "+7…"}` instead of the question. Terminal chat: nothing.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Any, Callable, Dict, List, Mapping, Optional, Union

from pydantic import StrictInt
from pydantic.dataclasses import dataclass

logger = logging.getLogger(__name__)

HANDOVER = "handover"
END_CONVERSATION = "end_conversation"
EXPECT = "expect"
IDENTITY = "identity"


@dataclass(frozen=True)
class Handover:
    """A human takes over: the stored ticket and what the operator needs first."""

    ticket_id: StrictInt
    kind: str
    reason: str = ""
    order_id: Optional[str] = None
    customer_id: Optional[str] = None


@dataclass(frozen=True)
class EndConversation:
    """The assistant has said its last word (voice hangs up)."""


@dataclass(frozen=True)
class ExpectIdentity:
    """The assistant has asked for a phone or ФИО: a channel that knows a verified phone may offer it."""


Payload = Union[Handover, EndConversation, ExpectIdentity]


def json_message(payload: Payload) -> Dict[str, Any]:
    """The `json_message` an action passes to `dispatcher.utter_message` for the payload."""
    if isinstance(payload, Handover):
        return {HANDOVER: dataclasses.asdict(payload)}
    if isinstance(payload, EndConversation):
        return {END_CONVERSATION: True}
    if isinstance(payload, ExpectIdentity):
        return {EXPECT: IDENTITY}
    raise TypeError(f"not a channel payload: {type(payload).__name__}")


def _handover(value: Any) -> Handover:
    if not isinstance(value, Mapping):
        raise ValueError("not an object")
    known = {f.name for f in dataclasses.fields(Handover)}
    return Handover(**{name: item for name, item in value.items() if name in known})


def _end_conversation(value: Any) -> EndConversation:
    if value is not True:
        raise ValueError("not true")
    return EndConversation()


def _expect(value: Any) -> ExpectIdentity:
    if value != IDENTITY:
        raise ValueError("unknown expectation")
    return ExpectIdentity()


_READERS: Dict[str, Callable[[Any], Payload]] = {
    HANDOVER: _handover, END_CONVERSATION: _end_conversation, EXPECT: _expect,
}


def read_custom(custom: Any) -> List[Payload]:
    """The payloads in a reply's `custom`, in order; unknown or malformed ones are logged and left out."""
    if custom is None:
        return []
    if not isinstance(custom, Mapping):
        logger.warning("custom reply ignored: a %s, not an object", type(custom).__name__)
        return []
    payloads: List[Payload] = []
    for key, value in custom.items():
        reader = _READERS.get(key)
        if reader is None:
            logger.warning("unknown custom payload %r ignored", str(key)[:40])
            continue
        try:
            payloads.append(reader(value))
        except (TypeError, ValueError) as error:  # pydantic's ValidationError is a ValueError
            # The error names the fields, never their values (they may be a customer's data).
            logger.warning("malformed %r payload ignored: %s", key, " ".join(str(error).split())[:200])
    return payloads
