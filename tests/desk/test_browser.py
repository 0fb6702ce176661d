"""The desk in a real browser (Debian's headless Chromium through Playwright), as an operator uses it: the queue
shows a customer's hand-over without reload, the operator takes the chat, writes, reads the answer, closes it,
and the assistant speaks again. Screenshots go to var/desk-screenshots/."""
from __future__ import annotations

import time

import requests
from playwright.sync_api import Page, expect

from bot.local_stack import Customer
from tests.desk.harness import PASSWORD, SCREENSHOTS, DeskProcess

TIMEOUT_MS = 15_000


def _logged_in_page(browser, desk: DeskProcess, name: str) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="ru-RU")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{desk.url}/")
    expect(page).to_have_url(f"{desk.url}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Очередь")
    return page


def _customer_inbox(desk: DeskProcess, customer: Customer, after: int = 0) -> list:
    url = f"{desk.url}/customer/rest/{customer.sender}/messages"
    return requests.get(url, params={"after": after}, timeout=10).json()["messages"]


def _wait_for_inbox(desk: DeskProcess, customer: Customer, text: str) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if any(text in m["text"] for m in _customer_inbox(desk, customer)):
            return
        time.sleep(0.3)
    raise AssertionError(f"the customer never received {text!r}: {_customer_inbox(desk, customer)}")


def test_an_operator_takes_a_rest_chat_in_the_browser_and_gives_it_back_closed(browser, desk, customer):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = _logged_in_page(browser, desk, "ivanova")
    customer.says("Здравствуйте")
    customer.says("соедините с оператором")

    row = page.locator("#queue-rows tr.chat-waiting", has_text="соединить с оператором").last
    expect(row).to_be_visible()  # arrived over server-sent events: the page was not reloaded
    expect(row).to_contain_text("чат (REST)")
    expect(row).to_contain_text("ждёт в чате")
    page.screenshot(path=str(SCREENSHOTS / "queue.png"), full_page=True)

    row.locator("a").click()
    expect(page.locator("#transcript")).to_contain_text("соедините с оператором")
    page.click("text=Взять чат")
    expect(page.locator("#chat-panel")).to_contain_text("Ассистент молчит")

    page.fill("form.send textarea", "Здравствуйте! Меня зовут Ирина, чем могу помочь?")
    page.click("form.send button")
    _wait_for_inbox(desk, customer, "Меня зовут Ирина")

    assert customer.says("Хочу узнать, где мой заказ") == []  # the assistant is paused
    expect(page.locator("#transcript")).to_contain_text("Хочу узнать, где мой заказ")

    page.click("button[data-key=hold]")
    _wait_for_inbox(desk, customer, "уточню информацию и вернусь к диалогу")
    page.screenshot(path=str(SCREENSHOTS / "ticket.png"), full_page=True)

    page.fill("form.release input[name=note]", "Подсказала статус заказа")
    page.click("form.release button[value=close]")
    expect(page.locator("#chat-panel")).to_contain_text("закрыт оператором")
    expect(page.locator("#workflow")).to_contain_text("решён")
    expect(page.locator("#workflow")).to_contain_text("Подсказала статус заказа")
    _wait_for_inbox(desk, customer, "Могу ли я Вам ещё чем-нибудь помочь?")
    assert "Всего доброго" in customer.says_text("нет, спасибо")  # the assistant leads again: farewell
    page.close()
