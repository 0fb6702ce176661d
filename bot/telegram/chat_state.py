"""The Telegram front's per-chat state (PTB's chat_data: the buttons' payloads, the keyboard shown, the buttons
already answered) in SQLite, so that a restart of the front, `kill -9` included, loses no chat's buttons.

python-telegram-bot's persistence interface, for chat_data only: read once at start, written after each
exchange of the chat (handlers.py asks for it: the chat's queue changes the data after PTB's handler returned)
and by PTB's own periodic run. Rows are keyed by the bot's id too, so bots sharing a file never mix chats; a
chat silent for longer than the retention (CONVERSATION_RETENTION_DAYS, 30) is deleted at start (152-ФЗ).
TELEGRAM_CHATS_DB sets the file (default var/telegram_chats.db).
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Dict, Optional

from telegram.ext import BasePersistence, PersistenceInput

from bot.conversation_log import retention_days_from_env

ROOT = Path(__file__).resolve().parents[2]
UPDATE_INTERVAL = 5.0  # PTB's periodic write; the exchanges write their chat at once anyway

logger = logging.getLogger(__name__)


def default_path() -> str:
    return os.environ.get("TELEGRAM_CHATS_DB") or str(ROOT / "var" / "telegram_chats.db")


class SqliteChatData(BasePersistence):
    def __init__(self, path: Optional[str] = None, retention_days: Optional[float] = None) -> None:
        super().__init__(store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=False,
                                                     callback_data=False), update_interval=UPDATE_INTERVAL)
        self.path = path or default_path()
        self.retention_days = retention_days if retention_days is not None else retention_days_from_env()
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute("CREATE TABLE IF NOT EXISTS chats (bot_id TEXT NOT NULL, chat_id INTEGER NOT NULL, "
                         "saved REAL NOT NULL, data TEXT NOT NULL, PRIMARY KEY (bot_id, chat_id))")

    @property
    def _bot_id(self) -> str:
        return str(self.bot.token).split(":", 1)[0]

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

    async def flush(self) -> None:
        return None  # every write is committed when made

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
