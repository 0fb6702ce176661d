"""Identification (SPEC §2, script «ПРИВЕТСТВИЕ»): by phone with the ФИО read back, or by ФИО and city.

An order number never identifies anyone; once identified, it only picks among the customer's orders.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import found_in, identity_slots
from actions.order_choice import describe_orders, match_order
from actions.topics import BY_INTENT, SWITCHED, TOPICS
from bot.contract import ExpectIdentity, json_message
from bot.russian.names import person_matches
from bot.russian.phones import normalize_phone
from bot.russian.places import city_matches
from store import queries
from store.models import Customer, Order

SWITCH_CONFIDENCE = 0.75
NOT_FOUND = {"identification_failed": True, "candidate_ids": None, "candidate_fio": None}
# Asked aside while identification waits (rules answer them): then the question comes again as it was.
ASIDES = frozenset({"ask_bot_name", "personal_question"})
# How a channel marks a phone it offered itself (bot/voice/ivr.py): the caller did not say it.
CALLER_ID = "caller_id"


def _offered_by_caller_id(tracker: Tracker) -> bool:
    return (tracker.latest_message.get("metadata") or {}).get("phone_source") == CALLER_ID


def _phone_in(tracker: Tracker, text: Text) -> Optional[Text]:
    found = found_in(tracker, "phone", text)
    if found:
        return found[0]
    # Asked for a phone, a bare «9161234567» is one; the pipeline, which cannot know what was asked,
    # takes it for an order number in free text: so this answer's digits are read here.
    digits = re.sub(r"[\s()+-]", "", text)
    return normalize_phone(digits) if digits.isdigit() and len(digits) >= 10 else None


def _orders_to_choose_from(tracker: Tracker, customer: Customer) -> List[Order]:
    """The orders the pending topic may be about, when it needs one."""
    topic = TOPICS.get(tracker.get_slot("pending_topic") or "")
    return topic.orders_of(customer) if topic and topic.needs_order else []


class ValidateIdentificationForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_identification_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        if tracker.get_slot("identification_failed"):
            return []
        if not tracker.get_slot("customer_id"):
            method = tracker.get_slot("identity_method")
            follow_up = {"phone": ["identity_confirmed"], "name": ["identity_city"]}.get(method or "", [])
            return ["identity_query", *follow_up]
        # Listed while the choice matters, even once filled, so that the answer gets validated.
        customer = queries.customer_by_id(tracker.get_slot("customer_id"))
        if customer and len(_orders_to_choose_from(tracker, customer)) > 1:
            return ["order_id"]
        return []

    def validate_identity_query(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        text = str(value or "")[:500]
        phone = _phone_in(tracker, text)
        if phone:
            customers = queries.customers_by_phone(phone)
            if not customers and _offered_by_caller_id(tracker):
                # 004 «Карта клиента не подгрузилась: Уточните, пожалуйста, номер телефона/ФИО…»: the caller
                # may have ordered with another number; the question is asked (action_ask_identity_query).
                return {"identity_query": None}
            if not customers:
                dispatcher.utter_message(response="utter_customer_not_found")
                return {"identity_query": text, **NOT_FOUND}
            return {"identity_query": text, "identity_method": "phone", "identity_confirmed": None,
                    "candidate_ids": [c.id for c in customers], "candidate_fio": customers[0].full_name}
        person = next(iter(found_in(tracker, "person", text)), None)
        if person:
            matches = [c for c in queries.all_customers()
                       if person_matches(person, c.last_name, c.first_name, c.middle_name)]
            if not matches:
                dispatcher.utter_message(response="utter_customer_not_found")
                return {"identity_query": text, **NOT_FOUND}
            return {"identity_query": text, "identity_method": "name", "identity_city": None,
                    "candidate_ids": [c.id for c in matches]}
        switched = _topic_switch(tracker)
        if switched:  # «а как вернуть товар?»: a new question; the identification it needs goes on
            return {"identity_query": None, "pending_topic": switched}
        return {"identity_query": None}

    def validate_identity_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> Dict[Text, Any]:
        candidates = tracker.get_slot("candidate_ids") or []
        customer = queries.customer_by_id(candidates[0]) if candidates else None
        if value is True and customer:
            return {"identity_confirmed": True, **identity_slots(customer)}
        # «нет»: it is not them; ask for the data again (step 2 of SPEC §2).
        return {"identity_confirmed": None, "identity_query": None, "identity_method": None,
                "candidate_ids": None, "candidate_fio": None}

    def validate_identity_city(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        said = str(value or "")[:200]
        candidates = [queries.customer_by_id(cid) for cid in tracker.get_slot("candidate_ids") or []]
        # The answer is compared with each candidate's city (one typo allowed), not with the pipeline's
        # `city` entity: that one knows only the places it can recognise in free text.
        in_city = [c for c in candidates if c is not None and city_matches(said, c.city)]
        if len(in_city) == 1:
            return {"identity_city": said, **identity_slots(in_city[0])}
        dispatcher.utter_message(response="utter_customer_not_found")
        return {"identity_city": said, **NOT_FOUND}

    def validate_order_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        customer = queries.customer_by_id(tracker.get_slot("customer_id") or "")
        if customer is None:
            return {"order_id": None}
        said = str(value or "")
        order = match_order(said, found_in(tracker, "order_number", said), _orders_to_choose_from(tracker, customer),
                            customer.orders)
        if order is None:
            dispatcher.utter_message(response="utter_order_not_understood")
            return {"order_id": None}
        return {"order_id": order.id}


# Sub-intents of one group share the classifier's confidence between them: «хочу вернуть товар, пришёл
# бракованный» is return_defect 0.69, return_how 0.16, return_dislike 0.11, yet clearly about returns.
INTENT_GROUPS = ("order_change_", "return_", "autodial_", "bonus_card_", "info_")


def intent_group(intent: Text) -> Text:
    return next((prefix for prefix in INTENT_GROUPS if intent.startswith(prefix)), intent)


def _topic_switch(tracker: Tracker) -> Optional[Text]:
    """The topic a message clearly asks about, when it is not data: the customer changed the subject.

    Decided by the NLU of the answer: its top intent must be a topic (inform, affirm, deny and the like
    are not), and that intent's group must hold SWITCH_CONFIDENCE of the ranking; within the group of the
    topic being answered the intent itself must. An answer in the words of the question's own topic («не
    подошёл размер» to «почему не понравился?») is data; so is a short answer the classifier takes for
    data (an address, a name, a date), which ranks inform on top.
    """
    intent = tracker.latest_message.get("intent", {})
    name = intent.get("name") or ""
    topic = BY_INTENT.get(name)
    if topic is None or topic.name == "identify":
        return None
    group = intent_group(name)
    pending = TOPICS.get(tracker.get_slot("pending_topic") or "")
    if pending is not None and group in {intent_group(i) for i in pending.intents}:
        confidence = intent.get("confidence") or 0  # «хочу вернуть» to «почему не понравился?» insists
    else:
        ranking = tracker.latest_message.get("intent_ranking") or [intent]
        confidence = sum(r.get("confidence") or 0 for r in ranking if intent_group(r.get("name") or "") == group)
    return topic.name if confidence >= SWITCH_CONFIDENCE else None


def _story_answer(tracker: Tracker) -> bool:
    """The question asked for the customer's own story (Topic.story_steps): any words are the answer."""
    topic = TOPICS.get(tracker.get_slot("pending_topic") or "")
    return topic is not None and (tracker.get_slot("pending_step") or "") in topic.story_steps


class ValidateDetailsForm(FormValidationAction):
    """A free-text answer that is clearly a new question switches the topic instead of answering."""

    def name(self) -> Text:
        return "validate_details_form"

    def validate_details(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> Dict[Text, Any]:
        if not value:
            return {"details": None}
        switched = _topic_switch(tracker) if not _story_answer(tracker) else None
        if switched and switched != tracker.get_slot("pending_topic"):  # answered instead (ActionAnswerTopic)
            return {"details": str(value or ""), "pending_step": SWITCHED}
        return {"details": str(value or "")[:1000]}


class ActionAskIdentityQuery(Action):
    """Asks for phone or ФИО; a second time, says what form the answer should take."""

    def name(self) -> Text:
        return "action_ask_identity_query"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.latest_message.get("intent", {}).get("name") == "refuse_phone":
            return []  # the offer to give the ФИО instead has just asked
        asked_already = (_asked_before_latest_message(tracker) == "identity_query" and not _topic_switch(tracker)
                         and not _offered_by_caller_id(tracker)  # the caller has not heard the question yet
                         and tracker.latest_message.get("intent", {}).get("name") not in ASIDES)
        dispatcher.utter_message(response="utter_identity_not_understood" if asked_already else "utter_ask_identity_query")
        # Channels that know a verified phone (Telegram contact, caller id) may offer it now.
        dispatcher.utter_message(json_message=json_message(ExpectIdentity()))
        return []


def _asked_before_latest_message(tracker: Tracker) -> Optional[Text]:
    """The slot the form was asking for when the customer wrote their latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == "requested_slot":
            return event.get("value")
    return None


class ActionAskOrderId(Action):
    """Names the customer's orders briefly (number, date, first item) and asks which one."""

    def name(self) -> Text:
        return "action_ask_order_id"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        customer: Optional[Customer] = queries.customer_by_id(tracker.get_slot("customer_id") or "")
        if customer is None:
            return []
        orders = _orders_to_choose_from(tracker, customer)
        dispatcher.utter_message(
            response="utter_ask_order_id", customer_io=customer.first_and_middle, order_list=describe_orders(orders),
            buttons=[{"title": f"№ {o.id}", "payload": o.id} for o in orders],
        )
        return []
