"""«Клиент "Возвратник"» and «НЕ КОНТАКТИРОВАТЬ» (seed 004, «Возврат», slide 10): checked before any decision
that places or re-places an order, whichever topic reaches it.

Seed 004: «Если последние заказы клиента (2 и более) имеют статус «Возврат»» → «уточните пожалуйста, по
каким причинам вы не выкупали заказы/заказ»; «Если возвраты были не по вине клиента … то заказ оформить /
переоформить мы можем»; «В других случаях … "К сожалению, из-за не выкупов заказов наша компания прекратила
сотрудничество с вами." Заказы никакие не переоформляем и новые УКК не создаем»; «Если в СRM у клиента
появляется НЕ КОНТАКТИРОВАТЬ – то таким клиентам заказы НЕ ОФОРМЛЯЕМ».
"""
from __future__ import annotations

from dataclasses import replace
from enum import Enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping, Optional

from actions.decision import OPERATOR, TRANSFER, Decision, Ticket
from bot.russian.return_fault import customers_fault
from store.models import Customer
from store.vocabulary import Status

if TYPE_CHECKING:
    from actions.topics import Turn

WHY_RETURNED = "why_returned"  # the free-text step of every topic that can place an order


class Standing(str, Enum):
    """What the customer's card allows when an order is to be placed."""

    OK = "ok"
    RETURNER = "returner"  # «Возвратник»: the latest two or more orders came back unclaimed
    DO_NOT_CONTACT = "do_not_contact"  # the CRM flag «НЕ КОНТАКТИРОВАТЬ»


def is_returner(customer: Customer) -> bool:
    """«Возвратник»: the latest two or more orders all came back unclaimed («Возврат»)."""
    latest = sorted(customer.orders, key=lambda o: o.created_at, reverse=True)[:2]
    return len(latest) == 2 and all(o.status == Status.RETURNED for o in latest)


def standing_of(customer: Optional[Customer]) -> Standing:
    if customer is None:
        return Standing.OK  # not identified: the operator who places the order checks the card
    if customer.do_not_contact:
        return Standing.DO_NOT_CONTACT
    return Standing.RETURNER if is_returner(customer) else Standing.OK


# What is done instead of placing the order; OK: the order's own decision.
GATE: Mapping[Standing, Optional[Decision]] = MappingProxyType({
    Standing.OK: None,
    Standing.DO_NOT_CONTACT: Decision(("utter_new_order_unavailable",)),
    Standing.RETURNER: Decision((), asks=(WHY_RETURNED, "utter_ask_why_not_bought_out")),
})

# The returner's answer, by whether the returns were their fault (bot/russian/return_fault.py decides).
AFTER_REASONS: Mapping[bool, Decision] = MappingProxyType({
    True: Decision(("utter_returner_refused",)),
    False: Decision((TRANSFER,), Ticket(OPERATOR, "«возвратник», возвраты не по вине клиента: оформить / переоформить заказ"),
                    places_order=True),
})


def gated(customer: Optional[Customer], decision: Decision) -> Decision:
    """The decision to carry out: the order's own, or what the customer's card allows instead."""
    if not decision.places_order:
        return decision
    return GATE[standing_of(customer)] or decision


def after_reasons(answer: str) -> Decision:
    return AFTER_REASONS[customers_fault(answer)]


class PlacesOrders:
    """A topic whose decisions may place an order: carries them out through the gate and understands the
    returner's reasons (mixed into Topic classes)."""

    story_steps = frozenset({WHY_RETURNED})

    def carry_out_gated(self, turn: "Turn", decision: Decision, **values: object) -> None:
        turn.carry_out(gated(turn.customer, decision), **values)

    def answer_reasons(self, turn: "Turn", answer: str) -> None:
        decision = after_reasons(answer)
        if decision.ticket:  # the operator reads the customer's own words
            decision = replace(decision, ticket=Ticket(decision.ticket.kind, f"{decision.ticket.reason}: «{answer[:150]}»"))
        turn.carry_out(decision)
