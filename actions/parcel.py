"""«Где посылка?»: the script's answer for the order's CRM status and delivery method."""
from __future__ import annotations

from typing import Any, Dict, Text

from actions.formatting import DELIVERY_WAY, russian_date
from actions.parcel_rules import ParcelFacts, decide
from actions.pending_questions import ANSWERS
from actions.phone_book import phone_of
from actions.topics import Topic, Turn
from store import queries
from store.clock import today
from store.models import Order


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


def order_values(order: Order) -> Dict[Text, Any]:
    """The order's data as the responses' {placeholders} name them."""
    return {
        "tracking_number": order.tracking_number or "",
        "expected_date": russian_date(order.expected_delivery),
        "carrier": order.carrier or "курьерская служба",
        "pickup_point": order.pickup_point or "адрес придёт в смс-оповещении",
        "deferred_comment": (order.deferred_comment or "").strip().rstrip("."),
        "partner": order.partner or "",
        "partner_phone": (phone_of(order.partner) or "") if order.partner else "",
        "delivery_way": DELIVERY_WAY.get(order.delivery, ""),
    }


class ParcelTopic(Topic):
    name = "order_status"

    def answer(self, turn: Turn) -> None:
        order = turn.order
        if order is None:
            turn.say("utter_no_orders")
            return
        earlier = queries.earlier_contacts(order, turn.tracker.sender_id)
        queries.record_contact(order.id, turn.tracker.sender_id, self.name)
        turn.carry_out(decide(parcel_facts(order, earlier)), **order_values(order))

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        turn.carry_out(ANSWERS[step][yes])
