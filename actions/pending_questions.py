"""Yes/no questions the script asks after an answer, and what each answer leads to.

A «да» that places or re-places an order (`places_order`) goes through actions/reorder_gate.py first:
«Возвратник» and НЕ КОНТАКТИРОВАТЬ.
"""
from __future__ import annotations

from typing import Dict

from actions.decision import OPERATOR, SUPERVISOR, TRANSFER, Decision, Ticket

ANSWERS: Dict[str, Dict[bool, Decision]] = {
    # «Аннулирован ФФ», courier/ПВЗ: the order can only go by post now.
    "ff_post_offer": {
        True: Decision((TRANSFER,), Ticket(OPERATOR, "Аннулирован ФФ: клиент согласен на доставку почтой, переоформить"),
                     places_order=True),
        False: Decision(("utter_passed_to_supervisor",), Ticket(SUPERVISOR, "Аннулирован ФФ: клиент не согласен на почту")),
    },
    # «Аннулирован»: a current month's order is confirmed again, an older one is placed anew.
    "confirm_cancelled_this_month": {
        True: Decision((TRANSFER,), Ticket(OPERATOR, "Аннулирован, заказ текущего месяца: сверить корзину/ФИО/адрес и подтвердить"),
                     places_order=True),
        False: Decision(("utter_order_not_wanted",)),
    },
    "confirm_cancelled_earlier": {
        True: Decision((TRANSFER,), Ticket(OPERATOR, "Аннулирован, заказ прошлого месяца: переоформить"), places_order=True),
        False: Decision(("utter_order_not_wanted",)),
    },
}

