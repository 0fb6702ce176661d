"""Conversations outlive the server's process through the SQLite log, cost only their new events per turn, and are
deleted from the disk after the retention."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.conversation_log import ConversationLog
from bot.tracker_store import PersistentTrackerStore

ROOT = Path(__file__).resolve().parents[2]
PHONE = "+79001000301"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def domain() -> Domain:
    return Domain.from_dict({
        "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": False},
        "slots": {"customer_id": {"type": "text", "mappings": [{"type": "custom"}]},
                  "phone": {"type": "text", "mappings": [{"type": "custom"}]}},
    })


def new_store(path: Path, clock: Clock, **kwargs) -> PersistentTrackerStore:
    """A store as a freshly started server makes it: an empty cache over the log file."""
    return PersistentTrackerStore(domain(), db=str(path), clock=clock, **kwargs)


def identified(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered(f"мой номер {PHONE}"), SlotSet("phone", PHONE), SlotSet("customer_id", "C-301"),
        BotUttered("Иванов Иван Иванович, верно?"), ActionExecuted("action_listen")], domain().slots)


def events_on_disk(path: Path) -> int:
    """Events in the log's file (a row holds a turn's events as a JSON array)."""
    with sqlite3.connect(path) as db:
        return sum(len(json.loads(data)) for (data,) in db.execute("SELECT data FROM events"))


def test_a_log_written_before_turns_were_batched_is_still_read(tmp_path):
    path = tmp_path / "old.db"
    ConversationLog(str(path)).close()
    session = [{"event": "action", "name": "action_session_start"}, {"event": "session_started"},
               {"event": "action", "name": "action_listen"}]
    with sqlite3.connect(path) as db:  # one row per event, as the log was first written
        for event in session:
            db.execute("INSERT INTO events (sender_id, data) VALUES ('a', ?)", (json.dumps(event),))
        db.execute("INSERT INTO conversations VALUES ('a', 0, 1, 3)")
    log = ConversationLog(str(path))
    assert log.events("a") == session
    log.append("a", [{"event": "user", "text": "да"}])
    assert log.events("a") == [*session, {"event": "user", "text": "да"}]


def test_a_session_start_in_the_middle_of_a_save_opens_the_session_read_back(tmp_path):
    log = ConversationLog(str(tmp_path / "c.db"))
    before = [{"event": "user", "text": "спасибо"}]
    session = [{"event": "action", "name": "action_session_start"}, {"event": "session_started"}]
    log.append("a", before)
    log.append("a", [{"event": "bot", "text": "Пожалуйста"}, *session])
    assert log.events("a") == session
    assert log.events_in_last_session("a") == 2
    assert log.events("a", last_session_only=False) == [*before, {"event": "bot", "text": "Пожалуйста"}, *session]


def test_a_restarted_server_finds_the_conversation_as_it_was(tmp_path):
    clock = Clock()
    asyncio.run(new_store(tmp_path / "c.db", clock).save(identified("a")))
    back = asyncio.run(new_store(tmp_path / "c.db", clock).retrieve("a"))
    assert back is not None and back.get_slot("customer_id") == "C-301" and back.get_slot("phone") == PHONE
    assert back.latest_bot_utterance.text == "Иванов Иван Иванович, верно?"
    assert back.latest_action_name == "action_listen"


def test_an_unknown_sender_is_not_invented(tmp_path):
    assert asyncio.run(new_store(tmp_path / "c.db", Clock()).retrieve("nobody")) is None


def test_a_turn_appends_only_its_new_events(tmp_path):
    clock = Clock()
    store = new_store(tmp_path / "c.db", clock)
    tracker = identified("a")
    asyncio.run(store.save(tracker))
    tracker = asyncio.run(store.retrieve("a"))
    tracker.update(UserUttered("да"))
    tracker.update(BotUttered("Ваш заказ в пути"))
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # saved again with nothing new
    assert events_on_disk(tmp_path / "c.db") == 8 + 2
    again = asyncio.run(new_store(tmp_path / "c.db", clock).retrieve("a"))
    assert [e.as_dict() for e in again.events] == [e.as_dict() for e in tracker.events]


def test_after_a_restart_the_latest_session_is_rebuilt_and_the_api_sees_all(tmp_path):
    clock = Clock()
    store = new_store(tmp_path / "c.db", clock)
    tracker = identified("a")
    asyncio.run(store.save(tracker))
    clock.now += 2 * 3600
    tracker = asyncio.run(store.retrieve("a"))
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("где посылка")):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    restarted = new_store(tmp_path / "c.db", clock)
    latest = asyncio.run(restarted.retrieve("a"))
    assert latest.get_slot("customer_id") is None and latest.latest_message.text == "где посылка"
    assert len(latest.events) == 4
    full = asyncio.run(restarted.retrieve_full_tracker("a"))
    assert len(full.events) == 12
    # the next turn after the restart continues the same log
    latest.update(BotUttered("Назовите номер телефона"))
    asyncio.run(restarted.save(latest))
    assert events_on_disk(tmp_path / "c.db") == 13


def test_memory_stays_bounded_and_a_forgotten_conversation_comes_back_from_the_log(tmp_path):
    clock = Clock()
    store = new_store(tmp_path / "c.db", clock, max_conversations=2)
    for sender in "abc":
        asyncio.run(store.save(identified(sender)))
        clock.now += 1
    assert list(store.store) == ["b", "c"]
    assert asyncio.run(store.retrieve("a")).get_slot("customer_id") == "C-301"


def test_the_abandoned_chat_sweep_still_finds_idle_conversations_after_a_restart(tmp_path):
    clock = Clock()
    store = new_store(tmp_path / "c.db", clock)
    asyncio.run(store.save(identified("left")))
    clock.now += 10 * 60
    asyncio.run(store.save(identified("active")))
    clock.now += 6 * 60
    restarted = new_store(tmp_path / "c.db", clock)
    assert restarted.idle_senders(15 * 60) == ["left"]
    clock.now += 2 * 3600  # past the session: no longer a chat the customer left mid-topic
    assert restarted.idle_senders(15 * 60) == []


def test_conversations_past_the_retention_are_deleted_from_the_disk(tmp_path):
    clock = Clock()
    store = new_store(tmp_path / "c.db", clock, retention_days=30)
    asyncio.run(store.save(identified("old")))
    clock.now += 29 * 86400
    asyncio.run(store.save(identified("recent")))
    clock.now += 2 * 86400
    assert store.purge() == 1
    assert asyncio.run(store.retrieve("old")) is None
    assert asyncio.run(new_store(tmp_path / "c.db", clock).retrieve("recent")) is not None
    assert list(asyncio.run(store.keys())) == ["recent"]


def test_the_server_purges_by_itself_on_a_save_at_least_an_hour_after_the_last_purge(tmp_path):
    clock = Clock()
    store = new_store(tmp_path / "c.db", clock, retention_days=30)
    asyncio.run(store.save(identified("old")))
    clock.now += 31 * 86400  # past the retention and the hourly purge: the next save purges
    asyncio.run(store.save(identified("new")))
    assert "old" not in store.store and asyncio.run(store.retrieve("old")) is None
    assert asyncio.run(new_store(tmp_path / "c.db", clock).retrieve("old")) is None
    assert list(asyncio.run(store.keys())) == ["new"]


def test_make_purge_deletes_the_personal_data_from_the_file(tmp_path):
    db = tmp_path / "c.db"
    store = new_store(db, Clock(), retention_days=30)  # a clock of 1970: long past any retention today
    asyncio.run(store.save(identified("old")))
    store.log.close()
    done = subprocess.run([sys.executable, "-m", "bot.conversation_log", "--db", str(db), "--retention-days", "30"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    assert "1 conversation(s)" in done.stdout
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert PHONE.encode() not in stored and "Иванов".encode() not in stored
