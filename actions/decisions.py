"""Carrying out a Decision of a rules table: say its phrases, open its ticket, leave its question open."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.decision import Decision
from actions.tickets import open_ticket


def carry_out(
    decision: Decision,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    values: Dict[Text, Any],
    order_id: Optional[Text] = None,
) -> List[EventType]:
    for response in decision.responses:
        dispatcher.utter_message(response=response, **values)
    if decision.ticket:
        open_ticket(dispatcher, tracker, decision.ticket.kind, decision.ticket.reason, order_id)
    if decision.closes_topic:
        dispatcher.utter_message(response="utter_anything_else", **values)
    return [SlotSet("pending_question", decision.question)]
