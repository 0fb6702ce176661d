"""Returns' decision tables: how receipt is known by delivery method, and what недовложение leads to."""
import datetime as dt

import pytest
import yaml

from actions.returns import INCOMPLETE_RULES, RECEIPT_RULES, Missing, missing_line, received_on_in_words
from bot.telegram.config import ROOT
from store.models import Order, OrderItem
from store.vocabulary import Delivery

TODAY = dt.date(2026, 11, 20)


def order(delivery: str = "courier", created: dt.date = dt.date(2026, 11, 10)) -> Order:
    return Order(id="1", delivery=delivery, created_at=created, items=[
        OrderItem(name="Ортопедическая подушка", gift=False), OrderItem(name="Лампа для чтения с лупой", gift=False),
        OrderItem(name="Набор ножей (подарок)", gift=True)])


def test_every_delivery_method_has_a_receipt_rule() -> None:
    assert set(RECEIPT_RULES) == set(Delivery)


# Seed 004: «Почта России - по № ШПИ, курьерские службы - ориентируемся на дату заказа … и на слова клиента».
@pytest.mark.parametrize("delivery, tracked", [("post", True), ("post_courier", True), ("courier", False), ("pickup", False)])
def test_only_postal_orders_trust_the_crm_buyout_date(delivery: str, tracked: bool) -> None:
    rule = RECEIPT_RULES[Delivery(delivery)]
    assert rule.tracked is tracked
    assert ("courier" not in rule.not_received) is tracked  # «не выкупать на почте» is for postal orders only


@pytest.mark.parametrize("words, received_on", [
    ("получила позавчера", dt.date(2026, 11, 18)),
    ("да, получил", dt.date(2026, 11, 10)),  # only «received»: the order date (courier delivery is fast)
    ("курьер ещё не привёз", None),
    ("нет", None),
    ("ещё нет", None),
])
def test_the_customer_s_words_say_when_a_courier_order_came(words: str, received_on) -> None:
    assert received_on_in_words(order(), words, TODAY) == received_on


@pytest.mark.parametrize("words, missing, line", [
    ("в посылке не было подарка", Missing.GIFT, "Набор ножей (подарок)"),
    ("ножей не было", Missing.GIFT, "Набор ножей (подарок)"),
    ("не пришла лампа", Missing.ITEM, "Лампа для чтения с лупой"),
    ("не хватает части комплекта", Missing.PART, None),
    ("нет насадки от подушки", Missing.PART, "Ортопедическая подушка"),
    ("посылка неполная", None, None),
])
def test_what_is_missing(words: str, missing, line) -> None:
    found, item = missing_line(order(), words)
    assert found == missing and (item.name if item else None) == line


# Seed 004 СПРАВКА: «не делает досыл частей комплекта, но может дослать клиенту товар, подарок и карту (если они
# не пришли, а клиент заказывал)».
def test_a_gift_or_an_item_that_was_ordered_is_sent_again_with_a_ticket_a_part_is_not() -> None:
    for missing in (Missing.GIFT, Missing.ITEM):
        assert INCOMPLETE_RULES[(missing, True)].resend_ticket
        assert INCOMPLETE_RULES[(missing, False)].transfer and not INCOMPLETE_RULES[(missing, False)].resend_ticket
    for ordered in (True, False):
        part = INCOMPLETE_RULES[(Missing.PART, ordered)]
        assert part.ask_opening_act and not part.resend_ticket


def test_no_incomplete_phrase_asks_to_enclose_the_act() -> None:
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    said = {r for decision in INCOMPLETE_RULES.values() for r in decision.responses} | {"utter_incomplete_exchange"}
    assert not any("вложите акт" in v["text"] for name in said for v in responses[name])
