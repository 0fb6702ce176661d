"""«Где посылка» for every demo case, over the REST channel, exactly as a customer would write it."""
import json
from pathlib import Path

import pytest

from demo.build_demo_data import CASES

DEMO = json.loads((Path(__file__).resolve().parents[2] / "demo" / "orders.json").read_text(encoding="utf-8"))
TRANSFER = "соединю вас со специалистом"
# The script's key words for each case (what a customer must read), and the ticket a human must get.
EXPECTED = {
    "exported_post": (["заказ уже отправлен", "ориентировочно 28 ноября", "извещения с почты", "17012345678901"], None),
    "exported_post_no_tracking": (["заказ уже готовится к отправке", "смс оповещение"], None),
    "exported_post_arrived": (["заказ уже в почтовом отделении", "17012345678918"], None),
    "exported_courier": (["ожидайте звонка от курьерской службы", "СДЭК", "1234567890"], None),
    "exported_courier_no_tracking": (["заказ уже готовится к отправке"], None),
    "exported_courier_arrived": (["ожидайте звонка от курьерской службы", "Dalli", "DL5566778"], None),
    "exported_pickup": (["ожидайте смс оповещение", "срок хранения 3 дня", "ул. Малышева"], None),
    "exported_pickup_no_tracking": (["заказ уже готовится к отправке"], None),
    "exported_pickup_arrived": (["срок хранения 3 дня", "постамат PickPoint"], None),
    "exported_post_courier": (["заказ уже отправлен", "ориентировочно 30 ноября", "17012345678925"], None),
    "exported_post_courier_no_tracking": (["заказ уже готовится к отправке"], None),
    "exported_post_courier_arrived": (["заказ уже в почтовом отделении", "17012345678932"], None),
    "new": (["по техническим причинам Ваш заказ не мог быть отправлен", "сверить данные заказа", TRANSFER], "operator"),
    "cart": (["по техническим причинам Ваш заказ не мог быть отправлен", TRANSFER], "operator"),
    "deferred": (["не мог быть отправлен", "Причина: не указан номер дома в адресе доставки", TRANSFER], "operator"),
    "deferred_no_comment": (["не мог быть отправлен", TRANSFER], "operator"),
    "buffer_first_post": (["закончился на складе", "в течение 5 - 7 дней", "извещения из почты"], None),
    "buffer_repeat_post": (["Ваш заказ у нас в приоритете", "в течение 2 - 4 недель", "извещения из почты"], None),
    "buffer_first_courier": (["закончился на складе", "в течение 5 - 7 дней", "звонка от курьера"], None),
    "buffer_repeat_courier": (["в приоритете", "в течение 2 - 4 недель", "звонка от курьера"], None),
    "buffer_first_pickup": (["закончился на складе", "в течение 5 - 7 дней", "смс-оповещения"], None),
    "cancelled_ff_post": (["передаю Ваш вопрос на уточнение", "в течение 1-2 дней"], "supervisor"),
    "cancelled_ff_courier": (["ранее выбирали способ доставки курьером", "только почтой, удобно будет?"], None),
    "cancelled_ff_pickup": (["способ доставки в пункт выдачи (ПВЗ)", "только почтой, удобно будет?"], None),
    "cancelled_by_customer_this_month": (["от заказа отказывались", "сейчас мы его подтвердим"], None),
    "cancelled_by_customer_last_month": (["от заказа отказывались", "сейчас мы его подтвердим"], None),
    "cancelled_other": (["по технической причине Ваш заказ не был отправлен", "можем с Вами подтвердить"], None),
    "manual_check": (["Ваш заказ находится в обработке", "в ближайшее время он будет отправлен"], "supervisor"),
    "confirmed": (["Ваш заказ находится в обработке"], "supervisor"),
    # «ВАЖНО! Если есть комментарий для уточнения у клиента – запросить это»: the ticket waits for the answer.
    "supervisor_check": (["Ваш заказ находится в обработке", "комментарий для уточнения: «уточнить номер квартиры»",
                          "уточните, пожалуйста, эту информацию"], None),
    "checked": (["ожидайте, с Вами свяжутся"], "supervisor"),
    "returned": (["Ваш заказ был возвращён к нам обратно", "оформить заново", TRANSFER], "operator"),
    "partner_mint": (["«Императорский монетный двор»", "8 800 301 75 06"], None),
    "partner_exclusive": (["«Эксклюзивная коллекция»", "8 800 707 37 42"], None),
    "partner_charm": (["«ШАРМ»", TRANSFER], "operator"),
    "partner_omega": (["«ОМЕГА»", "8 800 250 10 67"], None),
    "partner_catalogue": (["«Каталог МойМир»", "8 800 250 21 76"], None),
    **{key: ([TRANSFER], "operator") for key in (
        "closed_region", "cancelled_unavailable", "cancelled_webutils", "cancellation_requested", "connection_lost",
        "customer_return", "happy_call", "happy_call_refused")},
}
NOTATIONS = ["8 {a} {b}-{c}-{d}", "+7({a}){b}{c}{d}", "{a}{b}{c}{d}", "+7 {a} {b} {c} {d}", "8-{a}-{b}-{c}-{d}"]
CASE_NUMBER = {key: n for n, (key, *_rest) in enumerate(CASES, start=1)}


def written_phone(phone: str, style: int) -> str:
    digits = phone[2:]
    return NOTATIONS[style % len(NOTATIONS)].format(a=digits[:3], b=digits[3:6], c=digits[6:8], d=digits[8:])


def demo_case(key: str):
    n = CASE_NUMBER[key]
    customer = DEMO["customers"][n - 1]
    order = next(o for o in DEMO["orders"] if o["customer_id"] == customer["id"])
    return customer, order


def order_details(order) -> list:
    """Strings that would leak the order if said before identification."""
    leaks = [order["id"], order["status"], "отправлен", "ориентировочно"]
    return leaks + [v for v in (order.get("tracking_number"), order.get("pickup_point")) if v]


def identify_by_phone(customer, record, style: int) -> str:
    greeting = customer.says_text("Здравствуйте")
    assert "Отдел поддержки клиентов" in greeting and "Чем могу Вам помочь?" in greeting
    asked = customer.says_text("подскажите где моя посылка")
    assert "номер телефона или ФИО" in asked
    read_back = customer.says_text(written_phone(record["phones"][0], style))
    full_name = f"{record['last_name']} {record['first_name']} {record['middle_name']}"
    assert read_back == f"{full_name}, верно?"
    customer.before_identified = list(customer.transcript)
    return customer.says_text("да")


def test_every_demo_case_is_covered():
    assert set(EXPECTED) == set(CASE_NUMBER)


@pytest.mark.parametrize("key", list(EXPECTED))
def test_where_is_my_parcel(customer, key):
    record, order = demo_case(key)
    answer = identify_by_phone(customer, record, CASE_NUMBER[key])
    said_before = "\n".join(line for line in customer.before_identified if line.startswith("<"))
    for leak in order_details(order):  # nothing about the order before «да»
        assert leak not in said_before, leak
    io = f"{record['first_name']} {record['middle_name']}"
    assert answer.startswith(io), answer
    words, ticket_kind = EXPECTED[key]
    for word in words:
        assert word in answer, f"{word!r} not in {answer!r}"
    tickets = customer.tickets()
    assert [t.kind for t in tickets] == ([ticket_kind] if ticket_kind else [])
    for t in tickets:
        assert (t.customer_id, t.order_id) == (record["id"], order["id"])
        assert t.reason and "где моя посылка" in t.summary
    if order.get("partner"):
        assert "отправлен" not in answer and order["id"] not in answer  # partners' orders are not discussed
    if ticket_kind != "operator" and key not in ("cancelled_ff_courier", "cancelled_ff_pickup", "supervisor_check") and \
            not key.startswith("cancelled_by") and key != "cancelled_other":
        assert answer.endswith("могу ли я Вам ещё чем-нибудь помочь?")


@pytest.mark.parametrize("key, reply, expected, reason", [
    ("cancelled_ff_courier", "да, удобно", TRANSFER, "согласен на доставку почтой"),
    ("cancelled_ff_pickup", "нет", "информация по вашему вопросу зафиксирована", "не согласен на почту"),
    ("cancelled_by_customer_this_month", "да", TRANSFER, "текущего месяца"),
    ("cancelled_by_customer_last_month", "да", TRANSFER, "прошлого месяца: переоформить"),
    ("cancelled_other", "нет", "заказ оставляем без изменений", None),
])
def test_the_scripts_yes_no_questions(customer, key, reply, expected, reason):
    record, order = demo_case(key)
    identify_by_phone(customer, record, 0)
    answer = customer.says_text(reply)
    assert expected in answer
    tickets = customer.tickets()
    if reason:
        assert len(tickets) == 1 and reason in tickets[0].reason and tickets[0].order_id == order["id"]
    else:
        assert tickets == []


def test_buffer_second_contact_gets_the_repeat_phrase(stack):
    from bot.local_stack import Customer

    stack.import_demo()  # forget earlier tests' contacts
    record, _ = demo_case("buffer_first_pickup")
    first = identify_by_phone(Customer(stack), record, 1)
    assert "5 - 7 дней" in first
    second = identify_by_phone(Customer(stack), record, 2)
    assert "2 - 4 недель" in second and "в приоритете" in second


def test_the_orders_comment_is_asked_and_the_answer_goes_to_the_supervisor(customer):
    record, order = demo_case("supervisor_check")
    identify_by_phone(customer, record, 0)
    answer = customer.says_text("квартира 15, третий подъезд")
    assert "информация по вашему вопросу зафиксирована и передана в соответствующий отдел" in answer
    [ticket] = customer.tickets()
    assert ticket.kind == "supervisor" and ticket.order_id == order["id"]
    assert "уточнить номер квартиры" in ticket.reason and "квартира 15, третий подъезд" in ticket.reason


def test_the_operators_rs_mark_is_not_asked_about(customer):
    """«Ручная сверка» with «РС» in «Для статуса отложен»: the operators' own mark, nothing to ask."""
    answer = customer.says_text("где мой заказ? 8 900 512-03-01")
    if answer.endswith("верно?"):
        answer = customer.says_text("да")
    assert "Ваш заказ находится в обработке" in answer and "РС" not in answer and "уточните" not in answer
    assert [t.kind for t in customer.tickets()] == ["supervisor"]
