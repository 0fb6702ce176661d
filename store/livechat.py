"""Live chats with a human and the desk's outbox: the few store operations the actions, the operator desk and the
channel front ends share (no Rasa, no web framework here)."""
from __future__ import annotations

import datetime as dt
import os
from typing import List, Optional, Tuple

from sqlalchemy import func, select, update

from store.clock import now
from store.db import session_scope
from store.models import ChatMessage, DeskSession, DeskUser, LiveChat, Ticket, TicketHistory

# Channels where a human can answer in the same conversation; voice is transferred by the telephony instead.
CHAT_CHANNELS = frozenset({"rest", "telegram"})
WAITING, TAKEN, CLOSED, RETURNED = "waiting", "taken", "closed", "returned"
# A desk session seen this recently counts as an operator at work (the desk's pages ping every 20 s).
ONLINE_WITHIN = dt.timedelta(seconds=90)
WorkingHours = Tuple[dt.time, dt.time]


def open_live_chat(ticket_id: int, conversation_id: str, channel: str) -> Optional[int]:
    """Queue a chat hand-over for the desk; None for channels a human cannot answer in."""
    if channel not in CHAT_CHANNELS:
        return None
    with session_scope() as s:
        chat = LiveChat(ticket_id=ticket_id, conversation_id=conversation_id, channel=channel, state=WAITING,
                        requested_at=now())
        s.add(chat)
        s.add(TicketHistory(ticket_id=ticket_id, actor="assistant", action="chat_waiting",
                            detail=f"чат ({channel}) ждёт оператора", created_at=now()))
        s.flush()
        return int(chat.id)


def take(chat_id: int, operator: str) -> bool:
    """Exactly one operator gets a waiting chat: the update only matches while the chat is still waiting."""
    with session_scope() as s:
        taken = s.execute(
            update(LiveChat).where(LiveChat.id == chat_id, LiveChat.state == WAITING)
            .values(state=TAKEN, operator=operator, taken_at=now())
        ).rowcount
        if taken:
            chat = s.get(LiveChat, chat_id)
            ticket = s.get(Ticket, chat.ticket_id)
            ticket.status, ticket.assignee, ticket.updated_at = "in_progress", operator, now()
            s.add(TicketHistory(ticket_id=chat.ticket_id, actor=operator, action="chat_taken",
                                detail="оператор взял чат", created_at=now()))
        return bool(taken)


def active_chat(conversation_id: str) -> Optional[LiveChat]:
    """The conversation's chat that is waiting for or talking with a human, if any."""
    with session_scope() as s:
        return s.execute(select(LiveChat).where(
            LiveChat.conversation_id == conversation_id, LiveChat.state.in_((WAITING, TAKEN))
        ).order_by(LiveChat.id.desc())).scalars().first()


def post_message(conversation_id: str, channel: str, author: str, text: str, operator: Optional[str] = None) -> int:
    """Queue a message for the customer: the channel's front end (or the REST client polling) delivers it."""
    with session_scope() as s:
        message = ChatMessage(conversation_id=conversation_id, channel=channel, author=author, operator=operator,
                              text=text, created_at=now())
        s.add(message)
        s.flush()
        return int(message.id)


def undelivered(channel: str, limit: int = 50) -> List[ChatMessage]:
    with session_scope() as s:
        return list(s.execute(select(ChatMessage).where(
            ChatMessage.channel == channel, ChatMessage.delivered_at.is_(None)
        ).order_by(ChatMessage.id).limit(limit)).scalars())


def mark_delivered(message_ids: List[int]) -> None:
    if message_ids:
        with session_scope() as s:
            s.execute(update(ChatMessage).where(ChatMessage.id.in_(message_ids)).values(delivered_at=now()))


def messages_after(conversation_id: str, after_id: int) -> List[ChatMessage]:
    """What the desk sent into one conversation after message `after_id` (the REST channel's polling)."""
    with session_scope() as s:
        return list(s.execute(select(ChatMessage).where(
            ChatMessage.conversation_id == conversation_id, ChatMessage.id > after_id
        ).order_by(ChatMessage.id)).scalars())


def messages_of(conversation_id: str) -> List[ChatMessage]:
    return messages_after(conversation_id, 0)


def operators_online(at: Optional[dt.datetime] = None) -> int:
    """Desk sessions active within ONLINE_WITHIN: somebody can take a chat now."""
    at = at or now()
    with session_scope() as s:
        return int(s.execute(select(func.count(func.distinct(DeskSession.user_id))).where(
            DeskSession.last_seen_at >= at - ONLINE_WITHIN)).scalar_one())


def desk_in_use() -> bool:
    """The desk has at least one account: hand-overs are answered there (without any, tickets only, as before)."""
    with session_scope() as s:
        return s.execute(select(DeskUser.id).limit(1)).first() is not None


def parse_working_hours(value: str) -> Optional[WorkingHours]:
    """«09:00-21:00» → (09:00, 21:00); empty → round the clock. «21:00-09:00» is a night shift."""
    if not value.strip():
        return None
    start, end = (dt.time.fromisoformat(part.strip()) for part in value.split("-", 1))
    return start, end


def working_hours() -> Optional[WorkingHours]:
    """DESK_WORKING_HOURS, read by the action server (hand-overs) and the desk alike."""
    return parse_working_hours(os.environ.get("DESK_WORKING_HOURS", ""))


def within(hours: Optional[WorkingHours], at: dt.datetime) -> bool:
    if hours is None:
        return True
    start, end = hours
    moment = at.time()
    return start <= moment < end if start <= end else (moment >= start or moment < end)
