"""«Отправьте по СМС»: the last answer sent to the customer's phone as text, through a ticket of kind `sms`.

The store has no SMS gateway of its own: the back office sends SMS (the autodial's «смс-информирование» is
theirs too), so the request is a ticket carrying the phone and the text, as every other piece of back-office
work is. Offered on the phone after a reply too long to take in by ear (bot/voice/ivr.py).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.discipline import _bot_turns, _response_of
from actions.tickets import input_channel
from bot.russian.phones import mask_phone, normalize_phone
from bot.voice.numbers import say_groups
from desk.live_events import announce_change
from store import queries
from store.vocabulary import TicketKind

logger = logging.getLogger(__name__)

# Where a voice channel puts the caller's number in the message metadata (bot/voice/ivr.py).
CALLER_PHONE = "caller_phone"


def sms_phone(tracker: Tracker) -> Optional[Text]:
    """The identified customer's phone from the CRM, else the number the caller rang from."""
    customer_id = tracker.get_slot("customer_id")
    customer = queries.customer_by_id(customer_id) if customer_id else None
    if customer is not None and customer.phones:
        return customer.phones[0].phone
    return normalize_phone(str((tracker.latest_message.get("metadata") or {}).get(CALLER_PHONE) or ""))


# Phrases that carry nothing worth an SMS: the questions that close or open a turn, the clarification.
NOT_SENT = frozenset({"utter_anything_else", "utter_how_can_help", "utter_default", "utter_clarify",
                      "utter_sms_sent", "utter_sms_no_phone", "utter_sms_nothing_to_send"})


def last_answer(tracker: Tracker) -> List[Text]:
    """The texts of the assistant's answer just before this request, without its closing question."""
    earlier = [turn for turn in _bot_turns(tracker)[:-1] if turn]
    if not earlier:
        return []
    return [e.get("text") or "" for e in earlier[-1] if _response_of(e) not in NOT_SENT]


def phone_end(phone: Text, spoken: bool) -> Text:
    """The last four digits, as a listener recognises their number: «ноль один, ноль один» / "01-01"."""
    end = phone[-4:]
    return say_groups([end[:2], end[2:]]) if spoken else f"{end[:2]}-{end[2:]}"


class ActionSendSms(Action):
    def name(self) -> Text:
        return "action_send_sms"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        texts = last_answer(tracker)
        if not texts:
            dispatcher.utter_message(response="utter_sms_nothing_to_send")
            return []
        phone = sms_phone(tracker)
        if phone is None:
            dispatcher.utter_message(response="utter_sms_no_phone")
            return []
        text = "\n".join(texts)
        ticket_id = queries.create_ticket(
            kind=TicketKind.SMS, reason=f"отправить СМС на {phone}", conversation_id=tracker.sender_id,
            customer_id=tracker.get_slot("customer_id"), order_id=tracker.get_slot("order_id"),
            summary=f"Текст СМС:\n{text}", channel=input_channel(tracker),
        )
        announce_change(ticket_id)  # in every desk process's queue at once (desk/live_events.py)
        logger.info("ticket #%s [sms] to %s, %d characters", ticket_id, mask_phone(phone), len(text))
        spoken = (tracker.latest_message.get("metadata") or {}).get("channel") == "voice"
        dispatcher.utter_message(response="utter_sms_sent", sms_phone_end=phone_end(phone, spoken))
        return []
