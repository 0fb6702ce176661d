"""One local server stack for the whole conversation suite, and a fresh customer per test."""
import os

import pytest

from bot.local_stack import Customer, Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    running = Stack(tmp_path_factory.mktemp("stack")).start()
    os.environ["ORDER_STORE_URL"] = running.store_url  # the tests read tickets from the same store
    yield running
    running.stop()


@pytest.fixture
def customer(stack):
    return Customer(stack)
