"""One scaled topology for the module's tests: two Rasa workers and two action servers behind HAProxy, on a
real Redis (lock store, tracker store) and a real PostgreSQL (order store), started by bot/scaled_stack.py."""
import os

import pytest

from bot.scaled_stack import ScaledStack


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    running = ScaledStack(tmp_path_factory.mktemp("scaled"), workers=2, action_workers=2)
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    os.environ["ORDER_STORE_URL"] = running.store_url
    yield running
    running.stop()
