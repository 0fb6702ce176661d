"""The buffered SQL event broker: every published event reaches Rasa's `events` table, in order, after close()."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

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
