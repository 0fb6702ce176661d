"""The scaled topology under load and faults: many conversations spread over the workers, each reply checked
against its own customer; a worker killed mid-run; Redis restarted."""
from __future__ import annotations

import asyncio
import threading
import time
import uuid
from typing import Dict, List, Tuple

import aiohttp

from bench.load import NOTATIONS, demo_customers
from bot.local_stack import Customer
from bot.scaled_stack import ScaledStack

TRY_LATER = "попробуйте, пожалуйста, позже"
# turn → must the reply name the customer («Имя Отчество»; the read-back names them in full)
SCRIPT: List[Tuple[str, bool]] = [("Здравствуйте", False), ("где моя посылка", False), ("{phone}", True), ("да", True),
                                  ("спасибо", False), ("а где мой заказ?", True), ("повторите", True),
                                  ("какой у меня трек номер?", True), ("спасибо", False), ("до свидания", True)]


def written(phone: str, n: int) -> str:
    digits = phone[2:]
    return NOTATIONS[n % len(NOTATIONS)].format(a=digits[:3], b=digits[3:6], c=digits[6:8], d=digits[8:])


async def conversation(session: aiohttp.ClientSession, url: str, n: int, customers: List[Tuple[str, str]],
                       problems: List[str], served_by: Dict[str, int]) -> None:
    phone, name = customers[n % len(customers)]
    others = {other for _, other in customers if other != name}
    sender = f"scaled-{n}-{uuid.uuid4().hex[:6]}"
    for turn, (message, names_customer) in enumerate(SCRIPT):
        text = written(phone, n) if message == "{phone}" else message
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            if response.status != 200:
                problems.append(f"{sender} turn {turn}: HTTP {response.status}")
                return
            replies = await response.json()
        said = "\n".join(r.get("text") or "" for r in replies)
        if not said:
            problems.append(f"{sender} turn {turn} «{text}»: no reply")
        if names_customer and name not in said:
            problems.append(f"{sender} turn {turn}: expected {name}, got {said[:80]!r}")
        crossed = [other for other in others if other in said and other not in name]
        if crossed:
            problems.append(f"{sender} turn {turn}: another customer's name {crossed} in {said[:80]!r}")


def run_conversations(scaled: ScaledStack, count: int, concurrency: int, first: int = 0) -> List[str]:
    customers = demo_customers()
    problems: List[str] = []

    async def main() -> None:
        queue: "asyncio.Queue[int]" = asyncio.Queue()
        for n in range(first, first + count):
            queue.put_nowait(n)
        timeout = aiohttp.ClientTimeout(total=180)
        async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=concurrency)) as s:
            async def worker() -> None:
                while not queue.empty():
                    await conversation(s, f"{scaled.base_url}/webhooks/rest/webhook", queue.get_nowait(),
                                       customers, problems, {})
            await asyncio.gather(*(worker() for _ in range(concurrency)))

    asyncio.run(main())
    return problems


def test_100_concurrent_conversations_of_10_turns_each_get_their_own_replies(scaled: ScaledStack) -> None:
    problems = run_conversations(scaled, count=100, concurrency=100)
    assert problems == []
    assert scaled.haproxy
    served = scaled.haproxy.requests_served()
    assert len(served) == 2 and all(count >= 300 for count in served.values()), served  # both workers took part


def test_a_worker_killed_mid_run_loses_no_conversation(scaled: ScaledStack) -> None:
    problems: List[str] = []
    runner = threading.Thread(target=lambda: problems.extend(run_conversations(scaled, 40, 20, first=1000)))
    runner.start()
    assert scaled.haproxy
    victim = scaled.rasa_ports[0]
    before = scaled.haproxy.requests_served()[victim]
    time.sleep(4)  # well inside the run
    assert scaled.haproxy.requests_served()[victim] > before  # it was serving these conversations
    scaled.kill_worker(victim)
    runner.join(timeout=600)
    assert not runner.is_alive() and problems == []


def test_redis_away_the_customer_hears_the_apology_and_the_conversation_goes_on(scaled: ScaledStack) -> None:
    customer = Customer(scaled)
    customer.says_text("Здравствуйте")
    assert customer.says_text("где моя посылка").startswith("Уточните, пожалуйста, номер телефона")
    assert customer.says_text("89001000101") == "Иванова Мария Петровна, верно?"
    assert scaled.redis
    scaled.redis.stop()
    try:
        answer = customer.says_text("да")
        assert TRY_LATER in answer and "извинения" in answer
    finally:
        scaled.redis.start()
    # recovered by itself: the same conversation, still at its question, nothing asked again
    answer = customer.says_text("да")
    assert "Мария Петровна" in answer and "заказ уже отправлен" in answer


def test_postgresql_away_the_customer_hears_the_apology_and_the_conversation_goes_on(scaled: ScaledStack) -> None:
    customer = Customer(scaled)
    customer.says_text("Здравствуйте")
    assert customer.says_text("где моя посылка").startswith("Уточните, пожалуйста, номер телефона")
    assert scaled.postgres
    scaled.postgres.halt()  # the order store: the phone cannot be looked up
    try:
        answer = customer.says_text("89001000101")
        assert TRY_LATER in answer and "извинения" in answer
    finally:
        scaled.postgres.resume()
    # recovered by itself (the pool checks its connections): the phone given again is found
    assert customer.says_text("89001000101") == "Иванова Мария Петровна, верно?"
