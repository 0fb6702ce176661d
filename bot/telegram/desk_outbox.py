"""Messages from the operator desk to Telegram chats: the desk queues them in the order store's outbox (an
operator's text, a standard phrase, the assistant's resume), and this loop sends them into the same chat."""
from __future__ import annotations

import asyncio
import logging
import os

from telegram.error import Forbidden, TelegramError

from bot.telegram.delivery import Sender

logger = logging.getLogger(__name__)
CHANNEL = "telegram"
SENDER_PREFIX = "telegram-"  # bot.telegram.conversation.Chat.sender_id


def enabled() -> bool:
    """On unless DESK_OUTBOX=0 (a bot without the desk, or without access to the order store)."""
    return os.environ.get("DESK_OUTBOX", "1") != "0"


async def deliver_once(sender: Sender) -> int:
    # The store is synchronous SQLAlchemy: a thread keeps the bot's event loop free.
    from store import livechat

    pending = await asyncio.to_thread(livechat.undelivered, CHANNEL)
    delivered = []
    for message in pending:
        if not message.conversation_id.startswith(SENDER_PREFIX):
            delivered.append(message.id)  # not a chat of this front: never deliverable, do not retry forever
            continue
        chat_id = int(message.conversation_id[len(SENDER_PREFIX):])
        try:
            await sender.text(chat_id, message.text)
        except Forbidden:
            logger.info("chat %s blocked the bot; desk message %s dropped", chat_id, message.id)
        except TelegramError as error:
            logger.warning("desk message %s to chat %s not sent yet: %s", message.id, chat_id, error)
            break  # keep the order: the rest waits for the next round
        delivered.append(message.id)
    await asyncio.to_thread(livechat.mark_delivered, delivered)
    return len(delivered)


async def deliver_forever(sender: Sender, interval: float = 1.0) -> None:
    while True:
        try:
            await deliver_once(sender)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # the store may be briefly locked or away; the bot keeps serving chats
            logger.warning("desk outbox round failed: %s", error)
        await asyncio.sleep(interval)
