"""Live chats from the operator's side: take (the assistant pauses), write, standard phrases, give back or close
(the assistant resumes with the script's «Могу ли я Вам ещё чем-нибудь помочь?»)."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List, Optional

from sqlalchemy import select, update

from desk.accounts import Account
from desk.phrases import ANYTHING_ELSE, Phrasebook
from desk.rasa_api import RasaApi
from desk.transcript import DESK_AUTHOR
from desk.workflow import Forbidden, NotFound, add_note
from store import livechat
from store.clock import now
from store.db import session_scope
from store.models import Customer, LiveChat, Ticket, TicketHistory

logger = logging.getLogger(__name__)
ASSISTANT = "assistant"


class ChatDesk:
    def __init__(self, rasa: RasaApi, phrases: Phrasebook) -> None:
        self.rasa = rasa
        self.phrases = phrases

    @staticmethod
    def chat_of(ticket_id: int) -> LiveChat:
        with session_scope() as s:
            chat = s.execute(select(LiveChat).where(LiveChat.ticket_id == ticket_id)).scalars().first()
        if chat is None:
            raise NotFound(ticket_id)
        return chat

    async def take(self, account: Account, ticket_id: int) -> bool:
        """True for the one operator who got the chat; the assistant is paused before anyone writes."""
        chat = self.chat_of(ticket_id)
        if not livechat.take(chat.id, account.name):
            return False
        await self.rasa.append(chat.conversation_id, [{"event": "pause"}])
        return True

    def _own_chat(self, account: Account, ticket_id: int) -> LiveChat:
        chat = self.chat_of(ticket_id)
        if chat.state != livechat.TAKEN:
            raise Forbidden("чат не в работе")
        if chat.operator != account.name and not account.is_supervisor:
            raise Forbidden("чат ведёт другой оператор")
        return chat

    async def customer_io(self, chat: LiveChat) -> Optional[str]:
        tracker = await self.rasa.tracker(chat.conversation_id)
        io = (tracker.get("slots") or {}).get("customer_io")
        if io:
            return str(io)
        with session_scope() as s:
            ticket = s.get(Ticket, chat.ticket_id)
            customer = s.get(Customer, ticket.customer_id) if ticket.customer_id else None
            return customer.first_and_middle if customer else None

    async def deliver(self, chat: LiveChat, text: str, author: str, extra_events: List[Dict[str, Any]] = ()) -> None:
        """Into the tracker (the transcript) and into the outbox (the channel delivers it to the customer)."""
        events = [*extra_events, {"event": "bot", "text": text, "metadata": {DESK_AUTHOR: author}}]
        await self.rasa.append(chat.conversation_id, events)
        livechat.post_message(chat.conversation_id, chat.channel, "operator" if author != ASSISTANT else ASSISTANT,
                              text, operator=author if author != ASSISTANT else None)

    async def write(self, account: Account, ticket_id: int, text: str) -> None:
        text = text.strip()
        if not text:
            raise ValueError("пустое сообщение")
        await self.deliver(self._own_chat(account, ticket_id), text[:4000], account.name)

    async def phrase(self, account: Account, ticket_id: int, key: str) -> str:
        chat = self._own_chat(account, ticket_id)
        text = self.phrases.render(self.phrases.response_for(key), await self.customer_io(chat))
        await self.deliver(chat, text, account.name)
        return text

    async def release(self, account: Account, ticket_id: int, close: bool, note: str) -> None:
        """Give back (close=False) or close with a resolution: the ticket is done either way, and the assistant
        resumes with the script's closing question, recorded as its own action so the policies go on from there."""
        chat = self._own_chat(account, ticket_id)
        if close and not note.strip():
            raise ValueError("укажите, чем закончилось обращение")
        with session_scope() as s:
            row = s.get(LiveChat, chat.id)
            row.state, row.ended_at = (livechat.CLOSED if close else livechat.RETURNED), now()
            ticket = s.get(Ticket, chat.ticket_id)
            s.add(TicketHistory(ticket_id=ticket.id, actor=account.name, action="chat_closed" if close else "chat_returned",
                                detail="закрыт оператором" if close else "возвращён ассистенту", created_at=now()))
            if ticket.status != "done":
                s.add(TicketHistory(ticket_id=ticket.id, actor=account.name, action="status",
                                    detail="в работе → решён", created_at=now()))
            ticket.status, ticket.updated_at = "done", now()
        if note.strip():
            add_note(account, ticket_id, note, actor_action="resolution" if close else "note")
        closing = self.phrases.render(ANYTHING_ELSE, await self.customer_io(chat))
        await self.deliver(chat, closing, ASSISTANT, extra_events=[
            {"event": "resume"}, {"event": "action", "name": ANYTHING_ELSE},
        ])
        await self.rasa.append(chat.conversation_id, [{"event": "action", "name": "action_listen"}])

    @staticmethod
    def _claim_hold_extension(chat: LiveChat, at: dt.datetime) -> bool:
        last = LiveChat.hold_extended_at.is_(None) if chat.hold_extended_at is None else \
            LiveChat.hold_extended_at == chat.hold_extended_at
        with session_scope() as s:
            claimed = s.execute(update(LiveChat).where(LiveChat.id == chat.id, last).values(hold_extended_at=at))
            return bool(claimed.rowcount)

    async def extend_holds(self, after_seconds: float) -> int:
        """Tell every customer still waiting after `after_seconds` the script's «спасибо за ожидание…»."""
        response = "utter_hold_extend"
        if response not in self.phrases.responses:
            return 0
        at = now()
        with session_scope() as s:
            waiting = [c for c in s.execute(select(LiveChat).where(LiveChat.state == livechat.WAITING)).scalars()
                       if (at - (c.hold_extended_at or c.requested_at)).total_seconds() >= after_seconds]
        # Several desk processes run this loop: a chat is claimed by the one whose update still finds the time it
        # read, so the customer hears the phrase once.
        due = [chat for chat in waiting if self._claim_hold_extension(chat, at)]
        for chat in due:
            try:
                text = self.phrases.render(response, await self.customer_io(chat))
                await self.deliver(chat, text, ASSISTANT)
            except Exception as error:  # one unreachable conversation must not stop the others
                logger.warning("extend-hold for chat %s failed: %s", chat.id, error)
        return len(due)
