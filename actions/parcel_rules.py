"""«Где посылка» as a decision table: order facts → what the script says and who must act.

Rows are tried top to bottom; the first whose conditions all hold wins. The phrases live in
domain.yml (response names here), so a supervisor edits wording there and decisions here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from actions.decision import OPERATOR, SUPERVISOR, TRANSFER, Decision, Row, Ticket, first_match
from actions.reorder_gate import WHY_RETURNED, Standing
from store.vocabulary import COURIER, EXPORTED_STATUSES, PICKUP, POSTAL, Status

EXPORTED = EXPORTED_STATUSES
BUFFER = Status.BUFFER
# The script gives the customer no phrase for these («НЕ ТРОГАЕМ» among them): a human decides, nothing invented.
LEFT_TO_A_HUMAN = frozenset({Status.CLOSED_REGION, Status.CANCELLED, Status.CANCELLED_VIA_WEBUTILS,
                             Status.CANCELLATION_REQUESTED, Status.CONNECTION_LOST, Status.CUSTOMER_RETURN,
                             Status.HAPPY_CALL, Status.HAPPY_CALL_REFUSED, Status.HANDED_TO_PARTNER})


@dataclass(frozen=True)
class ParcelFacts:
    status: str
    delivery: str
    has_tracking: bool
    arrived: bool
    has_expected_date: bool
    repeated_contact: bool
    cancel_reason: Optional[str]
    ordered_this_month: bool
    has_comment: bool
    has_partner: bool
    partner_phone_known: bool
    standing: Standing = Standing.OK  # «Возвратник» / НЕ КОНТАКТИРОВАТЬ (actions/reorder_gate.py)


def _say(*responses: str, ticket: Optional[Ticket] = None, question: Optional[str] = None,
         asks: Optional[Tuple[str, str]] = None, places_order: bool = False) -> Decision:
    return Decision(tuple(responses), ticket, question, asks, places_order)


IN_PROCESSING = frozenset({Status.MANUAL_CHECK, Status.CONFIRMED, Status.SUPERVISOR_CHECK})
ORDER_COMMENT = "order_comment"  # the customer's answer to the order's comment (ParcelTopic.follow_up)


_HUMAN_DECIDES = _say(TRANSFER, ticket=Ticket(OPERATOR, "статус без ответа по скрипту («не трогаем»): решает оператор"))

TABLE: Tuple[Row, ...] = (
    # Partner orders: «МЫ НЕ КОНСУЛЬТИРУЕМ! НЕ ГОВОРИМ ГДЕ НАХОДИТСЯ ЗАКАЗ! ПРЕДОСТАВЛЯЕМ НОМЕР ТЕЛЕФОНА».
    Row(dict(has_partner=True, partner_phone_known=True), _say("utter_partner_order")),
    Row(dict(has_partner=True), _say("utter_partner_order_no_phone", TRANSFER,
                                     ticket=Ticket(OPERATOR, "заказ партнёра, телефона партнёра нет в списке номеров"))),
    Row(dict(status=EXPORTED, has_tracking=False), _say("utter_parcel_exported_no_tracking")),
    Row(dict(status=EXPORTED, delivery=POSTAL, arrived=True), _say("utter_parcel_arrived_post")),
    Row(dict(status=EXPORTED, delivery=POSTAL, has_expected_date=True), _say("utter_parcel_exported_post")),
    Row(dict(status=EXPORTED, delivery=POSTAL), _say("utter_parcel_exported_post_no_date")),
    Row(dict(status=EXPORTED, delivery=COURIER), _say("utter_parcel_exported_courier")),
    Row(dict(status=EXPORTED, delivery=PICKUP), _say("utter_parcel_exported_pickup")),
    Row(dict(status=Status.NEW), _say("utter_parcel_not_sent", TRANSFER, ticket=Ticket(
        OPERATOR, "Новый: сверить корзину/адрес/ФИО, рассчитать доставку, озвучить стоимость и подтвердить"))),
    Row(dict(status=Status.CART), _say("utter_parcel_not_sent", TRANSFER, ticket=Ticket(
        OPERATOR, "Корзина: оформить новый заказ, сверить адрес/ФИО, озвучить стоимость и сроки"))),
    Row(dict(status=Status.DEFERRED, has_comment=True), _say("utter_parcel_not_sent", "utter_parcel_deferred_reason", TRANSFER,
                                                       ticket=Ticket(OPERATOR, "Отложен: сверить данные по комментарию"))),
    Row(dict(status=Status.DEFERRED), _say("utter_parcel_not_sent", TRANSFER,
                                     ticket=Ticket(OPERATOR, "Отложен: сверить данные заказа"))),
    Row(dict(status=BUFFER, repeated_contact=False, delivery=POSTAL), _say("utter_parcel_buffer_first_post")),
    Row(dict(status=BUFFER, repeated_contact=False, delivery=COURIER), _say("utter_parcel_buffer_first_courier")),
    Row(dict(status=BUFFER, repeated_contact=False, delivery=PICKUP), _say("utter_parcel_buffer_first_pickup")),
    Row(dict(status=BUFFER, delivery=POSTAL), _say("utter_parcel_buffer_repeat_post")),
    Row(dict(status=BUFFER, delivery=COURIER), _say("utter_parcel_buffer_repeat_courier")),
    Row(dict(status=BUFFER, delivery=PICKUP), _say("utter_parcel_buffer_repeat_pickup")),
    Row(dict(status=Status.ANNULLED_BY_FULFILMENT, delivery=POSTAL), _say(
        "utter_parcel_cancelled_ff_post", ticket=Ticket(SUPERVISOR, "Аннулирован ФФ, доставка почтой: номер заказа СВ"))),
    Row(dict(status=Status.ANNULLED_BY_FULFILMENT), _say("utter_parcel_cancelled_ff_offer_post", question="ff_post_offer")),
    Row(dict(status=Status.ANNULLED, cancel_reason="customer", ordered_this_month=True),
        _say("utter_parcel_cancelled_by_customer", question="confirm_cancelled_this_month")),
    Row(dict(status=Status.ANNULLED, cancel_reason="customer"),
        _say("utter_parcel_cancelled_by_customer", question="confirm_cancelled_earlier")),
    Row(dict(status=Status.ANNULLED, ordered_this_month=True),
        _say("utter_parcel_cancelled_other", question="confirm_cancelled_this_month")),
    Row(dict(status=Status.ANNULLED), _say("utter_parcel_cancelled_other", question="confirm_cancelled_earlier")),
    # «Ручная сверка»/«Подтвержден»/«Проверка СВ»: «ВАЖНО! Если есть комментарий для уточнения у клиента –
    # запросить это. Номер заказа передать СВ.» The comment is the CRM field «Для статуса отложен» (README,
    # «Script decisions»); the supervisor's ticket is filed with the customer's answer.
    Row(dict(status=IN_PROCESSING, has_comment=True), _say(
        "utter_parcel_processing", "utter_parcel_order_comment", asks=(ORDER_COMMENT, "utter_ask_order_comment"))),
    Row(dict(status=IN_PROCESSING), _say(
        "utter_parcel_processing", ticket=Ticket(SUPERVISOR, "заказ в обработке, клиент спрашивает где заказ: номер СВ"))),
    Row(dict(status=Status.CHECKED), _say("utter_parcel_checked",
                                      ticket=Ticket(SUPERVISOR, "Проверен: скорректировать и подтвердить заново"))),
    # «Возврат» offers «Мы можем его оформить заново»: not to НЕ КОНТАКТИРОВАТЬ, and a «Возвратник» is asked
    # why they did not collect their orders first (seed 004, «Клиент "Возвратник"»).
    Row(dict(status=Status.RETURNED, standing=Standing.DO_NOT_CONTACT),
        _say("utter_parcel_returned_back", "utter_new_order_unavailable")),
    Row(dict(status=Status.RETURNED, standing=Standing.RETURNER),
        _say("utter_parcel_returned_back", asks=(WHY_RETURNED, "utter_ask_why_not_bought_out"))),
    Row(dict(status=Status.RETURNED), _say("utter_parcel_returned", TRANSFER, places_order=True, ticket=Ticket(
        OPERATOR, "Возврат: выяснить причину невыкупа, сверить ФИО/адрес, переоформить"))),
    Row(dict(status=LEFT_TO_A_HUMAN), _HUMAN_DECIDES),
    # Whatever no row above knows (a delivery method no row names, …): the same.
    Row(dict(), _HUMAN_DECIDES),
)


def decide(facts: ParcelFacts) -> Decision:
    return first_match(TABLE, facts)
