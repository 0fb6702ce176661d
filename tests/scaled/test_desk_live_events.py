"""Two operator desk processes on the scaled topology's PostgreSQL and Redis: a hand-over raised through HAProxy
reaches both desks at once (pushed through Redis pub/sub, not found by their polling: the desks here poll only
every 5 s); an operator taking the chat in desk A locks it in desk B; with Redis away the desks keep working by
polling the store, and go back to pushed events when Redis is back. Desk A is a browser, desk B its HTTP streams."""
from __future__ import annotations

import time
from typing import Callable, Dict, Iterator, List

import pytest
import requests
from playwright.sync_api import Page, expect

from bot.local_stack import Customer
from bot.scaled_stack import ScaledStack
from store import queries
from tests.desk.harness import CHROMIUM, CHROMIUM_FLAGS, PASSWORD, DeskClient, DeskProcess, EventStream

POLL_SECONDS = 5.0  # the desks' fallback: a change seen sooner than this was pushed
PUSHED_WITHIN = 1.0
TRANSFER = "ожидайте ответа специалиста"
LATENCIES: Dict[str, List[float]] = {}  # printed at the end of the module (pytest -s)


@pytest.fixture(scope="module")
def desks(scaled: ScaledStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[List[DeskProcess]]:
    started = [DeskProcess(scaled, tmp_path_factory.mktemp(f"desk-{name}"), DESK_POLL_SECONDS=str(POLL_SECONDS))
               for name in "ab"]
    try:
        for desk in started:
            desk.start()
        started[0].add_user("ivanova", "operator")
        started[0].add_user("petrov", "operator")
        started[0].add_user("smirnova", "supervisor")
        for desk in started:
            wait_for_mode(desk, "redis", 10)
        yield started
    finally:
        for desk in started:
            desk.stop()
        for what, values in LATENCIES.items():
            print(f"\n{what}: " + ", ".join(f"{v * 1000:.0f} ms" for v in values))


@pytest.fixture(scope="module")
def page(desks: List[DeskProcess]) -> Iterator[Page]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        opened = browser.new_page(viewport={"width": 1400, "height": 900}, locale="ru-RU")
        opened.set_default_timeout(15_000)
        opened.goto(f"{desks[0].url}/login")
        opened.fill("input[name=name]", "ivanova")
        opened.fill("input[name=password]", PASSWORD)
        opened.click("button[type=submit]")
        expect(opened.locator("h1")).to_contain_text("Очередь")
        yield opened
        browser.close()


@pytest.fixture(scope="module")
def desk_b(desks: List[DeskProcess]) -> DeskClient:
    return desks[1].login("petrov")


def wait_for_mode(desk: DeskProcess, mode: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if requests.get(f"{desk.url}/health", timeout=5).json().get("live_events") == mode:
            return
        time.sleep(0.2)
    raise AssertionError(f"desk {desk.url} did not switch its live events to {mode} within {timeout}s")


def row_of(ticket_id: int, css_class: str) -> Callable[[Dict], bool]:
    return lambda event: f'class="{css_class}" data-ticket="{ticket_id}"' in event.get("html", "")


def not_queued(ticket_id: int) -> Callable[[Dict], bool]:
    return lambda event: "html" in event and f'data-ticket="{ticket_id}"' not in event["html"]


def record(what: str, seconds: float) -> float:
    LATENCIES.setdefault(what, []).append(seconds)
    return seconds


@pytest.fixture(scope="module")
def handed_over(scaled: ScaledStack, desks: List[DeskProcess], page: Page, desk_b: DeskClient) -> Iterator[dict]:
    """A REST customer asks for an operator through HAProxy, watched by both desks."""
    queue_b = EventStream(desk_b, "/api/events")
    customer = Customer(scaled)
    customer.says("Здравствуйте")
    mark = queue_b.mark()
    assert TRANSFER in customer.says_text("соедините с оператором")
    replied = time.monotonic()
    ticket_id = queries.tickets(customer.sender)[-1].id
    yield {"customer": customer, "ticket_id": ticket_id, "queue_b": queue_b, "replied": replied, "mark": mark}
    queue_b.close()


def test_a_hand_over_through_the_load_balancer_appears_in_both_desks_at_once(page: Page, handed_over: dict) -> None:
    ticket_id, queue_b = handed_over["ticket_id"], handed_over["queue_b"]
    arrived = queue_b.wait_for(row_of(ticket_id, "chat-waiting"), POLL_SECONDS + 5, after=handed_over["mark"])
    assert record("hand-over → desk B's queue stream, from the customer's reply (negative: before it)", arrived - handed_over["replied"]) < PUSHED_WITHIN
    row = page.locator(f'#queue-rows tr.chat-waiting[data-ticket="{ticket_id}"]')
    expect(row).to_be_visible(timeout=PUSHED_WITHIN * 1000)  # desk A's page, without a reload
    record("hand-over → desk A's page, from the customer's reply", time.monotonic() - handed_over["replied"])
    expect(row).to_contain_text("чат (REST)")


def test_an_operator_taking_the_chat_in_desk_a_locks_it_in_desk_b(page: Page, desk_b: DeskClient,
                                                                 handed_over: dict) -> None:
    ticket_id, queue_b = handed_over["ticket_id"], handed_over["queue_b"]
    ticket_b = EventStream(desk_b, f"/api/tickets/{ticket_id}/events")
    try:
        ticket_b.wait_for(lambda e: "Взять чат" in e.get("chat_panel", ""), 10)  # desk B could take it so far
        page.locator(f'#queue-rows tr[data-ticket="{ticket_id}"] a').click()
        mark_queue, mark_ticket = queue_b.mark(), ticket_b.mark()
        taken = time.monotonic()
        page.click("text=Взять чат")
        expect(page.locator("#chat-panel")).to_contain_text("Ассистент молчит")
        arrived = queue_b.wait_for(row_of(ticket_id, "chat-taken"), POLL_SECONDS + 5, after=mark_queue)
        assert record("take clicked in desk A → desk B's queue stream", arrived - taken) < PUSHED_WITHIN
        locked = ticket_b.wait_for(lambda e: "Чат ведёт ivanova." in e.get("chat_panel", ""), 10, after=mark_ticket)
        record("take clicked in desk A → desk B's ticket stream", locked - taken)
        assert "Взять чат" not in ticket_b.events[-1][1]["chat_panel"]
        assert desk_b.post(f"/api/tickets/{ticket_id}/chat/take").status_code == 409
    finally:
        ticket_b.close()


def test_with_redis_away_the_desks_poll_the_store_and_go_back_to_pushed_events(
        scaled: ScaledStack, desks: List[DeskProcess], desk_b: DeskClient, handed_over: dict) -> None:
    assert scaled.redis
    ticket_id, queue_b = handed_over["ticket_id"], handed_over["queue_b"]
    desk_a = desks[0].login("ivanova")
    supervisor_b = desks[1].login("smirnova")
    queue_a = EventStream(desk_a, "/api/events")
    try:
        queue_a.wait_for(row_of(ticket_id, "chat-taken"), 10)
        scaled.redis.stop()
        try:
            for desk in desks:
                wait_for_mode(desk, "polling", 10)
            mark = queue_b.mark()
            assert desk_a.post(f"/api/tickets/{ticket_id}/status", status="done").status_code == 200
            queue_b.wait_for(not_queued(ticket_id), POLL_SECONDS + 5, after=mark)  # found by polling
            assert desk_b.get("/").status_code == 200
        finally:
            scaled.redis.start()
        for desk in desks:
            wait_for_mode(desk, "redis", 15)
        mark = queue_a.mark()
        assert supervisor_b.post(f"/api/tickets/{ticket_id}/status", status="in_progress").status_code == 200
        reopened = time.monotonic()
        arrived = queue_a.wait_for(row_of(ticket_id, "chat-taken"), POLL_SECONDS + 5, after=mark)
        assert record("after Redis's restart: desk B → desk A's queue stream", arrived - reopened) < PUSHED_WITHIN
    finally:
        queue_a.close()
