"""«ВОЗВРАТ»: брак, не понравился, не тот товар, недовложение, and the conditions of a return.

The iron rule of the script: conditions are given only once the customer is identified and the goods
are from their order, so every return topic needs both.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import List, Optional

from actions.catalogue import RETURN_CHECKS
from actions.topics import Topic, Turn
from bot.russian.morphology import lemma
from store.clock import today
from store.models import Customer, Order
from store.vocabulary import TicketKind

RETURN_DAYS = 14


def return_period_expired(bought_out_at: Optional[dt.date], on: Optional[dt.date] = None) -> bool:
    """14 days from buyout: day 14 is the last one a return is accepted."""
    if bought_out_at is None:
        return False  # unknown buyout date (courier): the customer's word decides, not us
    return ((on or today()) - bought_out_at).days > RETURN_DAYS


def received(order: Order) -> bool:
    return order.bought_out_at is not None


def item_lemmas(text: str) -> set:
    return {lemma(w) for w in re.findall(r"[а-яёa-z]{3,}", text.lower())}


class ReturnTopic(Topic, phrase_checks=RETURN_CHECKS):
    """What every return topic checks before it says anything about conditions; after the checks, a
    phrase-only return topic (actions/catalogue.py) says its phrases."""

    limited_in_time = True  # the 14 days from buyout apply

    @classmethod
    def orders_of(cls, customer: Customer) -> List[Order]:
        bought = [o for o in customer.orders if received(o)]
        return bought or super().orders_of(customer)

    def answer(self, turn: Turn) -> None:
        order = turn.order
        if order is None:
            turn.say("utter_no_orders")
        elif not received(order):
            turn.say("utter_return_not_received_yet", order_id=order.id)
        elif self.limited_in_time and return_period_expired(order.bought_out_at):
            turn.say("utter_return_period_expired")
        else:
            self.answer_return(turn)

    def answer_return(self, turn: Turn) -> None:
        self.say_phrases(turn)


class DefectTopic(ReturnTopic):
    name = "return_defect"

    def answer_return(self, turn: Turn) -> None:
        turn.ask("usage", "utter_ask_defect_usage")

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        turn.say("utter_return_address", "utter_return_refund_rules")


class DislikeTopic(ReturnTopic):
    name = "return_dislike"

    def answer_return(self, turn: Turn) -> None:
        turn.ask("reason", "utter_ask_dislike_reason")

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        turn.say("utter_return_dislike_retention", "utter_ask_keep_item")
        turn.ask_yes_no("keep_item")

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        if yes:
            turn.say("utter_item_kept")
        else:
            turn.say("utter_return_address", "utter_return_postage")


class WrongItemTopic(ReturnTopic):
    name = "return_wrong_item"

    def answer_return(self, turn: Turn) -> None:
        turn.ask("ordered", "utter_ask_what_was_ordered")

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        order = turn.order
        assert order is not None
        said = item_lemmas(answer)
        ordered = [i for i in order.items if said & item_lemmas(i.name)]
        if ordered:  # they did order it, so what came is not what we should have sent
            turn.say("utter_wrong_item_confirmed", "utter_return_address")
            turn.ticket(TicketKind.SUPERVISOR, f"не тот товар: клиент заказывал «{ordered[0].name}», обмен или возврат денег")
        else:
            turn.say("utter_wrong_item_not_in_order", items=", ".join(i.name for i in order.items))
            turn.transfer(f"не тот товар: клиент говорит, что заказывал «{answer[:100]}»")


class IncompleteTopic(ReturnTopic):
    name = "return_incomplete"
    limited_in_time = False

    def answer_return(self, turn: Turn) -> None:
        turn.say("utter_ask_opening_act")
        turn.ask_yes_no("opening_act")

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        if not yes:
            turn.say("utter_opening_act_missing")
        turn.say("utter_incomplete_exchange", "utter_return_address")


class KeepGiftTopic(ReturnTopic):
    name = "return_keep_gift"
    _MONEY = {"сколько", "деньга", "деньги", "сумма", "вернуть", "возврат"}

    def answer_return(self, turn: Turn) -> None:
        turn.say("utter_return_keep_gift")
        if item_lemmas(turn.text) & self._MONEY or "сколько" in turn.text.lower():
            turn.say("utter_return_partial_refund")


class AuthorityCallTopic(Topic):
    """Calls from Роспотребнадзор, police, consumer protection: recorded for a supervisor."""

    name = "authority_call"

    def answer(self, turn: Turn) -> None:
        turn.ask("details", "utter_ask_authority_details")

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        turn.ticket(TicketKind.AUTHORITY, f"звонок из органов: {answer[:300]}")
        turn.say("utter_authority_recorded")
        turn.closes_topic = False
