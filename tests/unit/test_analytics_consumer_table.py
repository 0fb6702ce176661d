"""The analytics consumer's events table waits for another process's lock on the SQLite file instead of dying
at start (the desk, the retention purge or a reader may hold it)."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, select

from bot.analytics_consumer import EventTable
from store.broker_events import EVENTS

HELD_FOR = 6.0  # longer than sqlite3's default 5 s wait, which is what the consumer had


def test_the_events_table_starts_while_another_process_holds_the_file_locked(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE other (x)")
    holder.execute("BEGIN EXCLUSIVE")  # as a long write elsewhere would
    released = threading.Timer(HELD_FOR, lambda: holder.execute("COMMIT"))
    released.start()
    started = time.monotonic()
    try:
        table = EventTable(f"sqlite:///{path}")
        waited = time.monotonic() - started
        body = json.dumps({"sender_id": "c1", "event": "user", "timestamp": 1.0, "text": "где заказ"})
        assert table.write([body], [False]) == 1
    finally:
        released.join()
        holder.close()
    assert waited >= HELD_FOR - 0.5  # it really waited for the lock
    with create_engine(f"sqlite:///{path}", future=True).connect() as connection:
        assert [row.sender_id for row in connection.execute(select(EVENTS))] == ["c1"]
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
