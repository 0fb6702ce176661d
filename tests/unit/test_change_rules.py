"""«ИЗМЕНЕНИЕ ЗАКАЗА» tables row by row, and the «Возвратник» / НЕ КОНТАКТИРОВАТЬ gate before any new order."""
import datetime as dt
from dataclasses import replace
from types import SimpleNamespace

import pytest

from actions import change_rules as rules
from actions.change_rules import ChangeFacts, with_words
from actions.decision import OPERATOR, TRANSFER, Decision
from actions.parcel_rules import TABLE
from actions.pending_questions import ANSWERS
from actions.reorder_gate import AFTER_REASONS, WHY_RETURNED, Standing, gated, standing_of
from store.vocabulary import NEW_ORDER_INSTEAD_STATUSES, Status, TicketKind

BASE = ChangeFacts(status="Буфер", delivery="post", shipped=False, arrived=False, prepaid=False,
                   has_partner=False, partner_phone_known=False)
SHIPPED = replace(BASE, status="Экспортирован", shipped=True)


def ticket_kind(decision: Decision):
    return decision.ticket.kind if decision.ticket else None


# (changes to BASE, first phrase, ticket kind, question)
BLOCKED = [
    (dict(prepaid=True), "utter_prepaid_order_opp", TicketKind.OPP, None),
    # «Выгружено …» is «НЕ ТРОГАЕМ»: the partner's phone, or an operator when the list has none.
    (dict(status="Выгружено", has_partner=True, partner_phone_known=True), "utter_partner_order", None, None),
    (dict(status="Выгружено", has_partner=True), "utter_partner_order_no_phone", OPERATOR, None),
    # «НЕ ТРОГАЕМ ЕСЛИ СОГЛАСЕН, ОФОРМЛЯЕМ НОВЫЙ»: Отменён, Почтовый/Клиентский возврат, Корзина и Новый.
    *[(dict(status=s), "utter_change_new_order_offer", None, rules.NEW_ORDER_INSTEAD)
      for s in ("Отменён", "Возврат", "Клиентский возврат", "Корзина", "Новый")],
    # «НЕ ТРОГАЕМ»
    *[(dict(status=s), "utter_change_not_possible", None, None)
      for s in ("Отменён через WebUtils", "Запрос на аннуляцию", "Обрыв связи")],
]


@pytest.mark.parametrize("changes, phrase, ticket, question", BLOCKED, ids=[str(c[0]) for c in BLOCKED])
def test_blocked_changes(changes, phrase, ticket, question):
    decision = rules.decide(rules.BLOCKED, replace(BASE, **changes))
    assert decision.responses[0] == phrase
    assert ticket_kind(decision) == ticket and decision.question == question


@pytest.mark.parametrize("status", ["Буфер", "Экспортирован", "Подтвержден", "Отложен", "Проверка СВ"])
def test_statuses_that_may_change_go_on(status):
    assert rules.decide(rules.BLOCKED, replace(BASE, status=status)) is rules.GO_ON


def test_the_new_order_statuses_are_the_scripts():
    assert NEW_ORDER_INSTEAD_STATUSES == {"Отменён", "Возврат", "Клиентский возврат", "Корзина", "Новый"}


def test_agreeing_to_a_new_order_places_one_through_an_operator():
    yes, no = rules.NEW_ORDER_ANSWERS[True], rules.NEW_ORDER_ANSWERS[False]
    assert yes.places_order and ticket_kind(yes) == OPERATOR and yes.responses == (TRANSFER,)
    assert not no.places_order and no.ticket is None


CANCEL = [
    (dict(), "utter_change_recorded", TicketKind.CRM_EDIT),  # not on its way: annulled in the CRM
    (dict(status="Экспортирован"), "utter_change_recorded", TicketKind.CRM_EDIT),  # no ШПИ yet: «пробуем аннулировать»
    (dict(status="Экспортирован", shipped=True), "utter_cancel_refuse_at_post", None),
    (dict(status="Экспортирован", shipped=True, delivery="post_courier"), "utter_cancel_refuse_at_post", None),
    (dict(status="Экспортирован", shipped=True, arrived=True), "utter_cancel_call_post", None),
    (dict(status="Экспортирован", shipped=True, delivery="courier"), "utter_cancel_shipped_courier", None),
    (dict(status="Экспортирован", shipped=True, delivery="courier", arrived=True), "utter_cancel_shipped_courier", None),
    (dict(status="Экспортирован", shipped=True, delivery="pickup"), "utter_cancel_shipped_pickup", None),
    (dict(status="Экспортирован", shipped=True, delivery="pickup", arrived=True), "utter_cancel_shipped_pickup", None),
]


@pytest.mark.parametrize("changes, phrase, ticket", CANCEL, ids=[str(c[0]) for c in CANCEL])
def test_cancellation(changes, phrase, ticket):
    decision = rules.decide(rules.CANCEL, replace(BASE, **changes))
    assert decision.responses == (phrase,) and ticket_kind(decision) == ticket


def test_only_the_post_is_told_to_refuse_at_the_post_office():
    for delivery in ("courier", "pickup"):
        for arrived in (False, True):
            decision = rules.decide(rules.CANCEL, replace(SHIPPED, delivery=delivery, arrived=arrived))
            assert decision.responses[0] not in ("utter_cancel_refuse_at_post", "utter_cancel_call_post")


ADDRESS = [
    (dict(), "utter_change_fix_and_reissue", TicketKind.CRM_EDIT, None),
    (dict(status="Экспортирован"), "utter_change_fix_and_reissue", TicketKind.CRM_EDIT, None),
    (dict(status="Экспортирован", shipped=True), "utter_ask_address_same_city", None, rules.SAME_CITY),
    (dict(status="Экспортирован", shipped=True, same_city=False), "utter_change_fix_and_reissue", TicketKind.CRM_EDIT, None),
    (dict(status="Экспортирован", shipped=True, same_city=False, arrived=True), "utter_change_fix_and_reissue",
     TicketKind.CRM_EDIT, None),
    (dict(status="Экспортирован", shipped=True, same_city=True, delivery="courier"), "utter_change_address_courier_minor",
     TicketKind.CRM_EDIT, None),
    (dict(status="Экспортирован", shipped=True, same_city=True), "utter_change_address_post_minor", None,
     rules.RECEIVE_THERE),
    (dict(status="Экспортирован", shipped=True, same_city=True, delivery="post_courier"),
     "utter_change_address_post_minor", None, rules.RECEIVE_THERE),
    (dict(status="Экспортирован", shipped=True, same_city=True, arrived=True), "utter_change_address_arrived_call_post",
     None, None),
    (dict(status="Экспортирован", shipped=True, same_city=True, delivery="pickup"), "utter_change_address_pickup_minor",
     None, rules.RECEIVE_THERE),
    (dict(status="Экспортирован", shipped=True, same_city=True, delivery="pickup", arrived=True),
     "utter_change_address_pickup_arrived_minor", None, rules.RECEIVE_THERE),
]


@pytest.mark.parametrize("changes, phrase, ticket, question", ADDRESS, ids=[str(c[0]) for c in ADDRESS])
def test_address_change(changes, phrase, ticket, question):
    decision = rules.decide(rules.ADDRESS, replace(BASE, **changes))
    assert decision.responses == (phrase,)
    assert ticket_kind(decision) == ticket and decision.question == question


def test_can_the_customer_receive_it_there():
    yes, no = rules.RECEIVE_THERE_ANSWERS[True], rules.RECEIVE_THERE_ANSWERS[False]
    assert yes.responses == ("utter_change_recorded",) and ticket_kind(yes) == TicketKind.CRM_EDIT
    assert no.responses == ("utter_change_fix_and_reissue",) and no.places_order and "переоформить" in no.ticket.reason


def test_just_ordered():
    shipped = rules.decide(rules.JUST_ORDERED, SHIPPED)
    assert shipped.responses == ("utter_just_ordered_shipped",) and shipped.ticket is None
    for facts in (BASE, replace(BASE, status="Экспортирован")):  # not on its way yet: an operator checks
        decision = rules.decide(rules.JUST_ORDERED, facts)
        assert decision.responses == ("utter_just_ordered_checking",) and ticket_kind(decision) == OPERATOR


def test_the_customers_words_reach_the_ticket():
    decision = with_words(rules.decide(rules.ADDRESS, BASE), "Калуга, ул. Кирова 3")
    assert decision.ticket.reason.endswith("«Калуга, ул. Кирова 3»")


# «Возвратник» / НЕ КОНТАКТИРОВАТЬ

def customer(*statuses, do_not_contact=False):
    orders = [SimpleNamespace(status=s, created_at=dt.date(2026, 11, 1) - dt.timedelta(days=30 * i))
              for i, s in enumerate(statuses)]
    return SimpleNamespace(orders=orders, do_not_contact=do_not_contact)


@pytest.mark.parametrize("card, standing", [
    (customer("Возврат", "Возврат"), Standing.RETURNER),
    (customer("Возврат", "Возврат", "Экспортирован"), Standing.RETURNER),
    (customer("Возврат"), Standing.OK),
    (customer("Экспортирован", "Возврат", "Возврат"), Standing.OK),  # the latest one was collected
    (customer("Возврат", "Клиентский возврат"), Standing.OK),  # bought out, then sent back: not a non-collection
    (customer("Буфер", do_not_contact=True), Standing.DO_NOT_CONTACT),
    (None, Standing.OK),
])
def test_standing(card, standing):
    assert standing_of(card) == standing


PLACE = Decision((TRANSFER,), places_order=True)


def test_the_gate_stops_an_order_for_do_not_contact():
    assert gated(customer("Буфер", do_not_contact=True), PLACE).responses == ("utter_new_order_unavailable",)


def test_the_gate_asks_a_returner_why_first():
    decision = gated(customer("Возврат", "Возврат"), PLACE)
    assert decision.asks == (WHY_RETURNED, "utter_ask_why_not_bought_out") and decision.ticket is None


def test_the_gate_lets_others_and_other_decisions_through():
    assert gated(customer("Буфер"), PLACE) is PLACE
    not_placing = Decision(("utter_order_not_wanted",))
    assert gated(customer("Возврат", "Возврат"), not_placing) is not_placing


def test_after_the_reasons():
    assert AFTER_REASONS[True].responses == ("utter_returner_refused",) and AFTER_REASONS[True].ticket is None
    assert ticket_kind(AFTER_REASONS[False]) == OPERATOR


def test_every_yes_that_places_an_order_is_gated():
    """«Аннулирован» and «Аннулирован ФФ» by courier/ПВЗ offer to place the order again: «да» places it."""
    assert all(ANSWERS[q][True].places_order for q in ("ff_post_offer", "confirm_cancelled_this_month",
                                                      "confirm_cancelled_earlier"))
    assert not any(ANSWERS[q][False].places_order for q in ANSWERS)


def test_every_phrase_the_change_tables_name_exists_in_the_domain():
    import yaml
    responses = yaml.safe_load(open("domain.yml", encoding="utf-8"))["responses"]
    tables = (rules.BLOCKED, rules.CANCEL, rules.ADDRESS, rules.JUST_ORDERED)
    named = {r for table in tables for row in table for r in row.then.responses}
    named |= {r for answers in (rules.NEW_ORDER_ANSWERS, rules.RECEIVE_THERE_ANSWERS, AFTER_REASONS)
              for d in answers.values() for r in d.responses}
    named |= {"utter_ask_why_not_bought_out", "utter_new_order_unavailable"}
    assert named - set(responses) == set()
