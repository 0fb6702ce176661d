"""The buffered SQL event broker: every published event reaches Rasa's `events` table, in order, after close()."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import List, Tuple

import sqlalchemy

from bot.event_broker import BufferedSQLEventBroker


def test_published_events_are_written_in_order(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    broker = BufferedSQLEventBroker(dialect="sqlite", db=str(db))
    events = [{"sender_id": f"c{n % 2}", "event": "user", "text": f"сообщение {n}", "timestamp": n} for n in range(25)]
    for event in events:
        broker.publish(event)
    asyncio.run(broker.close())
    with sqlalchemy.create_engine(f"sqlite:///{db}").connect() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT sender_id, data FROM events ORDER BY id")).fetchall()
    assert [(sender, json.loads(data)) for sender, data in rows] == [(e["sender_id"], e) for e in events]


HELD_FOR = 6.0  # longer than sqlite3's default 5 s wait, which the broker had


def _hold_locked(path: Path, seconds: float) -> Tuple[sqlite3.Connection, threading.Timer]:
    """Another process's long write (the retention purge, say) on the events file, released after `seconds`."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE IF NOT EXISTS other (x)")
    holder.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(seconds, lambda: holder.execute("COMMIT"))
    release.start()
    return holder, release


def _written(db: Path) -> List[str]:
    with sqlalchemy.create_engine(f"sqlite:///{db}").connect() as connection:
        return [json.loads(data)["text"] for (data,) in connection.execute(sqlalchemy.text("SELECT data FROM events"))]


def test_the_broker_starts_while_another_process_holds_the_file_locked(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    holder, release = _hold_locked(db, HELD_FOR)
    started = time.monotonic()
    try:
        broker = BufferedSQLEventBroker(dialect="sqlite", db=str(db))
        waited = time.monotonic() - started
        broker.publish({"sender_id": "c1", "event": "user", "text": "где заказ", "timestamp": 1})
        asyncio.run(broker.close())
    finally:
        release.join()
        holder.close()
    assert waited >= HELD_FOR - 0.5
    assert _written(db) == ["где заказ"]


def test_a_batch_written_while_the_file_is_locked_is_not_lost(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    broker = BufferedSQLEventBroker(dialect="sqlite", db=str(db))
    holder, release = _hold_locked(db, HELD_FOR)
    try:
        for n in range(3):
            broker.publish({"sender_id": "c1", "event": "user", "text": f"сообщение {n}", "timestamp": n})
        time.sleep(HELD_FOR + 1)  # the writer is waiting on the lock meanwhile; close() waits 10 s at most
        asyncio.run(broker.close())
    finally:
        release.join()
        holder.close()
    assert _written(db) == ["сообщение 0", "сообщение 1", "сообщение 2"]
