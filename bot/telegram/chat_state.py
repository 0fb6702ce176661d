"""The Telegram front's per-chat state (PTB's chat_data: the buttons' payloads, the keyboard shown, the buttons
already answered) in SQLite, so that a restart of the front, `kill -9` included, loses no chat's buttons.

python-telegram-bot's persistence interface, for chat_data only: read once at start, written after each
exchange of the chat (handlers.py asks for it: the chat's queue changes the data after PTB's handler returned)
and by PTB's own periodic run. Rows are keyed by the bot's id too, so bots sharing a file never mix chats; a
chat silent for longer than the retention (CONVERSATION_RETENTION_DAYS, 30) is deleted at start (152-ФЗ).
TELEGRAM_CHATS_DB sets the file (default var/telegram_chats.db).

Several fronts behind a load balancer (the scaled topology) share the chats through Redis instead
(TELEGRAM_CHATS_REDIS_URL, `RedisChatData`): a chat's data is read again before each of its updates, and each
exchange holds the chat's lock in Redis, so one chat is answered by one front at a time whichever front Telegram
reached.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable, Dict, MutableMapping, Optional

import redis
import redis.asyncio as aioredis
from redis.asyncio.lock import Lock

from telegram.ext import BasePersistence, PersistenceInput

from bot.conversation_log import retention_days_from_env

ROOT = Path(__file__).resolve().parents[2]
UPDATE_INTERVAL = 5.0  # PTB's periodic write; the exchanges write their chat at once anyway
LOCK_SECONDS = 10.0  # a chat's lock outlives a killed front by at most this; renewed while its exchange runs
LOCK_WAIT_SECONDS = 90.0  # longer than one exchange may take (RASA_REPLY_TIMEOUT 60 s and the hold phrase)

logger = logging.getLogger(__name__)


def default_path() -> str:
    return os.environ.get("TELEGRAM_CHATS_DB") or str(ROOT / "var" / "telegram_chats.db")


class ChatDataOnly(BasePersistence):
    """PTB's persistence for chat_data only (what the front keeps); the rest of PTB's interface does nothing."""

    def __init__(self, retention_days: Optional[float] = None) -> None:
        super().__init__(store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=False,
                                                     callback_data=False), update_interval=UPDATE_INTERVAL)
        self.retention_days = retention_days if retention_days is not None else retention_days_from_env()

    @property
    def _bot_id(self) -> str:
        return str(self.bot.token).split(":", 1)[0]

    async def flush(self) -> None:
        return None  # every write is committed when made

    @contextlib.asynccontextmanager
    async def chat_turn(self, chat_id: int, chat_data: MutableMapping[str, Any]) -> AsyncIterator[None]:
        yield  # one front: its chat queues (ordering.py) already keep a chat's exchanges apart

    async def run_alone(self, name: str, work: Callable[[], Awaitable[None]]) -> None:
        await work()  # one front: nobody to share the work with

    # user, bot and callback data and ConversationHandler states are not used by the front
    async def get_user_data(self) -> Dict[int, Any]:
        return {}

    async def get_bot_data(self) -> Dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> Dict[Any, Any]:
        return {}

    async def update_conversation(self, name: str, key: Any, new_state: Optional[object]) -> None:
        return None

    async def update_user_data(self, user_id: int, data: Any) -> None:
        return None

    async def update_bot_data(self, data: Any) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: Any) -> None:
        return None

    async def refresh_bot_data(self, bot_data: Any) -> None:
        return None


class SqliteChatData(ChatDataOnly):
    """One front's chats in its own SQLite file."""

    def __init__(self, path: Optional[str] = None, retention_days: Optional[float] = None) -> None:
        super().__init__(retention_days)
        self.path = path or default_path()
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute("CREATE TABLE IF NOT EXISTS chats (bot_id TEXT NOT NULL, chat_id INTEGER NOT NULL, "
                         "saved REAL NOT NULL, data TEXT NOT NULL, PRIMARY KEY (bot_id, chat_id))")

    async def get_chat_data(self) -> Dict[int, Dict[str, Any]]:
        cutoff = time.time() - self.retention_days * 86400
        purged = self._db.execute("DELETE FROM chats WHERE saved < ?", (cutoff,)).rowcount
        if purged:
            logger.info("%d chat(s) past the %g-day retention deleted", purged, self.retention_days)
        rows = self._db.execute("SELECT chat_id, data FROM chats WHERE bot_id = ?", (self._bot_id,))
        return {chat_id: json.loads(data) for chat_id, data in rows}

    async def update_chat_data(self, chat_id: int, data: Dict[str, Any]) -> None:
        self._db.execute("INSERT OR REPLACE INTO chats (bot_id, chat_id, saved, data) VALUES (?, ?, ?, ?)",
                         (self._bot_id, chat_id, time.time(), json.dumps(data, ensure_ascii=False, default=str)))

    async def drop_chat_data(self, chat_id: int) -> None:
        self._db.execute("DELETE FROM chats WHERE bot_id = ? AND chat_id = ?", (self._bot_id, chat_id))

    async def refresh_chat_data(self, chat_id: int, chat_data: Any) -> None:
        return None  # this process is the only writer of its bot's chats


class RedisChatData(ChatDataOnly):
    """Every front's chats in one Redis: a key per chat (JSON), expiring after the retention by itself (152-ФЗ).
    Redis rather than the PostgreSQL order store: the state is a small document read before every update and
    written after every exchange, by key only; Redis expires it without a purge job, gives the cross-front lock
    in the same round trips, and already keeps the jambonz calls' state the same way. Redis away: the front goes on
    with what it has in memory and logs it."""

    def __init__(self, url: str, retention_days: Optional[float] = None) -> None:
        super().__init__(retention_days)
        self._redis = aioredis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self._seen: Dict[int, Optional[bytes]] = {}  # each chat's document as this front last read or wrote it

    def _key(self, chat_id: int, what: str = "chat") -> str:
        return f"telegram:{self._bot_id}:{what}:{chat_id}"

    async def _read_if_changed(self, chat_id: int, chat_data: MutableMapping[str, Any]) -> None:
        """The chat's data as stored, when another front wrote it since this one last read or wrote it; else the
        data in memory is kept (it may hold an exchange of this front that is not written yet)."""
        raw = await self._redis.get(self._key(chat_id))
        if raw == self._seen.get(chat_id):
            return
        self._seen[chat_id] = raw
        chat_data.clear()
        if raw:
            chat_data.update(json.loads(raw))

    async def get_chat_data(self) -> Dict[int, Dict[str, Any]]:
        return {}  # each chat is read when one of its updates comes (refresh_chat_data)

    async def refresh_chat_data(self, chat_id: int, chat_data: Any) -> None:
        try:
            await self._read_if_changed(chat_id, chat_data)
        except (redis.RedisError, OSError) as error:
            logger.warning("chat %s: shared state not read, going on with this front's (%s)", chat_id,
                           type(error).__name__)

    async def update_chat_data(self, chat_id: int, data: Dict[str, Any]) -> None:
        raw = json.dumps(data, ensure_ascii=False, default=str).encode()
        try:
            await self._redis.set(self._key(chat_id), raw, ex=max(1, int(self.retention_days * 86400)))
        except (redis.RedisError, OSError) as error:  # kept in memory; the chat's next exchange writes it again
            logger.warning("chat %s: state not saved, Redis away (%s)", chat_id, type(error).__name__)
            return
        self._seen[chat_id] = raw

    async def drop_chat_data(self, chat_id: int) -> None:
        await self._redis.delete(self._key(chat_id))
        self._seen.pop(chat_id, None)

    @contextlib.asynccontextmanager
    async def _held(self, name: str, wait: float) -> AsyncIterator[Optional["asyncio.Task[None]"]]:
        """Redis's lock `name`, renewed while held: yields the renewal (it ends if the lock is lost), or None when
        the lock was not got (Redis away, or `wait` seconds over)."""
        lock = Lock(self._redis, name, timeout=LOCK_SECONDS, sleep=0.05, blocking=wait > 0,
                    blocking_timeout=wait or None, thread_local=False)
        try:
            got = bool(await lock.acquire())
        except (redis.RedisError, OSError) as error:
            logger.warning("Telegram front: a lock not taken, Redis away (%s)", type(error).__name__)
            got = False

        async def renew() -> None:
            while True:
                await asyncio.sleep(LOCK_SECONDS / 3)
                await lock.reacquire()

        renewal = asyncio.create_task(renew()) if got else None
        try:
            yield renewal
        finally:
            if renewal is not None:
                renewal.cancel()
                await asyncio.gather(renewal, return_exceptions=True)
                with contextlib.suppress(redis.RedisError, OSError):
                    await lock.release()

    @contextlib.asynccontextmanager
    async def chat_turn(self, chat_id: int, chat_data: MutableMapping[str, Any]) -> AsyncIterator[None]:
        """One exchange of the chat at a time over all fronts; with the lock held, the chat's data is read again
        if another front wrote it meanwhile. Redis away: answered all the same, with what this front has."""
        async with self._held(self._key(chat_id, "lock"), LOCK_WAIT_SECONDS) as held:
            if held is None:
                logger.warning("chat %s: answered without the chats' lock", chat_id)
            try:
                await self._read_if_changed(chat_id, chat_data)
            except (redis.RedisError, OSError) as error:
                logger.warning("chat %s: shared state not read (%s)", chat_id, type(error).__name__)
            yield

    async def run_alone(self, name: str, work: Callable[[], Awaitable[None]]) -> None:
        """`work` (a loop) runs in one front at a time; another takes over within seconds when it stops or dies.
        Redis away: nobody runs it (the desk's outbox waits in the order store, nothing is lost)."""
        while True:
            async with self._held(self._key(0, name), 0) as renewal:
                if renewal is not None:
                    task = asyncio.ensure_future(work())
                    await asyncio.wait({task, renewal}, return_when=asyncio.FIRST_COMPLETED)
                    task.cancel()  # the lock was lost: another front may take over
                    await asyncio.gather(task, return_exceptions=True)
            await asyncio.sleep(LOCK_SECONDS / 2)
