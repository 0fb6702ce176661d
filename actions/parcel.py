"""«Где посылка?»: the script's answer for the order's CRM status and delivery method."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.decisions import carry_out
from actions.formatting import DELIVERY_WAY, russian_date
from actions.parcel_rules import ParcelFacts, decide
from actions.phone_book import phone_of
from actions.topics import TopicAction
from store import queries
from store.clock import today
from store.models import Customer, Order


def parcel_facts(order: Order, earlier_contacts: int) -> ParcelFacts:
    now = today()
    return ParcelFacts(
        status=order.status,
        delivery=order.delivery,
        has_tracking=bool(order.tracking_number),
        arrived=bool(order.arrived_in_city),
        has_expected_date=order.expected_delivery is not None,
        repeated_contact=earlier_contacts > 0,
        cancel_reason=order.cancel_reason,
        ordered_this_month=(order.created_at.year, order.created_at.month) == (now.year, now.month),
        has_comment=bool((order.deferred_comment or "").strip()),
        has_partner=bool(order.partner),
        partner_phone_known=bool(order.partner and phone_of(order.partner)),
    )


def order_values(customer: Customer, order: Order) -> Dict[Text, Any]:
    """The order's data as the responses' {placeholders} name them."""
    return {
        "customer_io": customer.first_and_middle,
        "tracking_number": order.tracking_number or "",
        "expected_date": russian_date(order.expected_delivery),
        "carrier": order.carrier or "курьерская служба",
        "pickup_point": order.pickup_point or "адрес придёт в смс-оповещении",
        "deferred_comment": (order.deferred_comment or "").strip().rstrip("."),
        "partner": order.partner or "",
        "partner_phone": phone_of(order.partner) or "" if order.partner else "",
        "delivery_way": DELIVERY_WAY.get(order.delivery, ""),
    }


class ActionWhereIsParcel(TopicAction):
    topic = "order_status"
    action_name = "action_where_is_parcel"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, customer: Customer,
               order: Optional[Order]) -> List[EventType]:
        if order is None:
            dispatcher.utter_message(response="utter_no_orders", customer_io=customer.first_and_middle)
            return []
        earlier = queries.earlier_contacts(order, tracker.sender_id)
        decision = decide(parcel_facts(order, earlier))
        queries.record_contact(order.id, tracker.sender_id, self.topic)
        return carry_out(decision, dispatcher, tracker, order_values(customer, order), order.id)
