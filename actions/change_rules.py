"""«ИЗМЕНЕНИЕ ЗАКАЗА» as decision tables: order facts → what the script says and who must act.

Like actions/parcel_rules.py: rows are tried top to bottom, the first whose conditions all hold wins;
phrases are response names of domain.yml. A ticket's reason gets the customer's own words appended
where the operator needs them (the new address, what to change).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping, Optional, Tuple

from actions.decision import OPERATOR, TRANSFER, Decision, Row, Ticket, first_match
from store.vocabulary import (COURIER, EXPORTED_STATUSES, NEW_ORDER_INSTEAD_STATUSES, PICKUP, POSTAL,
                              UNTOUCHABLE_STATUSES, TicketKind)

CRM_EDIT = TicketKind.CRM_EDIT
GO_ON = Decision(())  # nothing stops the change: the topic goes on with its own questions
NEW_ORDER_INSTEAD = "new_order_instead"  # yes/no: «НЕ ТРОГАЕМ ЕСЛИ СОГЛАСЕН, ОФОРМЛЯЕМ НОВЫЙ»
SAME_CITY = "same_city"  # yes/no: is the new address in the same town?
RECEIVE_THERE = "receive_there"  # yes/no: «Скажите, у Вас будет возможность там получить заказ?»


@dataclass(frozen=True)
class ChangeFacts:
    status: str
    delivery: str
    shipped: bool  # Экспортирован with a ШПИ: on its way, the CRM order can no longer be edited
    arrived: bool  # «Прибыл в город»
    prepaid: bool
    has_partner: bool
    partner_phone_known: bool
    same_city: Optional[bool] = None  # the customer's answer, once asked


def _say(*responses: str, ticket: Optional[Ticket] = None, question: Optional[str] = None,
         places_order: bool = False) -> Decision:
    return Decision(tuple(responses), ticket, question, places_order=places_order)


# Before any change: who may not have their order changed, and what they get instead.
BLOCKED: Tuple[Row, ...] = (
    # «ЗАКАЗЫ С ПОЛНОЙ ПРЕДОПЛАТОЙ НЕ ТРОГАЕМ – ПРИ ДОБАВЛЕНИИ / ИЗМЕНИИ / АННУЛИРОВАНИЕ СОЗДАЕМ - ОПП»
    Row(dict(prepaid=True), _say("utter_prepaid_order_opp", ticket=Ticket(TicketKind.OPP, "заказ с полной предоплатой"))),
    # «Выгружено … Заказ выгрузили нашим партнёрам — НЕ ТРОГАЕМ»; partners' orders: «ПРЕДОСТАВЛЯЕМ НОМЕР ТЕЛЕФОНА»
    Row(dict(has_partner=True, partner_phone_known=True), _say("utter_partner_order")),
    Row(dict(has_partner=True), _say("utter_partner_order_no_phone", TRANSFER, ticket=Ticket(
        OPERATOR, "изменение заказа партнёра, телефона партнёра нет в списке номеров"))),
    # Отменён, Почтовый/Клиентский возврат, Корзина и Новый: «НЕ ТРОГАЕМ ЕСЛИ СОГЛАСЕН, ОФОРМЛЯЕМ НОВЫЙ»
    Row(dict(status=NEW_ORDER_INSTEAD_STATUSES), _say("utter_change_new_order_offer", question=NEW_ORDER_INSTEAD)),
    # Отменён через WebUtils, Запрос на аннуляцию, Обрыв связи: «НЕ ТРОГАЕМ»
    Row(dict(status=UNTOUCHABLE_STATUSES), _say("utter_change_not_possible")),
    Row(dict(), GO_ON),
)

NEW_ORDER_ANSWERS: Mapping[bool, Decision] = MappingProxyType({
    True: _say(TRANSFER, ticket=Ticket(OPERATOR, "заказ «не трогаем»: клиент согласен на новый заказ, оформить"),
               places_order=True),
    False: _say("utter_order_not_wanted"),
})

# Cancellation after the objection rounds.
CANCEL: Tuple[Row, ...] = (
    # «Прибыло в город … предлагаем клиенту позвонить на почту, диктуем номер гор. линии Почты, чтобы
    # направили на его Почтовое отделение» (004, «При отмене заказа»)
    Row(dict(shipped=True, delivery=POSTAL, arrived=True), _say("utter_cancel_call_post")),
    # «Пожалуйста, обратитесь в Ваше почтовое отделение и напишите отказ от посылки» (004, «Я позвонил и
    # отказался от заказа») — a post office only exists for the post.
    Row(dict(shipped=True, delivery=POSTAL), _say("utter_cancel_refuse_at_post")),
    Row(dict(shipped=True, delivery=COURIER), _say("utter_cancel_shipped_courier")),
    Row(dict(shipped=True, delivery=PICKUP), _say("utter_cancel_shipped_pickup")),
    # Not on its way yet: «Заказ аннулируем если в позволяющем статусе» — the operator does it in the CRM.
    Row(dict(), _say("utter_change_recorded", ticket=Ticket(
        CRM_EDIT, "аннулировать заказ по просьбе клиента (возражения отработаны)"))),
)

_REISSUE = "utter_change_fix_and_reissue"  # «Сейчас исправим ошибку и сможем переоформить Вам заказ.»

# «Не верный адрес/Ошибка в адресе доставки» (004).
ADDRESS: Tuple[Row, ...] = (
    # Буфер / Экспортирован без ШПИ / Ручная сверка / Подтвержден / Проверка СВ / Отложен: corrected in the CRM.
    Row(dict(shipped=False), _say(_REISSUE, ticket=Ticket(CRM_EDIT, "исправить адрес доставки"))),
    # Экспортирован, есть ШПИ: the answer depends on how far the new address is.
    Row(dict(same_city=None), _say("utter_ask_address_same_city", question=SAME_CITY)),
    # «ошибка вплоть до нас пункта … сможем переоформить»; «Прибыло в город - не совпадает адрес … ТОЛЬКО ПЕРЕОФОРМЛЕНИЕ!»
    Row(dict(same_city=False), _say(_REISSUE, places_order=True, ticket=Ticket(
        CRM_EDIT, "ошибка в адресе вплоть до населённого пункта, переоформить"))),
    # «Куреьр, ошибка не значительная (в черте насел пункта)»
    Row(dict(delivery=COURIER), _say("utter_change_address_courier_minor", ticket=Ticket(
        CRM_EDIT, "адрес в черте населённого пункта, сообщить курьерской службе"))),
    # «Прибыло в город - сверяем адрес, если адрес совпадает и находится в этом же городе … диктуем номер
    # гор. линии Почты, чтобы направили на его Почтовое отделение»
    Row(dict(delivery=POSTAL, arrived=True), _say("utter_change_address_arrived_call_post")),
    # «Почта РФ/ПВЗ, ошибка не значительная … Заказ поступит(л) в ___ отделение. Скажите, у Вас будет
    # возможность там получить заказ?»
    Row(dict(delivery=POSTAL), _say("utter_change_address_post_minor", question=RECEIVE_THERE)),
    Row(dict(delivery=PICKUP, arrived=True), _say("utter_change_address_pickup_arrived_minor", question=RECEIVE_THERE)),
    Row(dict(delivery=PICKUP), _say("utter_change_address_pickup_minor", question=RECEIVE_THERE)),
    Row(dict(), _say(TRANSFER, ticket=Ticket(OPERATOR, "изменить адрес: способ доставки без ответа по скрипту"))),
)

# The answer to «у Вас будет возможность там получить заказ?»: yes — the order goes to that office as it
# is, the address is corrected; no — the script's other branch, the order is placed again.
RECEIVE_THERE_ANSWERS: Mapping[bool, Decision] = MappingProxyType({
    True: _say("utter_change_recorded", ticket=Ticket(
        CRM_EDIT, "адрес в черте населённого пункта, клиент получит заказ в том же отделении / ПВЗ")),
    False: _say(_REISSUE, places_order=True, ticket=Ticket(
        CRM_EDIT, "клиент не сможет получить заказ в прежнем отделении / ПВЗ: переоформить на новый адрес")),
})

# «Я же заказывал пару часов назад/сегодня!» (004, «При возмущении клиента»).
JUST_ORDERED: Tuple[Row, ...] = (
    # «…поэтому заказ возможно уже был отправлен.» (Если статус экспортирован)
    Row(dict(status=EXPORTED_STATUSES, shipped=True), _say("utter_just_ordered_shipped")),
    # «ИО, сейчас я уточню информацию, оставайтесь на линии. Звонок для вас бесплатный.» — then the operator
    # finds the order, annuls it if the status allows, makes the changes, recalculates, confirms or annuls.
    Row(dict(), _say("utter_just_ordered_checking", ticket=Ticket(
        OPERATOR, "«я же заказывал пару часов назад»: аннулировать / изменить заказ, если статус позволяет"))),
)


def decide(table: Tuple[Row, ...], facts: ChangeFacts) -> Decision:
    return first_match(table, facts)


def with_words(decision: Decision, words: str, limit: int = 200) -> Decision:
    """The decision with the customer's words added to its ticket's reason (for the operator)."""
    if decision.ticket is None or not words:
        return decision
    return replace(decision, ticket=Ticket(decision.ticket.kind, f"{decision.ticket.reason}: «{words[:limit]}»"))
