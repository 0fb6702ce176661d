"""«Где посылка?»: the script's answer for the order's CRM status and delivery method."""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from actions.decision import SUPERVISOR
from actions.formatting import DELIVERY_WAY, russian_date
from actions.parcel_rules import ORDER_COMMENT, ParcelFacts, decide
from actions.pending_questions import ANSWERS
from actions.phone_book import phone_of
from actions.reorder_gate import WHY_RETURNED, PlacesOrders, standing_of
from actions.topics import Topic, Turn
from store import queries
from store.clock import today
from store.models import Customer, Order

# What operators write in «Для статуса отложен» for each other, not a question for the customer: seed 004,
# «Если после изменения заказа появляется статус «Ручная сверка» – в поле «для статуса отложен» пишем РС».
INTERNAL_MARKS = frozenset({"рс"})


def customer_comment(order: Order) -> str:
    """The CRM comment on the order («Для статуса отложен») when it is something to tell or ask the customer."""
    comment = (order.deferred_comment or "").strip()
    return "" if comment.lower().strip(".! ") in INTERNAL_MARKS else comment


def parcel_facts(order: Order, earlier_contacts: int, customer: Optional[Customer] = None) -> ParcelFacts:
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
        has_comment=bool(customer_comment(order)),
        has_partner=bool(order.partner),
        partner_phone_known=bool(order.partner and phone_of(order.partner)),
        standing=standing_of(customer),
    )


def order_values(order: Order) -> Dict[Text, Any]:
    """The order's data as the responses' {placeholders} name them."""
    return {
        "tracking_number": order.tracking_number or "",
        "expected_date": russian_date(order.expected_delivery),
        "carrier": order.carrier or "курьерская служба",
        "pickup_point": order.pickup_point or "адрес придёт в смс-оповещении",
        "deferred_comment": customer_comment(order).rstrip("."),
        "partner": order.partner or "",
        "partner_phone": (phone_of(order.partner) or "") if order.partner else "",
        "delivery_way": DELIVERY_WAY.get(order.delivery, ""),
    }


class ParcelTopic(PlacesOrders, Topic):
    name = "order_status"
    story_steps = frozenset({WHY_RETURNED, ORDER_COMMENT})

    def answer(self, turn: Turn) -> None:
        order = turn.order
        if order is None:
            turn.say("utter_no_orders")
            return
        earlier = queries.earlier_contacts(order, turn.tracker.sender_id)
        queries.record_contact(order.id, turn.tracker.sender_id, self.name)
        turn.carry_out(decide(parcel_facts(order, earlier, turn.customer)), **order_values(order))

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        self.carry_out_gated(turn, ANSWERS[step][yes])

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        if step == WHY_RETURNED:
            self.answer_reasons(turn, answer)
        elif step == ORDER_COMMENT:
            comment = customer_comment(turn.order) if turn.order else ""
            turn.ticket(SUPERVISOR, f"заказ в обработке, комментарий «{comment[:150]}», ответ клиента: «{answer[:200]}»")
            turn.say("utter_passed_to_supervisor")
