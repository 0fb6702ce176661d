"""Rasa's SQL event broker as the analytics read it: its `events` table (sender_id, JSON data), found from
endpoints.yml or EVENT_BROKER_URL."""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

import yaml
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, create_engine, delete, event, inspect, select
from sqlalchemy.engine import URL, Engine, make_url

ROOT = Path(__file__).resolve().parent.parent
FALLBACK_INTENT = "nlu_fallback"
VOICE_CHANNELS = frozenset({"voice", "jambonz", "asterisk", "agi"})
# Seconds a writer of the SQLite events file (Rasa's broker, the analytics consumer, the retention purge) waits
# for another's lock, or for the switch to WAL, instead of sqlite3's 5 s, after which the write was lost.
SQLITE_LOCK_WAIT = 30.0

# The broker's own table (rasa.core.brokers.sql.SQLEventBroker); declared here so a reader need not import Rasa.
_metadata = MetaData()
EVENTS = Table("events", _metadata, Column("id", Integer, primary_key=True), Column("sender_id", String(255)),
               Column("data", Text))


def broker_url(endpoints: Path = ROOT / "endpoints.yml") -> Optional[str]:
    """EVENT_BROKER_URL, or the URL Rasa builds from endpoints.yml's SQL broker; None without one."""
    if os.environ.get("EVENT_BROKER_URL"):
        return os.environ["EVENT_BROKER_URL"]
    config = (yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}).get("event_broker") or {}
    if "SQL" not in str(config.get("type")):  # Rasa's SQL broker or bot.event_broker.BufferedSQLEventBroker
        return None
    dialect = config.get("dialect", "sqlite")
    if dialect == "sqlite":
        db = Path(config.get("db", "events.db"))
        return f"sqlite:///{db if db.is_absolute() else ROOT / db}"
    return URL.create(dialect, username=config.get("username"), password=config.get("password"),
                      host=config.get("url") or config.get("host"), port=config.get("port"),
                      database=config.get("db")).render_as_string(hide_password=False)


def events_engine(url: Union[str, URL], **options: Any) -> Engine:
    """An engine on the events table's database, for every process that opens it (Rasa's broker, the analytics
    consumer, the desk's readers and the purge). On SQLite it waits SQLITE_LOCK_WAIT for another's lock, and keeps
    the file in WAL so that readers and the writer do not wait for each other."""
    sqlite = make_url(url).get_backend_name() == "sqlite"
    engine = create_engine(url, connect_args={"timeout": SQLITE_LOCK_WAIT} if sqlite else {}, **options)
    if sqlite:
        event.listen(engine, "connect", _sqlite_wal)
    return engine


def _sqlite_wal(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # waits up to SQLITE_LOCK_WAIT for another process's lock
    cursor.close()


@lru_cache(maxsize=None)
def _engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = events_engine(url, future=True)
    _metadata.create_all(engine)  # as Rasa's broker does on start: an empty table until the first message
    return engine


def engine() -> Optional[Engine]:
    url = broker_url()
    return _engine_for(url) if url else None


@dataclass(frozen=True)
class Line:
    """One line of a transcript."""

    at: dt.datetime
    who: str  # customer | assistant
    text: str
    intent: Optional[str] = None


def _rows(statement) -> Iterator[Tuple[int, str, Dict[str, Any]]]:  # type: ignore[no-untyped-def]
    eng = engine()
    if eng is None:
        return
    with eng.connect() as connection:
        for row in connection.execute(statement):
            try:
                yield int(row.id), str(row.sender_id), json.loads(row.data)
            except (TypeError, ValueError):
                continue  # a row another writer left unreadable is skipped, not fatal


def senders_after(event_id: int) -> Tuple[List[str], int]:
    """Conversations with events after `event_id`, and the newest event id seen."""
    eng = engine()
    if eng is None:
        return [], event_id
    with eng.connect() as connection:
        rows = connection.execute(select(EVENTS.c.id, EVENTS.c.sender_id).where(EVENTS.c.id > event_id)).all()
    return sorted({str(r.sender_id) for r in rows}), max([event_id, *(int(r.id) for r in rows)])


def events_of(conversation_ids: Iterable[str]) -> Dict[str, List[Dict[str, Any]]]:
    ids = list(conversation_ids)
    found: Dict[str, List[Dict[str, Any]]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for _id, sender, data in _rows(select(EVENTS).where(EVENTS.c.sender_id.in_(chunk)).order_by(EVENTS.c.id)):
            found[sender].append(data)
    return found


def at(event: Dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromtimestamp(float(event.get("timestamp") or 0))


def intent_of(event: Dict[str, Any]) -> Optional[str]:
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name")


def channel_of(events: List[Dict[str, Any]]) -> Optional[str]:
    """rest | telegram | voice: the Telegram front talks to Rasa's REST channel but marks its messages."""
    for event in events:
        if event.get("event") != "user":
            continue
        if "telegram" in (event.get("metadata") or {}):
            return "telegram"
        name = event.get("input_channel") or ""
        if name in VOICE_CHANNELS:
            return "voice"
        if name:
            return "rest" if name in ("rest", "cmdline") else name
    return None


def transcript(events: List[Dict[str, Any]]) -> List[Line]:
    lines = []
    for event in events:
        kind, text = event.get("event"), event.get("text")
        if kind == "user" and text:
            lines.append(Line(at(event), "customer", text, intent_of(event)))
        elif kind == "bot" and text:
            lines.append(Line(at(event), "assistant", text))
    return lines


def misunderstood_messages(since: Optional[dt.datetime] = None) -> List[Tuple[str, Line]]:
    """(conversation, line) for every customer message that went to the «не поняла» fallback."""
    found = []
    for _id, sender, data in _rows(select(EVENTS).where(EVENTS.c.data.like(f"%{FALLBACK_INTENT}%"))):
        if data.get("event") == "user" and intent_of(data) == FALLBACK_INTENT and data.get("text"):
            line = Line(at(data), "customer", data["text"], FALLBACK_INTENT)
            if since is None or line.at >= since:
                found.append((sender, line))
    return found


def delete_conversations(conversation_ids: Iterable[str]) -> int:
    """Remove every broker event of these conversations (retention)."""
    eng, ids, removed = engine(), list(conversation_ids), 0
    if eng is None or not ids or not inspect(eng).has_table("events"):
        return 0
    with eng.begin() as connection:
        for start in range(0, len(ids), 500):
            removed += connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(ids[start:start + 500]))).rowcount
    return removed


def publish(conversation_id: str, events: List[Dict[str, Any]]) -> None:
    """Write events as Rasa's broker does (tests and seeded demos)."""
    eng = engine()
    assert eng is not None, "no event broker configured"
    with eng.begin() as connection:
        connection.execute(EVENTS.insert(), [{"sender_id": conversation_id,
                                              "data": json.dumps({**e, "sender_id": conversation_id})} for e in events])
