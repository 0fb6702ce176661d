"""Tickets: what a human operator or supervisor must pick up, with enough context to act."""
from __future__ import annotations

import logging
from typing import List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.contract import Handover, json_message
from store import livechat, queries
from store.vocabulary import LIVE_TRANSFER_KINDS

logger = logging.getLogger(__name__)


def _recent_customer_messages(tracker: Tracker, limit: int = 6) -> List[Text]:
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return [t for t in texts if t][-limit:]


def conversation_summary(tracker: Tracker, reason: Text, order_id: Optional[Text]) -> Text:
    customer = tracker.get_slot("customer_id")
    lines = [
        f"Тема: {tracker.latest_message.get('intent', {}).get('name') or 'не определена'}",
        f"Клиент: {customer} (идентифицирован)" if customer else "Клиент: не идентифицирован",
        f"Заказ: {order_id}" if order_id else "Заказ: не выбран",
        f"Причина: {reason}",
        "Сообщения клиента:",
    ]
    lines += [f"- {text[:300]}" for text in _recent_customer_messages(tracker)]
    return "\n".join(lines)


def input_channel(tracker: Tracker) -> Text:
    """Where the customer is: the Telegram front talks to Rasa's REST channel but marks its messages."""
    if "telegram" in (tracker.latest_message.get("metadata") or {}):
        return "telegram"
    return tracker.get_latest_input_channel() or "rest"


def open_ticket(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    kind: Text,
    reason: Text,
    order_id: Optional[Text] = None,
) -> int:
    """Store the ticket and tell the channel (bot.contract.Handover: voice transfers, chats log it)."""
    channel = input_channel(tracker)
    ticket_id = queries.create_ticket(
        kind=kind, reason=reason, conversation_id=tracker.sender_id, customer_id=tracker.get_slot("customer_id"),
        order_id=order_id, summary=conversation_summary(tracker, reason, order_id), channel=channel,
    )
    if kind in LIVE_TRANSFER_KINDS:
        # On a chat channel the operator desk queues it for a human to take (voice is transferred by telephony).
        livechat.open_live_chat(ticket_id, tracker.sender_id, channel)
    handover = Handover(ticket_id=ticket_id, kind=kind, reason=reason, order_id=order_id,
                        customer_id=tracker.get_slot("customer_id"))
    dispatcher.utter_message(json_message=json_message(handover))
    logger.info("ticket #%s [%s] opened", ticket_id, kind)
    return ticket_id
