"""A chat left mid-topic after identification leaves a callback ticket (seed 002, «Действия в случае сброса
звонка»: a conversation broken off while it was going on is called back once; one that never started is not).

The sweep (bot.abandonment) runs in the server every minute over chats idle for 15 minutes; the tests ask
it for one conversation with no idle time (POST /webhooks/abandoned/sweep), as `make abandoned` does for all.
"""
import requests

SEVERAL_ORDERS_PHONE = "+7 916 123 45 67"


def sweep(customer, idle_minutes: float = 0) -> list:
    reply = requests.post(f"{customer.stack.base_url}/webhooks/abandoned/sweep",
                          json={"sender": customer.sender, "idle_minutes": idle_minutes}, timeout=60)
    assert reply.status_code == 200, reply.text
    return reply.json()["tickets"]


def callbacks(customer) -> list:
    return [t for t in customer.tickets() if t.kind == "callback"]


def test_a_chat_left_while_choosing_the_order_gets_one_callback_ticket(customer):
    customer.says_text("где мой заказ")
    customer.says_text(SEVERAL_ORDERS_PHONE)
    assert "у Вас несколько заказов" in customer.says_text("да")
    [filed] = sweep(customer)
    [ticket] = callbacks(customer)
    assert filed["ticket_id"] == ticket.id and ticket.customer_id
    assert "не выбрал заказ" in ticket.reason and "перезвонить" in ticket.reason
    assert sweep(customer) == [] and len(callbacks(customer)) == 1  # once per message of the customer
    # Back after all: the conversation goes on where it stood, still choosing the order (an answer about an
    # order is not asked for here: it would count as a contact and change other tests' «first contact»).
    assert "Не нашла такого заказа среди Ваших" in customer.says_text("а вот этот, 9999999")


def test_a_chat_that_was_answered_or_never_identified_gets_none(customer):
    customer.says_text("где посылка")
    assert sweep(customer) == []  # not identified: nobody to call back (002: nothing had started)
    customer.says_text("89001009902")
    customer.says_text("да")  # the answer, then «чем-нибудь ещё помочь?»: nothing left open
    assert sweep(customer) == [] and callbacks(customer) == []


def test_a_chat_idle_for_less_than_the_limit_is_left_alone(customer):
    customer.says_text("где мой заказ")
    customer.says_text(SEVERAL_ORDERS_PHONE)
    customer.says_text("да")
    assert sweep(customer, idle_minutes=15) == [] and callbacks(customer) == []
