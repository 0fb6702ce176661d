"""While the customer waits: with an operator at the desk the chat is queued, the assistant keeps answering, and
what the customer wrote meanwhile is in front of the operator who takes it; with nobody at the desk the customer
is told so, a callback ticket is filed and the conversation goes on; an untaken chat hears the extend-hold phrase."""
from __future__ import annotations

import time

import requests
from sqlalchemy import delete

from store import livechat, queries
from store.db import session_scope
from store.models import DeskSession
from tests.conversation.test_where_is_my_parcel import demo_case, identify_by_phone
from tests.desk.harness import DeskProcess

TRANSFER = "ожидайте ответа специалиста"
NO_SPECIALIST = "К сожалению, сейчас нет свободных специалистов. Ваше обращение зафиксировано, ожидайте звонка"


def _everyone_logged_out() -> None:
    with session_scope() as s:
        s.execute(delete(DeskSession))


def test_with_nobody_at_the_desk_the_customer_is_told_so_gets_a_callback_and_goes_on(desk: DeskProcess, customer):
    _everyone_logged_out()
    reply = customer.says_text("соедините с оператором")
    assert NO_SPECIALIST in reply and TRANSFER not in reply
    assert reply.endswith("Могу ли я Вам ещё чем-нибудь помочь?")
    assert [t.kind for t in queries.tickets(customer.sender)] == ["callback"]
    assert livechat.active_chat(customer.sender) is None  # nothing waits in the desk's live queue
    assert customer.says_text("где моя посылка?")  # the assistant is not paused


def test_a_topic_that_hands_over_takes_its_transfer_promise_back_when_nobody_is_at_the_desk(desk, customer):
    _everyone_logged_out()
    record, _order = demo_case("new")  # «Новый»: the script hands the order to an operator
    answer = identify_by_phone(customer, record, 0)
    assert "по техническим причинам Ваш заказ не мог быть отправлен" in answer
    assert f"{record['first_name']} {record['middle_name']}, к сожалению, сейчас нет свободных специалистов" in answer
    assert TRANSFER not in answer and answer.endswith("могу ли я Вам ещё чем-нибудь помочь?")
    assert [t.kind for t in queries.tickets(customer.sender)] == ["callback"]


def test_with_an_operator_at_the_desk_the_chat_waits_and_what_the_customer_writes_meanwhile_reaches_them(
        desk: DeskProcess, customer):
    operator = desk.login("ivanova")  # the desk open: an operator is at work
    assert TRANSFER in customer.says_text("соедините с оператором")
    ticket = queries.tickets(customer.sender)[-1]
    assert ticket.kind == "operator" and livechat.active_chat(customer.sender).state == livechat.WAITING
    assert customer.says_text("пока жду: мой номер 8 900 100-02-01")  # the assistant still answers
    assert customer.says_text("и ещё вопрос про возврат денег")

    assert operator.post(f"/api/tickets/{ticket.id}/chat/take").status_code == 200
    customer_turns = [t["text"] for t in operator.get(f"/api/tickets/{ticket.id}").json()["turns"]
                      if t["who"] == "customer"]
    assert customer_turns[-3:] == ["соедините с оператором", "пока жду: мой номер 8 900 100-02-01",
                                   "и ещё вопрос про возврат денег"]


def test_a_customer_waiting_untaken_is_thanked_for_waiting(desk: DeskProcess, tmp_path, customer):
    quick = DeskProcess(desk.stack, tmp_path, DESK_HOLD_EXTEND_SECONDS="1").start()
    try:
        quick.login("petrov")
        customer.says("соедините с оператором")
        deadline, texts = time.monotonic() + 20, []
        while time.monotonic() < deadline and not texts:
            reply = requests.get(f"{quick.url}/customer/rest/{customer.sender}/messages", timeout=10).json()
            texts = [m["text"] for m in reply["messages"]]
            time.sleep(0.5)
        assert texts and texts[0].startswith("Спасибо за ожидание. Уточнение информации займет еще некоторое время")
        assert reply["operator_connected"] is False
    finally:
        quick.stop()
