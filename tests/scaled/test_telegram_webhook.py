"""Telegram in webhook mode under the scaled topology: Telegram (the Bot API emulator) posts a customer's message
to the load balancer, HAProxy passes it to the Telegram front, and the assistant's reply reaches the chat."""
from __future__ import annotations

from typing import Iterator

import pytest

from bot.scaled_stack import ScaledStack
from tests.telegram.harness import Emulator, TelegramUser

GREETING = "Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса"
TOKEN = "300001:TEST-token-for-the-emulator"


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    running = Emulator(tmp_path_factory.mktemp("emulator")).start()
    yield running
    running.stop()


def test_a_message_posted_to_the_load_balancer_gets_the_assistants_reply(scaled: ScaledStack,
                                                                         emulator: Emulator) -> None:
    assert scaled.haproxy
    scaled.start_telegram_front(TOKEN, TELEGRAM_API_URL=emulator.url)
    user = TelegramUser(emulator, TOKEN)
    user.send_text("здравствуйте")  # the emulator posts the update to the webhook it was given: HAProxy's address
    assert user.replies_with(GREETING)[0].text.startswith(GREETING)
    assert scaled.haproxy.requests_served("telegram_front")[scaled.haproxy.telegram_port] >= 1
