"""Calls to the Bot API that must get through: python-telegram-bot's AIORateLimiter paces the sends and waits
out flood limits (429) as Telegram asks; network errors are retried here with exponential backoff, because
the limiter retries only RetryAfter; a blocked bot (403) or a bad request is final."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any, Awaitable, Callable, Coroutine, Dict, Optional, TypeVar

from telegram import Bot, Message, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter

from bot.telegram.rendering import MAX_TEXT, utf16_len

logger = logging.getLogger(__name__)
T = TypeVar("T")
Markup = Optional[object]
FLOOD_RETRIES = 5  # RetryAfter answers waited out per request before it fails
MAX_FLOOD_WAIT = 120.0  # seconds; a longer flood wait is not waited out


class ChatBlocked(Exception):
    """The customer blocked the bot (or the chat is gone): nothing more can be sent there."""


class FloodWaitTooLong(TelegramError):
    """Telegram asked to wait longer than MAX_FLOOD_WAIT: the request fails instead of waiting."""


def _seconds(value: object) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)  # type: ignore[arg-type]


class FloodControl(AIORateLimiter):
    """AIORateLimiter with a cap on the flood wait: it halts every request while it waits, so an hour-long
    wait would silence every chat for that hour."""

    def __init__(self, max_retries: int = FLOOD_RETRIES, max_wait: float = MAX_FLOOD_WAIT) -> None:
        super().__init__(max_retries=max_retries)
        self.max_wait = max_wait

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: Dict[str, Any], endpoint: str, data: Dict[str, Any],
                              rate_limit_args: Optional[int]) -> Any:
        async def capped(*call_args: Any, **call_kwargs: Any) -> Any:
            try:
                return await callback(*call_args, **call_kwargs)
            except RetryAfter as error:
                if _seconds(error.retry_after) > self.max_wait:
                    raise FloodWaitTooLong(f"{endpoint}: {error}") from error
                raise

        return await super().process_request(capped, args, kwargs, endpoint, data, rate_limit_args)


async def with_retries(call: Callable[[], Awaitable[T]], what: str, attempts: int = 6, first_delay: float = 1.0,
                       max_delay: float = 30.0) -> T:
    """Network errors (timeouts included) retried with backoff; flood limits are FloodControl's job."""
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return await call()
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

