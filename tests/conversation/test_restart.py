"""A conversation outlives the Rasa server: killed (`kill -9`) and started again, it continues where it was."""
import signal

import pytest

from bot.local_stack import Customer, Stack


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory):
    """A stack of its own: this test kills its Rasa server."""
    running = Stack(tmp_path_factory.mktemp("restart")).start()
    yield running
    running.stop()


def kill_and_restart_rasa(stack: Stack) -> None:
    rasa = stack.procs.pop()  # started last by Stack.start
    rasa.send_signal(signal.SIGKILL)
    rasa.wait(timeout=30)
    stack.wait_for_rasa_server(stack.start_rasa_server(stack.workdir / "endpoints.yml"))


def test_an_identified_customer_continues_after_the_server_is_killed(own_stack):
    customer = Customer(own_stack)
    customer.says_text("где посылка")
    assert customer.says_text("89001000101") == "Иванова Мария Петровна, верно?"
    kill_and_restart_rasa(own_stack)
    # the pending question is still «…, верно?»: «да» confirms it and the order is found, no phone asked again
    answer = customer.says_text("да")
    assert "заказ уже отправлен" in answer and "номер телефона" not in answer
    # and the customer stays identified for the next question
    kill_and_restart_rasa(own_stack)
    assert "номер телефона или ФИО" not in customer.says_text("а где мой заказ?")
