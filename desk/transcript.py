"""The conversation as the operator reads it, from the Rasa tracker: every turn with its time and who spoke,
the identification state and the part of the script the assistant was in."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from bot.contract import EndConversation, Handover, read_custom

DESK_AUTHOR = "desk_author"  # bot-event metadata: which operator (or the desk on the assistant's behalf) said it
# What a channel sent as an intent payload («/operator_request» for the key 0, «/inform{…}» for the caller id):
# told in words, without the entities (a phone number is never shown whole).
PAYLOAD_NOTES: Dict[str, str] = {
    "greet": "клиент на связи",
    "inform": "канал передал данные клиента (номер по определителю)",
    "operator_request": "клиент выбрал «оператор»",
}


@dataclass(frozen=True)
class Turn:
    who: str  # customer | assistant | operator | system
    author: str
    text: str
    at: dt.datetime

    @property
    def time_text(self) -> str:
        return self.at.strftime("%H:%M:%S")


def _custom_note(custom: Any) -> Optional[str]:
    for payload in read_custom(custom):
        if isinstance(payload, Handover):
            return f"передача человеку: тикет №{payload.ticket_id} ({payload.kind})"
        if isinstance(payload, EndConversation):
            return "ассистент завершил разговор"
    return None


def turns(tracker: Dict[str, Any]) -> List[Turn]:
    result: List[Turn] = []
    for event in tracker.get("events") or []:
        kind, at = event.get("event"), dt.datetime.fromtimestamp(event.get("timestamp") or 0)
        if kind == "user" and (event.get("text") or "").startswith("/"):
            intent = event["text"][1:].split("{", 1)[0]
            result.append(Turn("system", "", PAYLOAD_NOTES.get(intent, f"команда канала: {intent}"), at))
        elif kind == "user" and event.get("text"):
            result.append(Turn("customer", "Клиент", event["text"], at))
        elif kind == "bot":
            metadata = event.get("metadata") or {}
            author = metadata.get(DESK_AUTHOR)
            data = event.get("data") or {}
            if event.get("text"):
                if author and author != "assistant":
                    result.append(Turn("operator", f"Оператор {author}", event["text"], at))
                else:
                    result.append(Turn("assistant", "Ассистент", event["text"], at))
            elif data.get("custom") and (note := _custom_note(data["custom"])):
                result.append(Turn("system", "", note, at))
        elif kind == "pause":
            result.append(Turn("system", "", "ассистент приостановлен: говорит оператор", at))
        elif kind == "resume":
            result.append(Turn("system", "", "ассистент снова ведёт разговор", at))
    return result


@dataclass(frozen=True)
class Identification:
    identified: bool
    customer_id: Optional[str]
    customer_io: Optional[str]
    method: Optional[str]
    order_id: Optional[str]
    topic: Optional[str]
    paused: bool


def identification(tracker: Dict[str, Any]) -> Identification:
    slots = tracker.get("slots") or {}
    return Identification(
        identified=bool(slots.get("identified")), customer_id=slots.get("customer_id"),
        customer_io=slots.get("customer_io"), method=slots.get("identity_method"), order_id=slots.get("order_id"),
        topic=slots.get("last_topic") or slots.get("pending_topic"), paused=bool(tracker.get("paused")),
    )
