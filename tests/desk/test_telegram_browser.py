"""The same hand-over on Telegram (the Bot API emulator and the real bot process): the operator's words reach the
customer's chat, the customer's answer reaches the desk, and after the close the assistant speaks again."""
from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import expect

from bot.local_stack import Stack
from tests.desk.harness import DeskProcess
from tests.desk.test_browser import _logged_in_page
from tests.telegram.harness import BotProcess, Emulator, TelegramUser

TOKEN = "310001:TEST-token-for-the-desk"


@pytest.fixture(scope="module")
def telegram(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    emulator = Emulator(tmp_path_factory.mktemp("emulator")).start()
    bot = BotProcess(tmp_path_factory.mktemp("telegram"), TOKEN, emulator.url, stack.base_url).start()
    yield emulator
    bot.stop()
    emulator.stop()


def test_an_operator_answers_a_telegram_customer_in_the_same_chat(browser, desk: DeskProcess, telegram: Emulator):
    user = TelegramUser(telegram, TOKEN)
    page = _logged_in_page(browser, desk, "petrov")
    user.says("/start")
    user.send_text("соедините с оператором")
    user.replies_with("ожидайте ответа специалиста")

    row = page.locator("#queue-rows tr.chat-waiting", has_text="Telegram").last
    expect(row).to_be_visible()
    row.locator("a").click()
    page.click("text=Взять чат")
    expect(page.locator("#chat-panel")).to_contain_text("Ассистент молчит")

    page.fill("form.send textarea", "Добрый день, я оператор Пётр. Чем помочь?")
    page.click("form.send button")
    user.replies_with("я оператор Пётр")

    user.send_text("Подскажите, когда привезут заказ")
    expect(page.locator("#transcript")).to_contain_text("Подскажите, когда привезут заказ")
    user.silence(2.0)  # the assistant stays quiet while the operator has the chat

    page.fill("form.release input[name=note]", "Сообщил срок доставки")
    page.click("form.release button[value=close]")
    user.replies_with("Могу ли я Вам ещё чем-нибудь помочь?")
    user.send_text("нет, спасибо")
    user.replies_with("Всего доброго")
    page.close()
