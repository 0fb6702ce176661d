"""One local server stack for the whole conversation suite, and a fresh customer per test."""
import os

import pytest

from bot.local_stack import Customer, Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """ASSISTANT_TOPOLOGY=scaled: the same suite against several Rasa workers and action servers behind HAProxy,
    on Redis and PostgreSQL (bot/scaled_stack.py; make test-scaled)."""
    if os.environ.get("ASSISTANT_TOPOLOGY") == "scaled":
        from bot.scaled_stack import ScaledStack

        running = ScaledStack(tmp_path_factory.mktemp("scaled")).start()
    else:
        running = Stack(tmp_path_factory.mktemp("stack")).start()
    os.environ["ORDER_STORE_URL"] = running.store_url  # the tests read tickets from the same store
    yield running
    running.stop()


@pytest.fixture
def customer(stack):
    return Customer(stack)
