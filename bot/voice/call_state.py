"""The jambonz calls' IVR state in SQLite or Redis, so that a call goes on where it was after a restart or on another worker.

jambonz keeps the call up while the server is away and sends the next hook to whichever process answers: the
IVR's counters, the keypad menu, the question being listened for and the transfer context are saved after
every hook (one row per call, its state as JSON) and read back for a call this process does not know. A slow
turn in progress (the hold's task) cannot outlive its process: the hold hook then listens again. A call is
deleted when it ends and, unheard of for `IDLE_CALL_SECONDS`, by the next call's sweep.
VOICE_CALLS_DB sets the file (default var/voice_calls.db). With VOICE_CALLS_REDIS_URL (the scaled topology) the
state is in Redis instead, shared by every worker: jambonz's hooks for one call may then land on any of them, so
each hook reads the call's state back (`shared`), and Redis forgets a call unheard of for `IDLE_CALL_SECONDS`.
Redis also holds a slow turn's hold (bot.voice.shared_hold): when it began, when the caller last heard a hold
phrase, and the turn's steps once it is done, so that the hold hooks may land on any worker too.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Text

from bot.voice.ivr import IvrCall
from bot.voice.speech import Choice
from bot.voice.steps import Hangup, Listen, Say, Step, Transfer, TransferContext

ROOT = Path(__file__).resolve().parents[2]
IDLE_CALL_SECONDS = 3 * 3600
REDIS_KEY_PREFIX = "voice-call:"
HOLD_KEY_PREFIX = "voice-hold:"  # a held turn: {"turn", "started", "last_phrase"} (wall clock)
RESULT_KEY_PREFIX = "voice-hold-result:"  # + call sid + ":" + turn: the turn's steps, taken once
# What the IVR is built from (the gateway's call, the assistant, settings): not state, made anew by the channel.
NOT_STATE = frozenset({"info", "assistant", "settings", "prompts", "caller_phone"})
# The state attributes that hold dataclasses, and how to rebuild them from JSON.
REBUILD: Dict[str, Callable[[Any], Any]] = {
    "choices": lambda items: [Choice(**item) for item in items],
    "last_listen": lambda item: Listen(**{k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}),
    "transfer": lambda item: TransferContext(**item),
}

logger = logging.getLogger(__name__)


def default_path() -> Text:
    return os.environ.get("VOICE_CALLS_DB") or str(ROOT / "var" / "voice_calls.db")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def snapshot(ivr: IvrCall) -> Dict[str, Any]:
    """The call's IVR state as JSON-ready values (an attribute JSON cannot hold is left out and logged)."""
    state: Dict[str, Any] = {}
    for name, value in vars(ivr).items():
        if name in NOT_STATE or name.startswith("_") or callable(value):
            continue
        plain = _plain(value)
        try:
            json.dumps(plain)
        except (TypeError, ValueError):
            logger.debug("call state: %s is not kept across restarts", name)
            continue
        state[name] = plain
    return state


def steps_to_json(steps: List[Step]) -> List[Dict[str, Any]]:
    return [{"step": type(step).__name__, **dataclasses.asdict(step)} for step in steps]


def steps_from_json(items: List[Dict[str, Any]]) -> List[Step]:
    steps: List[Step] = []
    for item in items:
        fields = {k: v for k, v in item.items() if k != "step"}
        kind = item.get("step")
        if kind == "Say":
            steps.append(Say(**fields))
        elif kind == "Listen":
            steps.append(REBUILD["last_listen"](fields))
        elif kind == "Transfer":
            steps.append(Transfer(TransferContext(**fields["context"])))
        elif kind == "Hangup":
            steps.append(Hangup())
    return steps


def restore(ivr: IvrCall, state: Dict[str, Any]) -> IvrCall:
    for name, value in state.items():
        if name in NOT_STATE or not hasattr(ivr, name):
            continue  # an attribute a newer or older IvrCall does not have
        setattr(ivr, name, REBUILD[name](value) if name in REBUILD and value is not None else value)
    return ivr


class CallStates:
    shared = False  # one process's file: the call's state in memory is the latest

    def __init__(self, path: Optional[Text] = None) -> None:
        path = path or default_path()
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS calls (call_sid TEXT PRIMARY KEY, seen REAL NOT NULL, "
                         "state TEXT NOT NULL)")

    def save(self, call_sid: Text, ivr: IvrCall) -> None:
        self._db.execute("INSERT OR REPLACE INTO calls (call_sid, seen, state) VALUES (?, ?, ?)",
                         (call_sid, time.time(), json.dumps(snapshot(ivr), ensure_ascii=False)))

    def load(self, call_sid: Text) -> Optional[Dict[str, Any]]:
        row = self._db.execute("SELECT state FROM calls WHERE call_sid = ?", (call_sid,)).fetchone()
        return json.loads(row[0]) if row else None

    def forget(self, call_sid: Text) -> None:
        self._db.execute("DELETE FROM calls WHERE call_sid = ?", (call_sid,))

    def forget_idle(self, idle_seconds: float) -> None:
        self._db.execute("DELETE FROM calls WHERE seen < ?", (time.time() - idle_seconds,))


class RedisCallStates:
    """The same calls' state in Redis (one key per call, its state as JSON), shared by every worker."""

    shared = True  # another worker may have taken the call's last hook: read the state back on every hook

    def __init__(self, url: Text, idle_seconds: float = IDLE_CALL_SECONDS) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._idle_seconds = int(idle_seconds)

    def save(self, call_sid: Text, ivr: IvrCall) -> None:
        self._redis.set(REDIS_KEY_PREFIX + call_sid, json.dumps(snapshot(ivr), ensure_ascii=False),
                        ex=self._idle_seconds)

    def load(self, call_sid: Text) -> Optional[Dict[str, Any]]:
        raw = self._redis.get(REDIS_KEY_PREFIX + call_sid)
        return json.loads(raw) if raw else None

    def forget(self, call_sid: Text) -> None:
        self._redis.delete(REDIS_KEY_PREFIX + call_sid)

    def forget_idle(self, idle_seconds: float) -> None:
        """Nothing to sweep: every saved call expires in Redis after `idle_seconds` unheard of."""

    # --- a slow turn's hold, seen by every worker ---

    def hold(self, call_sid: Text, record: Dict[str, Any]) -> None:
        self._redis.set(HOLD_KEY_PREFIX + call_sid, json.dumps(record), ex=self._idle_seconds)

    def holding(self, call_sid: Text) -> Optional[Dict[str, Any]]:
        raw = self._redis.get(HOLD_KEY_PREFIX + call_sid)
        return json.loads(raw) if raw else None

    def release(self, call_sid: Text) -> None:
        self._redis.delete(HOLD_KEY_PREFIX + call_sid)

    def publish(self, call_sid: Text, turn: Text, steps: List[Step]) -> None:
        self._redis.set(f"{RESULT_KEY_PREFIX}{call_sid}:{turn}", json.dumps(steps_to_json(steps), ensure_ascii=False),
                        ex=self._idle_seconds)

    def take(self, call_sid: Text, turn: Text) -> Optional[List[Step]]:
        """The turn's steps, once: GETDEL, so that two workers never both say the answer."""
        raw = self._redis.getdel(f"{RESULT_KEY_PREFIX}{call_sid}:{turn}")
        return steps_from_json(json.loads(raw)) if raw else None


def open_call_states() -> "CallStates | RedisCallStates":
    """Redis when VOICE_CALLS_REDIS_URL is set (several workers), else the SQLite file of this process."""
    url = os.environ.get("VOICE_CALLS_REDIS_URL")
    return RedisCallStates(url) if url else CallStates()
