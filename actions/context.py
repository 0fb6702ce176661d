"""Who the customer is and which order the conversation is about, read from the tracker's slots and entities."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker

from bot.russian.entities import FINDERS
from store import queries
from store.models import Customer, Order
from store.vocabulary import CLOSED_STATUSES


def identified_customer(tracker: Tracker) -> Optional[Customer]:
    customer_id = tracker.get_slot("customer_id")
    return queries.customer_by_id(customer_id) if customer_id else None


def is_open(order: Order) -> bool:
    """Closed orders (their story is over) and bought-out ones are not the likely subject of a question."""
    return order.status not in CLOSED_STATUSES and order.bought_out_at is None


def likely_orders(customer: Customer) -> List[Order]:
    """The orders a question is probably about: the open ones, or all of them when none is open."""
    open_orders = [o for o in customer.orders if is_open(o)]
    return open_orders or list(customer.orders)


def extracted(tracker: Tracker, entity: Text) -> List[Any]:
    """Values of an entity in the latest message, as the NLU pipeline (or a payload's JSON) gave them."""
    return [e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == entity]


def found_in(tracker: Tracker, entity: Text, text: Text) -> List[Any]:
    """Values of an entity in a form slot's text: the pipeline's when the text is the latest message.

    A form also validates slots filled in an earlier turn (Rasa re-validates them when the form is
    activated again) or set by an action; the latest message's entities say nothing about those, so
    such a text is parsed here with the finder the pipeline uses.
    """
    if text == (tracker.latest_message.get("text") or ""):
        return extracted(tracker, entity)
    return [m.value for m in FINDERS[entity](text)]


def order_named_in_message(tracker: Tracker, customer: Customer) -> Optional[Order]:
    """An order number in the latest message selects among this customer's orders (never identifies)."""
    by_id = {o.id: o for o in customer.orders}
    for number in extracted(tracker, "order_number"):
        if number in by_id:
            return by_id[number]
    return None


def current_order(tracker: Tracker, customer: Customer, candidates: Optional[List[Order]] = None) -> Optional[Order]:
    """The order in question: named now, chosen before, or the only candidate (default: the likely ones)."""
    named = order_named_in_message(tracker, customer)
    if named:
        return named
    candidates = likely_orders(customer) if candidates is None else candidates
    chosen = tracker.get_slot("order_id")
    for order in candidates:
        if order.id == chosen:
            return order
    return candidates[0] if len(candidates) == 1 else None


def identity_slots(customer: Customer) -> Dict[Text, Any]:
    """Slots that mark the customer identified; an only likely order is taken at once (SPEC §2.7)."""
    likely = likely_orders(customer)
    return {
        "customer_id": customer.id,
        "customer_io": customer.first_and_middle,
        "identified": True,
        "candidate_ids": None,
        "candidate_fio": None,
        "order_id": likely[0].id if len(likely) == 1 else None,
    }
