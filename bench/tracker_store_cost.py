"""What the tracker store alone costs per turn, in one process, away from the noise of a whole server:
`python -m bench.tracker_store_cost` saves the same «где посылка» turns to the in-memory store and to the
persistent one (SQLite log under it) and prints the CPU time per save and per cache-miss rebuild."""
from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import ExpiringInMemoryTrackerStore, PersistentTrackerStore

ROOT = Path(__file__).resolve().parents[1]
CONVERSATIONS = 100
TURNS = 6


def turn_events() -> list:
    return [UserUttered("где моя посылка", {"name": "where_is_my_parcel", "confidence": 0.98}),
            ActionExecuted("action_answer_topic"), BotUttered("Назовите, пожалуйста, номер телефона"),
            SlotSet("phone", "+79001000101"), ActionExecuted("action_listen")]


async def cpu_ms_per_save(store: Any, domain: Domain) -> float:
    spent = 0.0
    for n in range(CONVERSATIONS * TURNS):
        sender = f"c{n % CONVERSATIONS}"
        tracker = await store.retrieve(sender) or DialogueStateTracker.from_events(
            sender, [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")],
            domain.slots)
        for event in turn_events():
            tracker.update(event)
        started = time.process_time()
        await store.save(tracker)
        spent += time.process_time() - started
    return 1000 * spent / (CONVERSATIONS * TURNS)


async def cpu_ms_per_rebuild(make: Callable[[], PersistentTrackerStore]) -> float:
    restarted = make()  # an empty cache over the log: every conversation is rebuilt from it once
    started = time.process_time()
    for n in range(CONVERSATIONS):
        await restarted.retrieve(f"c{n}")
    return 1000 * (time.process_time() - started) / CONVERSATIONS


def main() -> None:
    domain = Domain.load(str(ROOT / "domain.yml"))
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(3):
            db = str(Path(tmp) / f"log{attempt}.db")
            memory = asyncio.run(cpu_ms_per_save(ExpiringInMemoryTrackerStore(domain), domain))
            persistent = asyncio.run(cpu_ms_per_save(PersistentTrackerStore(domain, db=db), domain))
            rebuild = asyncio.run(cpu_ms_per_rebuild(lambda: PersistentTrackerStore(domain, db=db)))
            print(f"save: in-memory {memory:.3f} ms, persistent {persistent:.3f} ms ({persistent - memory:+.3f}); "
                  f"rebuild of a {TURNS}-turn conversation after a restart: {rebuild:.2f} ms")


if __name__ == "__main__":
    main()
