"""Conversation-wide actions: session start, hand-over on request, yes/no answers, repeats."""
from __future__ import annotations

import os
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.decision import OPERATOR
from actions.tickets import open_ticket
from bot.contract import EndConversation, json_message
from store.vocabulary import OPERATOR_REQUESTED


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        return [
            SessionStarted(),
            SlotSet("bot_name", os.environ.get("ASSISTANT_NAME", "Алиса")),
            ActionExecuted("action_listen"),
        ]


class ActionGreet(Action):
    """The script's greeting; a phone or ФИО given in the same breath starts identification."""

    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_greet")
        entities = tracker.latest_message.get("entities", [])
        if tracker.get_slot("customer_id") or not any(e.get("entity") in ("phone", "person") for e in entities):
            return [SlotSet("next_step", "answered")]
        return [SlotSet("pending_topic", "identify"), SlotSet("identity_query", tracker.latest_message.get("text")),
                SlotSet("next_step", "identify")]


class ActionGoodbye(Action):
    """The farewell; channels end the conversation on bot.contract.EndConversation (voice hangs up)."""

    def name(self) -> Text:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_goodbye")
        dispatcher.utter_message(response="utter_ask_rating")  # optional: the customer may just leave
        dispatcher.utter_message(json_message=json_message(EndConversation()))
        return [SlotSet("rating_asked", True)]


class ActionHandOver(Action):
    """«Соедините с оператором» (or a topic only a human handles): transfer with a ticket, at any point."""

    def name(self) -> Text:
        return "action_hand_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        intent = tracker.latest_message.get("intent", {}).get("name") or ""
        reason = OPERATOR_REQUESTED if intent == "operator_request" else f"вопрос «{intent}»: консультирует оператор"
        dispatcher.utter_message(response="utter_transfer_to_specialist")
        open_ticket(dispatcher, tracker, OPERATOR, reason, tracker.get_slot("order_id"))
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("pending_topic", None),
                SlotSet("pending_question", None)]
