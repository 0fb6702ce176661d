"""«ОПП / ГДЕ ДЕНЬГИ»: money back within 30 days of sending the return; after that, an ОПП ticket.

Never say the parcel arrived or the money was sent: the CRM does not show it before 30 days.
"""
from __future__ import annotations

import datetime as dt
from typing import List, Optional

from actions.topics import Topic, Turn
from bot.russian.dates import parse_past_date
from store.clock import today
from store.models import Customer, Order
from store.vocabulary import RETURN_STATUSES, TicketKind

REFUND_DAYS = 30


def refund_overdue(sent_on: dt.date, on: Optional[dt.date] = None) -> bool:
    """«Если прошло 30 дней»: from day 30 after sending, a specialist takes it (ОПП)."""
    return ((on or today()) - sent_on).days >= REFUND_DAYS


class RefundTopic(Topic):
    name = "refund_status"

    @classmethod
    def orders_of(cls, customer: Customer) -> List[Order]:
        returned = [o for o in customer.orders if o.return_sent_at or o.status in RETURN_STATUSES]
        return returned or list(customer.orders)

    def answer(self, turn: Turn) -> None:
        sent_on = turn.order.return_sent_at if turn.order else None
        sent_on = sent_on or parse_past_date(turn.text, today())
        if sent_on is None:
            turn.ask("sent_on", "utter_ask_return_sent_date")
        else:
            self.decide(turn, sent_on)

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        sent_on = parse_past_date(answer, today())
        if sent_on is None:
            turn.ask("sent_on", "utter_return_date_not_understood")
        else:
            self.decide(turn, sent_on)

    def decide(self, turn: Turn, sent_on: dt.date) -> None:
        if refund_overdue(sent_on):
            turn.ticket(TicketKind.OPP, f"где деньги или где обмен: возврат отправлен {sent_on:%d.%m.%Y}, прошло 30 дней и более")
            turn.say("utter_refund_expect_specialist_call")
        else:
            turn.say("utter_refund_within_30_days")
