"""Tickets: what a human operator or supervisor must pick up, with enough context to act."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.decision import TRANSFER, Row, first_match
from bot.contract import Handover, json_message
from desk.live_events import announce_change
from store import livechat, queries
from store.clock import now
from store.vocabulary import LIVE_TRANSFER_KINDS, NO_OPERATOR_CALLBACK, TicketKind

logger = logging.getLogger(__name__)


def _recent_customer_messages(tracker: Tracker, limit: int = 6) -> List[Text]:
    """What the customer wrote or said; a channel's payloads («/inform{"phone": …}» for a caller id) are left out,
    so the summary never shows a whole phone number."""
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return [t for t in texts if t and not t.startswith("/")][-limit:]


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


@dataclass(frozen=True)
class DeskFacts:
    """Whether a chat hand-over can reach a human now."""

    chat: bool  # a chat channel; a call is transferred by the telephony, which knows its own agents
    in_hours: bool  # inside DESK_WORKING_HOURS (always, when none are set)
    desk_in_use: bool  # the desk has accounts; without any, a hand-over is a ticket only, as before the desk
    operators_online: bool  # somebody has the desk open


LIVE = None  # the chat is queued for the desk
# Otherwise the customer hears the truth (the response), a callback ticket is filed and the assistant goes on.
WHO_ANSWERS = (
    Row(dict(chat=False), LIVE),
    Row(dict(in_hours=False), "utter_operators_after_hours"),
    Row(dict(desk_in_use=False), LIVE),
    Row(dict(operators_online=False), "utter_operators_offline"),
    Row(dict(), LIVE),
)


def nobody_to_answer(facts: DeskFacts) -> Optional[Text]:
    """The response telling the customer no human can answer now, or None: a human will."""
    return first_match(WHO_ANSWERS, facts)


def desk_facts(channel: Text) -> DeskFacts:
    if channel not in livechat.CHAT_CHANNELS:
        return DeskFacts(chat=False, in_hours=True, desk_in_use=False, operators_online=False)
    return DeskFacts(chat=True, in_hours=livechat.within(livechat.working_hours(), now()),
                     desk_in_use=livechat.desk_in_use(), operators_online=livechat.operators_online() > 0)


def _callback_instead(dispatcher: CollectingDispatcher, response: Text) -> None:
    """The transfer phrase promised a specialist on the line: it is withdrawn and the truth said instead, and the
    customer goes on with the assistant (the script's closing question, as after any answered topic)."""
    dispatcher.messages[:] = [m for m in dispatcher.messages if m.get("response") != TRANSFER]
    hours = livechat.working_hours()
    opens, closes = (h.strftime("%H:%M") for h in hours) if hours else ("", "")
    dispatcher.utter_message(response=response, opens=opens, closes=closes)
    dispatcher.utter_message(response="utter_anything_else")


def open_ticket(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    kind: Text,
    reason: Text,
    order_id: Optional[Text] = None,
) -> int:
    """Store the ticket and tell the channel (bot.contract.Handover: voice transfers, chats log it). A chat
    hand-over nobody can take now becomes a callback ticket (see WHO_ANSWERS)."""
    channel = input_channel(tracker)
    if kind in LIVE_TRANSFER_KINDS and (response := nobody_to_answer(desk_facts(channel))):
        _callback_instead(dispatcher, response)
        kind, reason = TicketKind.CALLBACK, f"{reason}; {NO_OPERATOR_CALLBACK}"
    ticket_id = queries.create_ticket(
        kind=kind, reason=reason, conversation_id=tracker.sender_id, customer_id=tracker.get_slot("customer_id"),
        order_id=order_id, summary=conversation_summary(tracker, reason, order_id), channel=channel,
    )
    if kind in LIVE_TRANSFER_KINDS:
        # On a chat channel the operator desk queues it for a human to take (voice is transferred by telephony).
        livechat.open_live_chat(ticket_id, tracker.sender_id, channel)
    announce_change(ticket_id)  # every desk process shows it at once (with Redis; else at their next poll)
    handover = Handover(ticket_id=ticket_id, kind=kind, reason=reason, order_id=order_id,
                        customer_id=tracker.get_slot("customer_id"))
    dispatcher.utter_message(json_message=json_message(handover))
    logger.info("ticket #%s [%s] opened", ticket_id, kind)
    return ticket_id
