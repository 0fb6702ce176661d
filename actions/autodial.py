"""«АВТОДОЗВОН»: the robot's calls, and requests to stop calls and SMS."""
from __future__ import annotations

from typing import List, Text

from actions.topics import Topic, Turn
from store.models import Customer, Order
from store.vocabulary import EXPORTED_STATUSES, TicketKind


def waiting_at_post_office(customer: Customer) -> List[Order]:
    """Parcels that arrived and wait to be bought out: what the robot calls about."""
    return [o for o in customer.orders
            if o.status in EXPORTED_STATUSES and o.arrived_in_city and o.bought_out_at is None]


def phones_of(turn: Turn) -> Text:
    return ", ".join(p.phone for p in turn.customer.phones) if turn.customer else "номер не назван"


class AlreadyReceivedTopic(Topic):
    name = "autodial_already_received"

    def answer(self, turn: Turn) -> None:
        second = waiting_at_post_office(turn.customer)  # «проверяем, нет ли второй посылки»
        if second:
            turn.say("utter_autodial_second_parcel", order_id=second[0].id)
        else:
            turn.say("utter_autodial_already_received")


class NotOrderedTopic(Topic):
    """Someone who says they ordered nothing may not be the customer the CRM knows: no identification."""

    name = "autodial_not_ordered"

    def answer(self, turn: Turn) -> None:
        turn.say("utter_ask_family_ordered")
        turn.ask_yes_no("family")

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        if yes:
            turn.say("utter_autodial_refuse_parcel")
        else:
            turn.say("utter_autodial_wrong_number")
            turn.ticket(TicketKind.STOP_CALLS, f"ошибочный номер: удалить из обзвона ({phones_of(turn)})")


class WhoCalledTopic(Topic):
    name = "autodial_who_called"

    def answer(self, turn: Turn) -> None:
        turn.say("utter_autodial_parcel_arrived" if waiting_at_post_office(turn.customer)
                 else "utter_autodial_outgoing_call")


class StopCallsTopic(Topic):
    name = "autodial_stop"

    def answer(self, turn: Turn) -> None:
        turn.ticket(TicketKind.STOP_CALLS, f"удалить из обзвона и смс-информирования: {phones_of(turn)}")
        turn.say("utter_autodial_stop")
