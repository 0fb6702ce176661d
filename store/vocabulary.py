"""The CRM's vocabulary declared once: order statuses with what each means, delivery methods and the kinds of ticket.

Rasa-free (the actions, the store's command line, the demo data and the voice front end share it).
Adding a CRM status is one member of `Status` and one row of `STATUSES` here, plus the row of the
«Где посылка» table (`actions/parcel_rules.py`) that says what the customer hears and its phrases in
domain.yml; `tests/unit/test_vocabulary.py` checks all of it against `order-store.schema.json`.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import FrozenSet, Mapping


class _Word(str, Enum):
    """A CRM value that is also the str the CRM writes: compares, hashes and prints as that str."""

    def __str__(self) -> str:
        return str(self.value)


class Status(_Word):
    """Order statuses as the CRM spells them («СТАТУСЫ В CRM»)."""

    NEW = "Новый"
    CART = "Корзина"
    DEFERRED = "Отложен"
    BUFFER = "Буфер"
    EXPORTED = "Экспортирован"
    ANNULLED_BY_FULFILMENT = "Аннулирован ФФ"
    ANNULLED = "Аннулирован"
    MANUAL_CHECK = "Ручная сверка"
    CONFIRMED = "Подтвержден"
    SUPERVISOR_CHECK = "Проверка СВ"
    CHECKED = "Проверен"
    RETURNED = "Возврат"  # not bought out: the parcel came back
    CUSTOMER_RETURN = "Клиентский возврат"  # bought out, then sent back by the customer
    CLOSED_REGION = "Закрытый регион"
    CANCELLED = "Отменён"
    CANCELLED_VIA_WEBUTILS = "Отменён через WebUtils"
    CANCELLATION_REQUESTED = "Запрос на аннуляцию"
    CONNECTION_LOST = "Обрыв связи"
    HAPPY_CALL = "Happy-Call"
    HAPPY_CALL_REFUSED = "Отказ Happy-Call"
    HANDED_TO_PARTNER = "Выгружено"


@dataclass(frozen=True)
class StatusTraits:
    """What a status means to the assistant; every flag is read somewhere in actions/."""

    closed: bool = False  # the story is over for the customer: not the likely subject of a question
    untouchable: bool = False  # «НЕ ТРОГАЕМ»: nothing in the order may be changed
    returning: bool = False  # goods came or are coming back: «где деньги» is about these orders
    exported: bool = False  # handed to the carrier (with a ШПИ the parcel is on its way, no CRM edits)
    # «НЕ ТРОГАЕМ ЕСЛИ СОГЛАСЕН, ОФОРМЛЯЕМ НОВЫЙ»: a change is offered as a new order instead
    new_order_instead: bool = False


STATUSES: Mapping[Status, StatusTraits] = MappingProxyType({
    Status.NEW: StatusTraits(new_order_instead=True),
    Status.CART: StatusTraits(new_order_instead=True),
    Status.DEFERRED: StatusTraits(),
    Status.BUFFER: StatusTraits(),
    Status.EXPORTED: StatusTraits(exported=True),
    Status.ANNULLED_BY_FULFILMENT: StatusTraits(),
    Status.ANNULLED: StatusTraits(closed=True),
    Status.MANUAL_CHECK: StatusTraits(),
    Status.CONFIRMED: StatusTraits(),
    Status.SUPERVISOR_CHECK: StatusTraits(),
    Status.CHECKED: StatusTraits(),
    Status.RETURNED: StatusTraits(closed=True, untouchable=True, returning=True, new_order_instead=True),
    Status.CUSTOMER_RETURN: StatusTraits(closed=True, untouchable=True, returning=True, new_order_instead=True),
    Status.CLOSED_REGION: StatusTraits(),
    Status.CANCELLED: StatusTraits(closed=True, untouchable=True, new_order_instead=True),
    Status.CANCELLED_VIA_WEBUTILS: StatusTraits(closed=True, untouchable=True),
    Status.CANCELLATION_REQUESTED: StatusTraits(untouchable=True),
    Status.CONNECTION_LOST: StatusTraits(untouchable=True),
    Status.HAPPY_CALL: StatusTraits(),
    Status.HAPPY_CALL_REFUSED: StatusTraits(closed=True),
    Status.HANDED_TO_PARTNER: StatusTraits(untouchable=True),
})


def _statuses(trait: str) -> FrozenSet[Status]:
    return frozenset(s for s, traits in STATUSES.items() if getattr(traits, trait))


CLOSED_STATUSES = _statuses("closed")
UNTOUCHABLE_STATUSES = _statuses("untouchable")
RETURN_STATUSES = _statuses("returning")
EXPORTED_STATUSES = _statuses("exported")
NEW_ORDER_INSTEAD_STATUSES = _statuses("new_order_instead")


class DeliveryGroup(_Word):
    """How the script groups delivery methods: its phrases differ by group, not by method."""

    POSTAL = "postal"
    COURIER = "courier"
    PICKUP = "pickup"


class Delivery(_Word):
    """Delivery methods of the CRM export."""

    POST = "post"  # Почта России
    COURIER = "courier"  # курьерская служба
    PICKUP = "pickup"  # пункт выдачи (ПВЗ)
    POST_COURIER = "post_courier"  # курьер от почты


@dataclass(frozen=True)
class DeliveryTraits:
    group: DeliveryGroup
    way: str  # how an answer says it: «заказ доставят …»


DELIVERIES: Mapping[Delivery, DeliveryTraits] = MappingProxyType({
    Delivery.POST: DeliveryTraits(DeliveryGroup.POSTAL, "почтой"),
    Delivery.COURIER: DeliveryTraits(DeliveryGroup.COURIER, "курьером"),
    Delivery.PICKUP: DeliveryTraits(DeliveryGroup.PICKUP, "в пункт выдачи (ПВЗ)"),
    Delivery.POST_COURIER: DeliveryTraits(DeliveryGroup.POSTAL, "почтой"),
})


def deliveries_in(group: DeliveryGroup) -> FrozenSet[Delivery]:
    return frozenset(d for d, traits in DELIVERIES.items() if traits.group is group)


POSTAL = deliveries_in(DeliveryGroup.POSTAL)
COURIER = deliveries_in(DeliveryGroup.COURIER)
PICKUP = deliveries_in(DeliveryGroup.PICKUP)


class TicketKind(_Word):
    """Who a ticket is for; stored with the ticket and sent to the channel in the hand-over payload."""

    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    OPP = "opp"
    CRM_EDIT = "crm_edit"
    STOP_CALLS = "stop_calls"
    AUTHORITY = "authority"
    CALLBACK = "callback"
    SMS = "sms"


# Ticket reasons the supervisor's figures tell hand-overs apart by (store/analytics.py); the actions write them.
OPERATOR_REQUESTED = "клиент просит соединить с оператором"
TWICE_MISUNDERSTOOD = "ассистент дважды не понял вопрос клиента"
# Ends the reason of a chat hand-over nobody could take, filed as a call-back instead (actions/tickets.py): the
# figures count it as handed over, not as a conversation the customer left.
NO_OPERATOR_CALLBACK = "в чате не было оператора: перезвонить клиенту"


@dataclass(frozen=True)
class TicketKindTraits:
    live_transfer: bool  # the customer is handed to a human now; otherwise back-office work, someone calls back
    meaning: str


TICKET_KINDS: Mapping[TicketKind, TicketKindTraits] = MappingProxyType({
    TicketKind.OPERATOR: TicketKindTraits(True, "transfer to a human operator now"),
    TicketKind.SUPERVISOR: TicketKindTraits(False, "«передаём СВ»: a supervisor acts; the customer is told someone will call"),
    TicketKind.OPP: TicketKindTraits(False, "ОПП: refunds, exchanges and prepaid orders; a specialist calls back"),
    TicketKind.CRM_EDIT: TicketKindTraits(False, "an operator edits the order in the CRM as the script decided"),
    TicketKind.STOP_CALLS: TicketKindTraits(False, "remove the phone from the robot's calls and SMS"),
    TicketKind.AUTHORITY: TicketKindTraits(False, "a call from Роспотребнадзор, the police, consumer protection: recorded for a supervisor"),
    TicketKind.CALLBACK: TicketKindTraits(False, "the call dropped or the chat was left mid-topic after identification: call the customer back once (seed 002)"),
    TicketKind.SMS: TicketKindTraits(False, "send the customer the text in the ticket's summary by SMS (asked for after a long answer on the phone)"),
})

LIVE_TRANSFER_KINDS: FrozenSet[TicketKind] = frozenset(k for k, traits in TICKET_KINDS.items() if traits.live_transfer)
