"""The action server stops mid-conversation: the customer hears the apology and «попробуйте, пожалуйста, позже»
instead of nothing, and the ticket the failed turn would have filed is filed once the action server is back."""
import time

import pytest

from bot.local_stack import Customer, Stack
from tests.conversation.helpers import TRANSFER, identify, ticket_kinds

TRY_LATER = "попробуйте, пожалуйста, позже"
APOLOGY = "от лица компании приношу искренние извинения за доставленные неудобства"


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory):
    """A stack of its own: this test stops its action server."""
    running = Stack(tmp_path_factory.mktemp("actions-down")).start()
    yield running
    running.stop()


def stop_action_server(stack: Stack) -> None:
    actions = next(proc for proc in stack.procs if "rasa_sdk" in proc.args)
    stack.procs.remove(actions)
    actions.terminate()
    actions.wait(timeout=30)


def start_action_server(stack: Stack) -> None:
    stack.wait_for_action_server(stack.start_action_server())


def wait_for_tickets(customer: Customer, seconds: float = 20) -> list:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not ticket_kinds(customer):
        time.sleep(0.5)
    return ticket_kinds(customer)


def test_the_customer_is_told_to_try_later_and_the_request_is_not_lost(own_stack):
    customer = Customer(own_stack)
    customer.says_text("Здравствуйте")
    identify(customer, "89002000101", "Ершова Дарья Олеговна")
    stop_action_server(own_stack)
    try:
        for message in ("позовите живого человека", "алло, вы здесь?"):
            answer = customer.says_text(message)
            assert APOLOGY in answer.lower() and TRY_LATER in answer, customer.transcript
        assert ticket_kinds(customer) == []  # the order store is the action server's: nothing could be written
    finally:
        start_action_server(own_stack)
    # the conversation goes on where it was: still identified, no phone asked
    answer = customer.says_text("где мой заказ")
    assert "номер телефона" not in answer and TRY_LATER not in answer, customer.transcript
    # and the operator request of the failed turn reaches the order store with the customer's card
    assert wait_for_tickets(customer) == ["operator"]
    [ticket] = customer.tickets()
    assert ticket.customer_id == "C910"


def test_a_repeated_request_is_filed_once(own_stack):
    customer = Customer(own_stack)
    customer.says_text("Здравствуйте")
    identify(customer, "89002000101", "Ершова Дарья Олеговна")
    stop_action_server(own_stack)
    try:
        assert TRY_LATER in customer.says_text("позовите живого человека")
    finally:
        start_action_server(own_stack)
    assert TRANSFER in customer.says_text("позовите живого человека")  # the customer tried again, as asked
    time.sleep(3)
    assert ticket_kinds(customer) == ["operator"]
