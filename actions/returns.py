"""«ВОЗВРАТ»: брак, не понравился, не тот товар, недовложение, and the conditions of a return.

The iron rule of the script: conditions are given only once the customer is identified and the goods
are from their order, so every return topic needs both.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Dict, List, Mapping, Optional, Tuple

from actions.catalogue import RETURN_CHECKS
from actions.topics import Topic, Turn
from bot.russian.dates import parse_past_date
from bot.russian.morphology import lemma
from store.clock import today
from store.models import Customer, Order, OrderItem
from store.vocabulary import Delivery, TicketKind

RETURN_DAYS = 14
RECEIVED_ON = "received_on"  # the free-text question «когда Вы получили заказ?»


def return_period_expired(bought_out_at: Optional[dt.date], on: Optional[dt.date] = None) -> bool:
    """14 days from buyout: day 14 is the last one a return is accepted."""
    if bought_out_at is None:
        return False  # unknown buyout date (courier): the customer's word decides, not us
    return ((on or today()) - bought_out_at).days > RETURN_DAYS


def received(order: Order) -> bool:
    return order.bought_out_at is not None


@dataclass(frozen=True)
class ReceiptRule:
    """How the assistant knows that an order of a delivery method was received, and what it says when not."""

    tracked: bool  # the CRM's buyout date is the truth (by ШПИ); otherwise the customer is asked
    not_received: str  # the response for an order not received yet


# Seed 004 «Если срок 14 дней с момента выкупа уже истек»: «узнать, когда клиент выкупил заказ можно
# следующими способами: Почта России - по № ШПИ, курьерские службы - ориентируемся на дату заказа
# (курьерская доставка быстрая) и на слова клиента». Pick-up points are run by courier services.
RECEIPT_RULES: Mapping[Delivery, ReceiptRule] = {
    Delivery.POST: ReceiptRule(tracked=True, not_received="utter_return_not_received_yet"),
    Delivery.POST_COURIER: ReceiptRule(tracked=True, not_received="utter_return_not_received_yet"),
    Delivery.COURIER: ReceiptRule(tracked=False, not_received="utter_return_not_received_courier"),
    Delivery.PICKUP: ReceiptRule(tracked=False, not_received="utter_return_not_received_courier"),
}

_NOT_YET = re.compile(r"\b(?:не\s+(?:получ|приш|привез|привёз|достав|забрал|было|приезжал)|ещ[её]\s+нет|нет\b)", re.I)


def received_on_in_words(order: Order, answer: str, on: Optional[dt.date] = None) -> Optional[dt.date]:
    """The customer's answer to «когда Вы получили заказ?» for a courier order: the date they name, or the
    order date when they only say they have it (courier delivery is fast); None when not received yet."""
    if _NOT_YET.search(answer):
        return None
    return parse_past_date(answer, on or today()) or order.created_at


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
        elif received(order):
            self.check_period(turn, order.bought_out_at)
        elif RECEIPT_RULES[Delivery(order.delivery)].tracked:
            turn.say(RECEIPT_RULES[Delivery(order.delivery)].not_received, order_id=order.id)
        else:
            turn.ask(RECEIVED_ON, "utter_ask_when_received")

    def check_period(self, turn: Turn, received_on: dt.date) -> None:
        if self.limited_in_time and return_period_expired(received_on):
            turn.say("utter_return_period_expired")
        else:
            self.answer_return(turn)

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        if step != RECEIVED_ON:
            self.follow_up_return(turn, step, answer)
            return
        order = turn.order
        assert order is not None
        received_on = received_on_in_words(order, answer)
        if received_on is None:
            turn.say(RECEIPT_RULES[Delivery(order.delivery)].not_received, order_id=order.id)
        else:
            self.check_period(turn, received_on)

    def answer_return(self, turn: Turn) -> None:
        self.say_phrases(turn)

    def follow_up_return(self, turn: Turn, step: str, answer: str) -> None:
        raise NotImplementedError(f"{self.name} asked no free-text question {step!r}")


class DefectTopic(ReturnTopic):
    name = "return_defect"

    def answer_return(self, turn: Turn) -> None:
        turn.ask("usage", "utter_ask_defect_usage")

    def follow_up_return(self, turn: Turn, step: str, answer: str) -> None:
        turn.say("utter_return_address", "utter_return_refund_rules")


class DislikeTopic(ReturnTopic):
    name = "return_dislike"

    def answer_return(self, turn: Turn) -> None:
        turn.ask("reason", "utter_ask_dislike_reason")

    def follow_up_return(self, turn: Turn, step: str, answer: str) -> None:
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

    def follow_up_return(self, turn: Turn, step: str, answer: str) -> None:
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


class Missing(str, Enum):
    """What did not come in the parcel, as the script tells the cases apart (CRM tab ТМЦ)."""

    GIFT = "gift"  # a line of its own marked as a gift
    ITEM = "item"  # a whole line of the order
    PART = "part"  # a part of a set: a set is one line, its parts are not listed


@dataclass(frozen=True)
class IncompleteDecision:
    responses: Tuple[str, ...]
    resend_ticket: bool = False  # «передаём СВ» what to send
    ask_opening_act: bool = False
    transfer: bool = False


# Seed 004 «Недовложение: Не пришел подарок / Не пришла часть комплекта», СПРАВКА: «Компания – не делает
# досыл частей комплекта, но может дослать клиенту товар, подарок и карту (если они не пришли, а клиент
# заказывал). … Комплект указывается в одной строке, подарок будет отдельной строкой.» A part of a set
# takes the opening-act question and the letter for an exchange («*мы обменяем вам данный товар…*»).
# Keys: what is missing, and whether the order has it as a line of its own.
INCOMPLETE_RULES: Dict[Tuple[Missing, bool], IncompleteDecision] = {
    (Missing.GIFT, True): IncompleteDecision(("utter_incomplete_resend_gift", "utter_passed_to_supervisor"),
                                             resend_ticket=True),
    (Missing.ITEM, True): IncompleteDecision(("utter_incomplete_resend_item", "utter_passed_to_supervisor"),
                                             resend_ticket=True),
    (Missing.GIFT, False): IncompleteDecision(("utter_incomplete_not_in_order",), transfer=True),
    (Missing.ITEM, False): IncompleteDecision(("utter_incomplete_not_in_order",), transfer=True),
    (Missing.PART, True): IncompleteDecision(("utter_ask_opening_act",), ask_opening_act=True),
    (Missing.PART, False): IncompleteDecision(("utter_ask_opening_act",), ask_opening_act=True),
}

_GIFT_WORDS = {"подарок", "подарочек", "подарочный", "презент"}
_PART_WORDS = {"часть", "комплект", "комплектация", "деталь", "насадка", "крышка", "зарядка", "зарядный",
               "инструкция", "шнур", "провод", "блок", "пульт", "аксессуар", "половина", "элемент"}
_ITEM_WORDS = {"товар", "вещь", "позиция"}


def missing_line(order: Order, text: str) -> Tuple[Optional[Missing], Optional[OrderItem]]:
    """What the customer says is missing, and the order line it is (None: the order has no such line).
    (None, None) when the words do not tell."""
    said = item_lemmas(text)
    gifts = [i for i in order.items if i.gift]
    goods = [i for i in order.items if not i.gift]
    named = [i for i in order.items if said & item_lemmas(i.name) - {"подарок"}]
    if said & _GIFT_WORDS or any(i.gift for i in named):
        return Missing.GIFT, next((i for i in named if i.gift), gifts[0] if gifts else None)
    if said & _PART_WORDS:
        return Missing.PART, named[0] if named else (goods[0] if len(goods) == 1 else None)
    if named:
        return Missing.ITEM, named[0]
    if said & _ITEM_WORDS:
        return Missing.ITEM, goods[0] if len(goods) == 1 else None
    return None, None


class IncompleteTopic(ReturnTopic):
    name = "return_incomplete"
    limited_in_time = False

    def answer_return(self, turn: Turn) -> None:
        self.decide(turn, turn.text, ask_if_unclear=True)

    def follow_up_return(self, turn: Turn, step: str, answer: str) -> None:
        self.decide(turn, answer, ask_if_unclear=False)

    def decide(self, turn: Turn, text: str, ask_if_unclear: bool) -> None:
        order = turn.order
        assert order is not None
        missing, line = missing_line(order, text)
        if missing is None and ask_if_unclear:
            turn.ask("missing", "utter_ask_what_is_missing")
            return
        missing = missing or Missing.PART  # still unclear: the general case of the script
        decision = INCOMPLETE_RULES[(missing, line is not None)]
        items = ", ".join(i.name for i in order.items)
        turn.say(*decision.responses, item=line.name if line else "", items=items)
        if decision.resend_ticket and line is not None:
            what = "подарка" if missing is Missing.GIFT else "товара"
            turn.ticket(TicketKind.SUPERVISOR, f"недовложение: досыл {what} «{line.name}» по заказу № {order.id}")
        if decision.transfer:
            turn.transfer(f"недовложение: клиент говорит, что не пришло «{text[:100]}», в заказе: {items}")
        if decision.ask_opening_act:
            turn.ask_yes_no("opening_act")

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        if not yes:  # «даже если нет акта - озвучиваем информацию про письмо на наш а/я»
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
