"""One exchange with the assistant for one chat: forward the customer's message to Rasa, keep the customer
informed while it takes long or the server is down (the script's hold and apology phrases), render the
replies. Runs inside the chat's queue (ordering.py), so exchanges of one chat never overlap."""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any, Dict, List, MutableMapping, Optional

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.rasa_client import RasaClient, RasaUnavailable
from bot.telegram.config import Phrases
from bot.telegram.delivery import Sender
from bot.telegram.rendering import CONTACT, MENU, Plan, contact_keyboard, inline_keyboard, menu_keyboard, plan_replies

logger = logging.getLogger(__name__)


@dataclass
class Chat:
    """A private chat and the little the front remembers about it (PTB's chat_data, in memory)."""

    id: int
    data: MutableMapping[str, Any]

    @property
    def sender_id(self) -> str:
        return f"telegram-{self.id}"

    @property
    def payloads(self) -> MutableMapping[str, str]:
        return self.data.setdefault("payloads", {})

    @property
    def keyboard(self) -> Optional[str]:
        return self.data.get("keyboard")

    @keyboard.setter
    def keyboard(self, value: Optional[str]) -> None:
        self.data["keyboard"] = value


class Dialogue:
    def __init__(self, rasa: RasaClient, sender: Sender, phrases: Phrases, hold_after: float, retry_window: float) -> None:
        self.rasa = rasa
        self.sender = sender
        self.phrases = phrases
        self.hold_after = hold_after
        self.retry_window = retry_window

    async def exchange(self, chat: Chat, message: str, metadata: Dict[str, Any], arrived: Optional[float] = None,
                       force_menu: bool = False) -> None:
        arrived = arrived if arrived is not None else time.monotonic()
        replies = await self.ask(chat, message, metadata, arrived)
        if replies is not None:
            await self.render(chat, replies, force_menu=force_menu)

    async def ask(self, chat: Chat, message: str, metadata: Dict[str, Any], arrived: float) -> Optional[List[Dict[str, Any]]]:
        """The assistant's replies, or None when the customer has been told to try again later."""
        await self.sender.typing(chat.id)
        call = asyncio.ensure_future(self.rasa.send(chat.sender_id, message, metadata, deadline=arrived + self.retry_window))
        held = False
        try:
            done, _ = await asyncio.wait({call}, timeout=self.hold_after)
            if not done:
                await self.sender.text(chat.id, self.phrases.hold)
                held = True
            replies = await call
        except RasaUnavailable as error:
            logger.warning("chat %s: message not delivered to the assistant: %s", chat.id, error)
            # One apology per outage: messages queued behind the first failure would only repeat it. But a
            # customer who was asked to hold is always told how it ended.
            if held or not chat.data.get("outage_told"):
                chat.data["outage_told"] = True
                await self.sender.text(chat.id, self.phrases.apology)
                await self.sender.text(chat.id, self.phrases.captions.try_again_later)
            return None
        finally:
            if not call.done():
                call.cancel()
        chat.data["outage_told"] = False
        return replies

    async def render(self, chat: Chat, replies: List[Dict[str, Any]], force_menu: bool = False) -> Plan:
        plan = plan_replies(replies, self.phrases.captions, chat.keyboard, force_menu=force_menu)
        for handover in plan.handovers:
            # The ticket is stored by the core; a human picks it up from there (make tickets).
            logger.info("chat %s: handed over, ticket #%s [%s]", chat.id, handover.ticket_id, handover.kind)
        if plan.ended:
            logger.info("chat %s: conversation ended", chat.id)
        for outgoing in plan.messages:
            markup: Any = None
            if outgoing.buttons:
                markup = inline_keyboard(outgoing.buttons, chat.payloads)
            elif outgoing.keyboard == MENU:
                markup = menu_keyboard(self.phrases.captions)
            elif outgoing.keyboard == CONTACT:
                markup = contact_keyboard(self.phrases.captions)
            await self.say(chat, outgoing.text, markup)
        chat.keyboard = plan.keyboard
        return plan

    async def say(self, chat: Chat, text: str, markup: "InlineKeyboardMarkup | ReplyKeyboardMarkup | None" = None,
                  reply_to: Optional[int] = None) -> None:
        await self.sender.text(chat.id, text, markup, reply_to=reply_to)
