"""Load over the REST channel: whole «где моя посылка» conversations (through the action server and the
order store), a fixed number of them at a given concurrency, each with a fresh sender id."""
from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import aiohttp
import numpy as np

DEMO_DATA = Path(__file__).resolve().parents[1] / "demo" / "orders.json"
NOTATIONS = ["8 {a} {b}-{c}-{d}", "+7({a}){b}{c}{d}", "{a}{b}{c}{d}", "+7 {a} {b} {c} {d}", "8-{a}-{b}-{c}-{d}"]
NAMED_TURNS = (2, 3)  # the phone («<ФИО>, верно?») and «да» (the order answer, «<Имя Отчество>, …»)


def demo_customers() -> List[Tuple[str, str]]:
    """The «Где посылка» demo customers (+7 900 100-CC-01, one order each): (+7XXXXXXXXXX, «Имя Отчество»)."""
    data = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    orders_of: Dict[str, int] = {}
    for order in data["orders"]:
        orders_of[order["customer_id"]] = orders_of.get(order["customer_id"], 0) + 1
    return [(c["phones"][0], f"{c['first_name']} {c['middle_name']}") for c in data["customers"]
            if len(c["phones"]) == 1 and c["phones"][0].startswith("+7900100") and orders_of.get(c["id"]) == 1]


def script(n: int, customers: Sequence[Tuple[str, str]]) -> Tuple[List[str], str]:
    """Conversation number n: the same six turns, another customer and phone notation each time; and the
    name the assistant must call the customer by once it has found them."""
    phone, name = customers[n % len(customers)]
    digits = phone[2:]
    written = NOTATIONS[n % len(NOTATIONS)].format(a=digits[:3], b=digits[3:6], c=digits[6:8], d=digits[8:])
    return ["Здравствуйте", "где моя посылка", written, "да", "спасибо", "до свидания"], name


@dataclass
class LevelResult:
    concurrency: int
    conversations: int
    latencies_ms: List[float] = field(default_factory=list)
    by_turn_ms: Dict[str, List[float]] = field(default_factory=dict)  # the same, per message of the script
    errors: int = 0
    identified: int = 0  # conversations where the assistant found the customer by phone (named them)
    elapsed_s: float = 0.0

    def summary(self) -> Dict[str, Any]:
        lat = np.array(self.latencies_ms) if self.latencies_ms else np.array([float("nan")])
        return {
            "concurrency": self.concurrency, "conversations": self.conversations,
            "messages": len(self.latencies_ms), "errors": self.errors, "elapsed_s": self.elapsed_s,
            "throughput_msg_s": len(self.latencies_ms) / self.elapsed_s if self.elapsed_s else 0.0,
            "p50_ms": float(np.percentile(lat, 50)), "p95_ms": float(np.percentile(lat, 95)),
            "p99_ms": float(np.percentile(lat, 99)), "mean_ms": float(lat.mean()),
            "identified_share": self.identified / self.conversations if self.conversations else 0.0,
            "p50_by_turn_ms": {turn: float(np.percentile(v, 50)) for turn, v in self.by_turn_ms.items()},
            "latencies_ms": [round(x, 2) for x in self.latencies_ms],
        }


async def _conversation(session: aiohttp.ClientSession, url: str, turns: List[str], name: str,
                        result: LevelResult) -> None:
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    identified = False
    for i, message in enumerate(turns):
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": message}) as response:
                response.raise_for_status()
                replies = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            result.errors += 1
            continue
        elapsed_ms = (time.perf_counter() - started) * 1000
        result.latencies_ms.append(elapsed_ms)
        result.by_turn_ms.setdefault("phone" if i == 2 else message, []).append(elapsed_ms)
        identified = identified or (i in NAMED_TURNS and any(name in (r.get("text") or "") for r in replies))
    result.identified += identified


async def run_level(base_url: str, concurrency: int, conversations: int, first: int = 0) -> LevelResult:
    """`conversations` conversations, at most `concurrency` of them at a time; stops when all are done."""
    assert base_url.startswith("http://127.0.0.1:"), "the benchmark only targets local servers"
    url = f"{base_url}/webhooks/rest/webhook"
    customers = demo_customers()
    result = LevelResult(concurrency, conversations)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(first, first + conversations):
        queue.put_nowait(n)

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            await _conversation(session, url, *script(queue.get_nowait(), customers), result)

    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        result.elapsed_s = time.perf_counter() - started
    return result


def warm_up(base_url: str) -> None:
    """One conversation that is not counted (first-call lazy loading)."""
    asyncio.run(run_level(base_url, 1, 1, first=10_000))
