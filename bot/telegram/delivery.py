"""Calls to the Bot API that must get through: flood limits (429) are waited out as Telegram asks, network
errors are retried with exponential backoff; a blocked bot (403) or a bad request is final."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Awaitable, Callable, Optional, TypeVar

from telegram import Bot, Message, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.telegram.rendering import MAX_TEXT, utf16_len

logger = logging.getLogger(__name__)
T = TypeVar("T")
Markup = Optional[object]


class ChatBlocked(Exception):
    """The customer blocked the bot (or the chat is gone): nothing more can be sent there."""


def _seconds(value: object) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)  # type: ignore[arg-type]


async def with_retries(call: Callable[[], Awaitable[T]], what: str, attempts: int = 6, first_delay: float = 1.0,
                       max_delay: float = 30.0, max_flood_wait: float = 120.0) -> T:
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except RetryAfter as error:
            wait = _seconds(error.retry_after)
            if wait > max_flood_wait or attempt == attempts:
                raise
            logger.warning("%s: flood limit, retrying in %.0fs as Telegram asks", what, wait)
            await asyncio.sleep(wait)
        except Forbidden as error:
            raise ChatBlocked(str(error)) from error
        except BadRequest:
            raise  # the request itself is wrong: sending it again changes nothing
        except NetworkError as error:  # includes TimedOut
            if attempt == attempts:
                raise
            logger.warning("%s: %s; retrying in %.1fs", what, error, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_delay)
    raise AssertionError("unreachable")


class Sender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def text(self, chat_id: int, text: str, markup: Markup = None, reply_to: Optional[int] = None) -> Message:
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        return await with_retries(
            lambda: self.bot.send_message(chat_id, text, reply_markup=markup, reply_parameters=reply),  # type: ignore[arg-type]
            "sendMessage")

    async def typing(self, chat_id: int) -> None:
        """Best effort: a missing "typing…" never delays or breaks an answer."""
        try:
            await self.bot.send_chat_action(chat_id, ChatAction.TYPING)
        except (TelegramError, asyncio.TimeoutError) as error:
            logger.debug("sendChatAction failed: %s", error)

    async def answer_callback(self, query_id: str, text: Optional[str] = None) -> None:
        try:
            await with_retries(lambda: self.bot.answer_callback_query(query_id, text=text), "answerCallbackQuery",
                               attempts=3)
        except (TelegramError, ChatBlocked) as error:
            # Too late (queries expire) or gone: the press itself is still handled.
            logger.info("answerCallbackQuery failed: %s", error)

    async def mark_choice(self, message: Message, chosen: str) -> None:
        """Show which button was pressed and take the buttons away (an edit without reply_markup drops them),
        so a question is answered only once."""
        text = f"{message.text}\n\n{chosen}" if message.text else None
        try:
            if text and utf16_len(text) <= MAX_TEXT:
                await self.bot.edit_message_text(text, message.chat_id, message.message_id)
            else:
                await self.bot.edit_message_reply_markup(message.chat_id, message.message_id)
        except TelegramError as error:
            logger.debug("could not edit the pressed message: %s", error)

