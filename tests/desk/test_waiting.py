"""While nobody has taken the chat: after the configured time the customer hears the script's extend-hold phrase."""
from __future__ import annotations

import time

import requests

from tests.desk.harness import DeskProcess


def test_a_customer_waiting_untaken_is_thanked_for_waiting(stack, tmp_path, customer):
    quick = DeskProcess(stack, tmp_path, DESK_HOLD_EXTEND_SECONDS="1").start()
    try:
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
