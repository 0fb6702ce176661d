"""Topics that need an identified customer (and often one order) before they can be answered.

A topic action first makes sure it knows the customer and the order; if not, it remembers itself in
`pending_topic` and sets `identification_needed`, on which a rule starts `identification_form`. When the form completes, `action_resume_topic`
answers the remembered topic, so every topic shares one identification path.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Type

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import current_order, identified_customer, order_named_in_message
from store.models import Customer, Order

REGISTRY: Dict[Text, Type["TopicAction"]] = {}


class TopicAction(Action):
    topic: Text = ""
    action_name: Text = ""
    needs_order: bool = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.topic:
            REGISTRY[cls.topic] = cls

    def name(self) -> Text:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        customer = identified_customer(tracker)
        if customer is None:
            return self._identify_first(tracker)
        order = current_order(tracker, customer) if self.needs_order else None
        if self.needs_order and order is None and customer.orders:
            return self._identify_first(tracker)
        events: List[EventType] = [SlotSet("pending_topic", None), SlotSet("last_topic", self.topic),
                                   SlotSet("identification_needed", False)]
        if order is not None and order.id != tracker.get_slot("order_id"):
            events.append(SlotSet("order_id", order.id))
        return events + self.answer(dispatcher, tracker, customer, order)

    def _identify_first(self, tracker: Tracker) -> List[EventType]:
        events: List[EventType] = [SlotSet("pending_topic", self.topic)]
        if tracker.get_slot("customer_id") is None and _carries_identity(tracker):
            # The question came with a phone or ФИО («где посылка, 8 916 …»): don't ask for it again.
            events.append(SlotSet("identity_query", tracker.latest_message.get("text")))
        # A rule sees this slot and runs identification_form next (data/rules/identification.yml).
        return events + [SlotSet("identification_needed", True)]

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: Customer,
               order: Optional[Order]) -> List[EventType]:
        raise NotImplementedError


def _carries_identity(tracker: Tracker) -> bool:
    return any(e.get("entity") in ("phone", "person") for e in tracker.latest_message.get("entities", []))


class ActionResumeTopic(Action):
    """Runs after identification_form: answers what the customer asked before being identified."""

    def name(self) -> Text:
        return "action_resume_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_slot("identification_failed") or not tracker.get_slot("customer_id"):
            return [SlotSet("pending_topic", None), SlotSet("identification_needed", False)]
        topic = tracker.get_slot("pending_topic")
        action_class = REGISTRY.get(topic or "")
        events = await action_class().run(dispatcher, tracker, domain) if action_class else []
        if not events or SlotSet("identification_needed", True) in events:
            # Nothing left to answer (or still not answerable): hand the turn back to the customer.
            dispatcher.utter_message(response="utter_how_can_help")
            events = [SlotSet("pending_topic", None)]
        return events + [SlotSet("identification_needed", False)]


class ActionIdentify(TopicAction):
    """The customer gives data without a question: identify them, or, once identified, take an order
    number as a choice for the topic in hand («а второй где? 2000101»)."""

    topic = "identify"
    action_name = "action_identify"
    needs_order = False

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        customer = identified_customer(tracker)
        if customer is not None and order_named_in_message(tracker, customer) is not None:
            last = tracker.get_slot("last_topic")
            follow = REGISTRY[last] if last in REGISTRY and last != self.topic else REGISTRY["order_status"]
            return await follow().run(dispatcher, tracker, domain)
        return await super().run(dispatcher, tracker, domain)

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: Customer,
               order: Optional[Order]) -> List[EventType]:
        dispatcher.utter_message(response="utter_how_can_help")
        return []
