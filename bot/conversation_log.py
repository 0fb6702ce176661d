"""An append-only SQLite log of conversation events: what lets a conversation outlive the Rasa server's process.

One row per turn (the JSON array of the events a save added; a session start always opens a row of its own),
one row per conversation (when it was saved last and how many events its latest session holds), in WAL mode with `synchronous=NORMAL`: a committed turn survives the process being
killed (`kill -9`), and a commit costs no fsync (only a power cut can lose the last turns). The log is Rasa-free
so that `make purge` and the tests use it without a server.

Retention (152-ФЗ: personal data are kept no longer than needed): a conversation silent for longer than
`retention_days` is deleted with all its events by `purge()` (the server purges hourly; `make purge` now).
CONVERSATIONS_DB and CONVERSATION_RETENTION_DAYS set the file and the retention where endpoints.yml does not.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RETENTION_DAYS = 30.0
SESSION_START = "action_session_start"  # Rasa splits sessions at this action (trackers.get_trackers_for_conversation_sessions)

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    sender_id TEXT PRIMARY KEY,
    last_saved REAL NOT NULL,
    session_start INTEGER,            -- events.id of the row the latest session starts with
    session_events INTEGER NOT NULL   -- events logged since (and with) that one
);
CREATE INDEX IF NOT EXISTS conversations_by_last_saved ON conversations (last_saved);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sender_id TEXT NOT NULL,
    data TEXT NOT NULL                -- a JSON array of events (logs written before turns were batched: one event)
);
CREATE INDEX IF NOT EXISTS events_by_sender ON events (sender_id, id);
"""


def default_log_path() -> Text:
    return os.environ.get("CONVERSATIONS_DB") or str(ROOT / "var" / "conversations.db")


def retention_days_from_env() -> float:
    return float(os.environ.get("CONVERSATION_RETENTION_DAYS") or DEFAULT_RETENTION_DAYS)


def _is_session_start(event: Dict[str, Any]) -> bool:
    return event.get("event") == "action" and event.get("name") == SESSION_START


def _rows_of(events: Sequence[Dict[str, Any]]) -> List[List[Dict[str, Any]]]:
    """A save's events as rows: one row, but a session start opens a new one (a session is read from its row)."""
    rows: List[List[Dict[str, Any]]] = []
    for event in events:
        if not rows or _is_session_start(event):
            rows.append([])
        rows[-1].append(event)
    return rows


def _events_in(data: Text) -> List[Dict[str, Any]]:
    decoded = json.loads(data)
    return decoded if isinstance(decoded, list) else [decoded]


class ConversationLog:
    def __init__(self, path: Text, retention_days: float = DEFAULT_RETENTION_DAYS,
                 clock: Callable[[], float] = time.time) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.retention_days = retention_days
        self._clock = clock
        # Autocommit mode; transactions are explicit. Writes (append, purge) go through `_db`, from one thread at a
        # time (the tracker store's writer thread); reads have a connection of their own, which WAL lets read
        # alongside a write in progress and which sees committed turns only.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA secure_delete=ON")  # a purged conversation's bytes are overwritten, not just unlinked
        self._db.executescript(SCHEMA)
        self._reads = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._session_events: Dict[Text, int] = {}  # a cache of conversations.session_events

    def close(self) -> None:
        self._reads.close()
        self._db.close()

    def events_in_last_session(self, sender_id: Text) -> int:
        if sender_id not in self._session_events:
            row = self._db.execute("SELECT session_events FROM conversations WHERE sender_id = ?",
                                   (sender_id,)).fetchone()
            self._session_events[sender_id] = row[0] if row else 0
        return self._session_events[sender_id]

    def append(self, sender_id: Text, events: Sequence[Dict[str, Any]]) -> None:
        """Appends a turn's new events and marks the conversation saved now (even with no new event).

        A turn is one row, not a row per event: each statement costs about as much as the JSON it stores, and
        this is paid inside every message's request."""
        count = self.events_in_last_session(sender_id)
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            session_start: Optional[int] = None
            for row in _rows_of(events):
                row_id = db.execute("INSERT INTO events (sender_id, data) VALUES (?, ?)",
                                    (sender_id, json.dumps(row, ensure_ascii=False))).lastrowid
                if _is_session_start(row[0]):
                    session_start, count = row_id, 0
                count += len(row)
            if session_start is None:
                db.execute("INSERT INTO conversations (sender_id, last_saved, session_start, session_events) "
                           "VALUES (?, ?, NULL, ?) ON CONFLICT (sender_id) DO UPDATE SET "
                           "last_saved = excluded.last_saved, session_events = excluded.session_events",
                           (sender_id, self._clock(), count))
            else:
                db.execute("INSERT OR REPLACE INTO conversations (sender_id, last_saved, session_start, session_events) "
                           "VALUES (?, ?, ?, ?)", (sender_id, self._clock(), session_start, count))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            self._session_events.pop(sender_id, None)
            raise
        self._session_events[sender_id] = count

    def events(self, sender_id: Text, last_session_only: bool = True) -> List[Dict[str, Any]]:
        """The conversation's events in order: its latest session (from its `action_session_start`) or all."""
        start = 0
        if last_session_only:
            row = self._reads.execute("SELECT session_start FROM conversations WHERE sender_id = ?",
                                   (sender_id,)).fetchone()
            if row is None:
                return []
            start = row[0] or 0
        rows = self._reads.execute("SELECT data FROM events WHERE sender_id = ? AND id >= ? ORDER BY id",
                                (sender_id, start)).fetchall()
        return [event for (data,) in rows for event in _events_in(data)]

    def last_saved(self, sender_id: Text) -> Optional[float]:
        row = self._reads.execute("SELECT last_saved FROM conversations WHERE sender_id = ?", (sender_id,)).fetchone()
        return row[0] if row else None

    def senders(self) -> List[Text]:
        return [s for (s,) in self._reads.execute("SELECT sender_id FROM conversations ORDER BY last_saved")]

    def idle_senders(self, saved_before: float, saved_after: Optional[float] = None) -> List[Text]:
        """Conversations saved last at or before `saved_before` (and after `saved_after`)."""
        rows = self._reads.execute("SELECT sender_id FROM conversations WHERE last_saved <= ? AND last_saved > ? "
                                "ORDER BY last_saved", (saved_before, saved_after if saved_after is not None else -1))
        return [s for (s,) in rows]

    def purge(self) -> List[Text]:
        """Deletes the conversations silent for longer than the retention, events and all; returns them."""
        cutoff = self._clock() - self.retention_days * 86400
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            expired = [s for (s,) in db.execute("SELECT sender_id FROM conversations WHERE last_saved < ?", (cutoff,))]
            for sender_id in expired:
                db.execute("DELETE FROM events WHERE sender_id = ?", (sender_id,))
                db.execute("DELETE FROM conversations WHERE sender_id = ?", (sender_id,))
                self._session_events.pop(sender_id, None)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        if expired:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the deleted rows leave the journal too
        return expired


def _configured_tracker_store() -> Dict[str, Any]:
    """The tracker store's settings in the endpoints file the server reads (ENDPOINTS, else endpoints.yml)."""
    import yaml

    path = Path(os.environ.get("ENDPOINTS") or ROOT / "endpoints.yml")
    config = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    store = (config or {}).get("tracker_store")
    return store if isinstance(store, dict) else {}


def main(argv: Optional[List[str]] = None) -> None:
    """`make purge`: deletes the conversations past the retention from the log (the server may be running)."""
    import argparse

    configured = _configured_tracker_store()
    parser = argparse.ArgumentParser(description="delete conversations older than the retention from the log")
    parser.add_argument("--db", default=configured.get("db") or default_log_path())
    parser.add_argument("--retention-days", type=float,
                        default=float(configured.get("retention_days") or retention_days_from_env()))
    args = parser.parse_args(argv)
    if not Path(args.db).exists():
        print(f"{args.db}: no conversation log")
        return
    log = ConversationLog(args.db, retention_days=args.retention_days)
    purged = len(log.purge())
    log.close()
    print(f"{purged} conversation(s) silent for more than {args.retention_days:g} days deleted from {args.db}")


if __name__ == "__main__":
    main()
