"""Conversations stay in memory while they can matter and are forgotten after the session expires."""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import List

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import ExpiringInMemoryTrackerStore, PersistentTrackerStore

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def domain(expiration_minutes: float = 60) -> Domain:
    return Domain.from_dict({"session_config": {"session_expiration_time": expiration_minutes,
                                                "carry_over_slots_to_new_session": False}})


def tracker(sender_id: str, text: str = "где моя посылка") -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender_id, [ActionExecuted("action_session_start"), SessionStarted(),
                                                        ActionExecuted("action_listen"), UserUttered(text)])


def save(store: ExpiringInMemoryTrackerStore, *senders: str) -> None:
    for sender in senders:
        asyncio.run(store.save(tracker(sender)))


def kept(store: ExpiringInMemoryTrackerStore, *senders: str) -> List[bool]:
    return [asyncio.run(store.retrieve(s)) is not None for s in senders]


def test_the_project_uses_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVERSATIONS_DB", str(tmp_path / "conversations.db"))
    endpoints = read_endpoints_from_path(str(ROOT / "endpoints.yml"))
    store = TrackerStore.create(endpoints.tracker_store, Domain.load(str(ROOT / "domain.yml")))
    assert isinstance(store, ExpiringInMemoryTrackerStore)  # Rasa falls back to in-memory on a bad path
    assert store.idle_seconds() == 60 * 60 and store.max_conversations == 20_000
    assert isinstance(store, PersistentTrackerStore) and store.log.path == str(tmp_path / "conversations.db")


def test_a_conversation_comes_back_as_it_was_saved():
    store = ExpiringInMemoryTrackerStore(domain(), clock=Clock())
    asyncio.run(store.save(tracker("a", "мой номер 8 900 100 03 01")))
    back = asyncio.run(store.retrieve("a"))
    assert back.latest_message.text == "мой номер 8 900 100 03 01" and len(back.events) == 4


def test_idle_conversations_are_forgotten_after_the_session_expiration_time():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(domain(60), clock=clock)
    save(store, "idle", "active")
    clock.now += 50 * 60
    save(store, "active")
    clock.now += 11 * 60  # «idle»: 61 min since its last message; «active»: 11 min
    save(store, "newcomer")
    assert kept(store, "idle", "active", "newcomer") == [False, True, True]
    assert set(asyncio.run(store.keys())) == {"active", "newcomer"}


def test_a_conversation_that_keeps_going_is_never_forgotten():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(domain(60), clock=clock)
    for _ in range(10):
        save(store, "long")
        clock.now += 59 * 60
    assert kept(store, "long") == [True]


def test_sessions_that_never_expire_are_kept():
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(domain(0), clock=clock)
    save(store, "a")
    clock.now += 30 * 24 * 3600
    save(store, "b")
    assert store.idle_seconds() is None and kept(store, "a", "b") == [True, True]


def test_idle_minutes_from_the_endpoint_configuration_win():
    store = ExpiringInMemoryTrackerStore(domain(60), idle_minutes=5)
    assert store.idle_seconds() == 300


def test_a_flood_of_senders_forgets_the_longest_idle_first(caplog):
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(domain(60), max_conversations=3, clock=clock)
    for sender in "abc":
        save(store, sender)
        clock.now += 1
    save(store, "a")  # «a» is the most recent again
    with caplog.at_level(logging.WARNING, logger="bot.tracker_store"):
        save(store, "d")
    assert kept(store, "a", "b", "c", "d") == [True, False, True, True]
    assert "More than 3 conversations in memory" in caplog.text


@pytest.mark.parametrize("senders", [1, 50])
def test_memory_holds_only_the_live_conversations(senders):
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(domain(60), clock=clock)
    for n in range(senders):
        save(store, f"old-{n}")
    clock.now += 2 * 3600
    save(store, "fresh")
    assert list(store.store) == ["fresh"]
