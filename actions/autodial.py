"""«АВТОДОЗВОН»: the robot's calls, and requests to stop calls and SMS."""
from __future__ import annotations

import re
from typing import List, Optional, Text

from actions.context import found_in
from actions.topics import Topic, Turn
from bot.russian.phones import normalize_phone
from store import queries
from store.models import Customer, Order
from store.vocabulary import EXPORTED_STATUSES, TicketKind

AUTODIAL_TOPICS = frozenset({"autodial_already_received", "autodial_refused", "autodial_not_ordered",
                             "autodial_who_called", "autodial_stop"})


def waiting_at_post_office(customer: Customer) -> List[Order]:
    """Parcels that arrived and wait to be bought out: what the robot calls about."""
    return [o for o in customer.orders
            if o.status in EXPORTED_STATUSES and o.arrived_in_city and o.bought_out_at is None]


def phones_of(turn: Turn) -> Text:
    return ", ".join(p.phone for p in turn.customer.phones) if turn.customer else "номер не назван"


def conflict(turn: Turn) -> bool:
    """A conflict customer: they have been warned about their tone, or they come back to the robot's calls
    after the answer they got in this conversation."""
    return bool(turn.tracker.get_slot("profanity_strikes")) or turn.tracker.get_slot("last_topic") in AUTODIAL_TOPICS


def phone_in(turn: Turn, answer: Text) -> Optional[Text]:
    """The phone in the answer to «на какой номер поступают звонки?» (a bare «9161234567» too)."""
    found = found_in(turn.tracker, "phone", answer)
    if found:
        return found[0]
    digits = re.sub(r"[\s()+-]", "", answer)
    return normalize_phone(digits) if digits.isdigit() and len(digits) >= 10 else None


class AlreadyReceivedTopic(Topic):
    name = "autodial_already_received"

    def answer(self, turn: Turn) -> None:
        if conflict(turn):
            # Seed 004 «Если клиент уже выкупил товар»: «В случае конфликтного клиента, предоставляем СВ,
            # № телефона клиента для удаления из базы обзвона: "ИО, мы просим прощения… произошла техническая ошибка…"»
            turn.ticket(TicketKind.SUPERVISOR, f"конфликтный клиент: удалить из базы обзвона {phones_of(turn)}")
            turn.say("utter_autodial_technical_error")
            return
        second = waiting_at_post_office(turn.customer)  # «проверяем, нет ли второй посылки»
        if second:
            turn.say("utter_autodial_second_parcel", order_id=second[0].id)
        else:
            turn.say("utter_autodial_already_received")


class NotOrderedTopic(Topic):
    """«Я не заказывал»: whether the caller is our customer is decided by the number the robot calls, looked
    up without identifying anyone (nothing about an order is said).

    Seed 004 «Я не заказывал»: «ИО, возможно кто-то из вашей семьи/друзей оформлял данный заказ? … ИО, приносим
    свои извинения, возможно, возникла техническая ошибка, пожалуйста, обратитесь в Ваше почтовое отделение и
    напишите отказ от посылки.» «* если не наш клиент (была ошибка номера телефона), говорим: … Звонки
    поступают ошибочно…»."""

    name = "autodial_not_ordered"

    def answer(self, turn: Turn) -> None:
        if turn.customer is not None:
            self.ask_family(turn)
        else:
            turn.ask("phone", "utter_ask_autodial_phone")

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        phone = phone_in(turn, answer)
        if phone is None:
            if step == "phone":
                turn.ask("phone_again", "utter_autodial_phone_not_understood")
            else:
                turn.transfer("автодозвон: «я не заказывал», номер телефона не распознан")
        elif queries.customers_by_phone(phone):
            self.ask_family(turn)
        else:
            turn.say("utter_autodial_wrong_number")
            turn.ticket(TicketKind.STOP_CALLS, f"ошибочный номер: удалить из обзвона ({phone})")

    @staticmethod
    def ask_family(turn: Turn) -> None:
        turn.say("utter_ask_family_ordered")
        turn.ask_yes_no("family")

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        turn.say("utter_autodial_refuse_parcel")  # our customer's number, whoever placed the order


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
