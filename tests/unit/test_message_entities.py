"""Actions read the entities the NLU pipeline extracted; a form slot's text from another turn is parsed."""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List

from rasa_sdk import Tracker

from actions.context import found_in, order_named_in_message
from actions.order_choice import match_order
from store.models import Customer, Order, OrderItem


def _tracker(text: str, entities: List[Dict[str, Any]]) -> Tracker:
    return Tracker("t", {}, {"text": text, "entities": entities, "intent": {"name": "inform"}}, [], False, None, {},
                   "action_listen")


def _order(order_id: str, item: str, day: int) -> Order:
    return Order(id=order_id, created_at=dt.date(2026, 11, day), status="Экспортирован", delivery="post",
                 items=[OrderItem(name=item, qty=1, price=1.0)])


CUSTOMER = Customer(id="C1", last_name="Иванова", first_name="Мария",
                    orders=[_order("2000101", "Соковыжималка шнековая", 12), _order("2000102", "Ортопедическая подушка", 15)])


def test_the_order_named_is_the_pipelines_order_number_entity():
    payload = _tracker('/order_status{"order_number": "2000102"}', [{"entity": "order_number", "value": "2000102"}])
    assert order_named_in_message(payload, CUSTOMER).id == "2000102"


def test_digits_the_pipeline_did_not_take_for_an_order_number_select_nothing():
    assert order_named_in_message(_tracker("мой телефон 2000101", []), CUSTOMER) is None


def test_the_latest_messages_text_takes_the_pipelines_entities():
    tracker = _tracker("89161234567", [{"entity": "phone", "value": "+79161234567"}])
    assert found_in(tracker, "phone", "89161234567") == ["+79161234567"]
    assert found_in(_tracker("Иванова Мария", []), "person", "Иванова Мария") == []  # not re-parsed


def test_a_slot_text_from_another_turn_is_parsed_with_the_pipelines_finder():
    tracker = _tracker("где мои деньги", [])
    assert found_in(tracker, "phone", "8 916 123-45-67") == ["+79161234567"]
    assert found_in(tracker, "person", "Иванова Мария Петровна") == ["Иванова Мария Петровна"]
    assert found_in(tracker, "order_number", "№ 2000101") == ["2000101"]


def test_an_order_is_chosen_by_number_ordinal_or_item():
    offered = list(CUSTOMER.orders)
    assert match_order("№ 2000102", ["2000102"], offered, offered).id == "2000102"
    assert match_order("второй", [], offered, offered).id == offered[1].id
    assert match_order("с подушкой", [], offered, offered).id == "2000102"
    assert match_order("не помню", [], offered, offered) is None


def _offered(*ids: str) -> List[Order]:
    return [_order(order_id, "Ортопедическая подушка", 10 + n) for n, order_id in enumerate(ids)]


def test_an_order_number_misheard_by_a_digit_or_two_names_the_nearest_offered_order():
    offered = _offered("1001258", "1000185", "2000202")
    # What Whisper wrote for «сто, двенадцать, пятьдесят восемь» (the voice benchmark's own transcript)
    assert match_order("Заказа сто двенадцать пятьдесят восемь.", [], offered, offered).id == "1001258"
    assert match_order("Заказа 200. 0 2.", [], offered, offered).id == "2000202"
    assert match_order("номер 100085", [], offered, offered).id == "1000185"  # a digit lost in typing


def test_a_number_as_near_two_offered_orders_names_neither():
    offered = _offered("2000101", "2000102")
    assert match_order("двести, ноль два, ноль два", [], offered, offered) is None  # one edit from 2000102, two from 2000101
    assert match_order("Заказа 200. 0 2.", [], offered, offered) is None
    assert match_order("двести, ноль один, ноль два", [], offered, offered).id == "2000102"  # exact, as words


def test_a_number_far_from_every_offered_order_or_too_short_names_none():
    offered = _offered("1001258", "1000185")
    assert match_order("мой телефон 89161234567", [], offered, offered) is None
    assert match_order("3000101", [], offered, offered) is None
    assert match_order("100 12", [], offered, offered) is None


def test_a_lone_digit_is_a_position_in_the_list_a_digit_among_others_is_not():
    offered = _offered("2000101", "2000102")
    assert match_order("2", [], offered, offered).id == "2000102"  # keyed in on the phone
    assert match_order("заказ 2", [], offered, offered).id == "2000102"
    assert match_order("5", [], offered, offered) is None
    assert match_order("заказ 200 2", [], offered, offered) is None
