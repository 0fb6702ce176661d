"""Rasa's SQL event broker with its writes taken off the message path: the same `events` table, filled by a
background thread in batches, because Rasa's own SQLEventBroker commits every event inside the request."""
from __future__ import annotations

import json
import logging
import queue
import threading
from typing import Any, Dict, List, Optional, Text

import sqlalchemy.orm
from rasa.core.brokers.sql import SQLEventBroker
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import event as sqlalchemy_event

from store.broker_events import events_engine

logger = logging.getLogger(__name__)
BATCH_WAIT = 0.2  # seconds a batch gathers events before one commit


class BufferedSQLEventBroker(SQLEventBroker):
    """`event_broker: type: bot.event_broker.BufferedSQLEventBroker` with SQLEventBroker's settings (dialect, db, …)."""

    def __init__(self, dialect: Text = "sqlite", host: Optional[Text] = None, port: Optional[int] = None,
                 db: Text = "events.db", username: Optional[Text] = None, password: Optional[Text] = None) -> None:
        # SQLEventBroker.__init__'s three steps, on the engine every process of the events file uses: it waits for
        # another's lock (the retention purge) instead of sqlite3's 5 s, after which a batch was lost, and keeps WAL.
        self.engine = events_engine(SQLTrackerStore.get_db_url(dialect, host, port, db, username, password))
        if dialect == "sqlite":
            sqlalchemy_event.listen(self.engine, "connect", _fsync_at_checkpoints)
        self.Base.metadata.create_all(self.engine)
        self.sessionmaker = sqlalchemy.orm.sessionmaker(bind=self.engine)
        self._pending: "queue.SimpleQueue[Optional[Dict[Text, Any]]]" = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write_forever, name="event-broker-writer", daemon=True)
        self._writer.start()

    def publish(self, event: Dict[Text, Any]) -> None:
        self._pending.put(event)

    def _next_batch(self) -> List[Optional[Dict[Text, Any]]]:
        batch = [self._pending.get()]
        try:
            batch.append(self._pending.get(timeout=BATCH_WAIT))
            while len(batch) < 1000:
                batch.append(self._pending.get_nowait())
        except queue.Empty:
            pass
        return batch

    def _write_forever(self) -> None:
        while True:
            batch = self._next_batch()
            events = [e for e in batch if e is not None]
            if events:
                self._write(events)
            if None in batch:
                return

    def _write(self, events: List[Dict[Text, Any]]) -> None:
        try:
            # One executemany of plain rows: ORM objects and their unit of work cost this thread (and so the
            # server, whose GIL it shares) several times as much per event.
            with self.engine.begin() as connection:
                connection.execute(self.SQLBrokerEvent.__table__.insert(),
                                   [{"sender_id": e.get("sender_id"), "data": json.dumps(e)} for e in events])
        except Exception as error:  # the assistant keeps answering; the figures miss this batch
            logger.error("event broker: %d events not written: %s", len(events), error)

    async def close(self) -> None:
        """Write what is queued before the server stops."""
        self._pending.put(None)
        self._writer.join(timeout=10)


def _fsync_at_checkpoints(connection, _record) -> None:  # type: ignore[no-untyped-def]
    # In WAL, NORMAL loses no commit when a process dies (only on power loss): the figures' writes need no more.
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
