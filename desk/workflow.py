"""Tickets as the desk works them: the queue, status new → in_progress → done, assignee, notes and the history of
who did what; nothing is ever deleted."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desk.accounts import Account
from desk.masking import mask_phone
from store.clock import now
from store.db import session_scope
from store.livechat import TAKEN, WAITING
from store.models import Customer, DeskUser, LiveChat, Order, Ticket, TicketHistory, TicketNote

STATUSES: Dict[str, str] = {"new": "новый", "in_progress": "в работе", "done": "решён"}
KIND_TITLES: Dict[str, str] = {
    "operator": "Оператор", "supervisor": "Супервайзер", "opp": "ОПП", "crm_edit": "Правка в CRM",
    "stop_calls": "Стоп-звонки", "authority": "Госорганы", "callback": "Перезвонить", "sms": "СМС",
}
CHANNEL_TITLES: Dict[str, str] = {"rest": "чат (REST)", "telegram": "Telegram", "voice": "звонок (Asterisk)",
                                  "jambonz": "звонок (jambonz)"}
# Back-office work only a supervisor decides on; an operator may read it.
SUPERVISOR_KINDS = frozenset({"supervisor", "authority"})


class Forbidden(Exception):
    """The account's role does not allow this."""


class NotFound(Exception):
    pass


@dataclass
class QueueItem:
    ticket_id: int
    kind: str
    channel: str
    status: str
    waiting_since: dt.datetime
    full_name: str
    phone: str
    order_id: str
    reason: str
    summary: str
    assignee: str
    chat_id: Optional[int] = None
    chat_state: Optional[str] = None
    operator: Optional[str] = None

    @property
    def waiting_seconds(self) -> int:
        return max(0, int((now() - self.waiting_since).total_seconds()))

    @property
    def waiting_text(self) -> str:
        minutes, seconds = divmod(self.waiting_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours} ч {minutes:02d} мин" if hours else f"{minutes} мин {seconds:02d} с"

    @property
    def kind_title(self) -> str:
        return KIND_TITLES.get(self.kind, self.kind)

    @property
    def channel_title(self) -> str:
        return CHANNEL_TITLES.get(self.channel, self.channel or "—")

    @property
    def status_title(self) -> str:
        return STATUSES.get(self.status, self.status)


def _who(customer: Optional[Customer]) -> tuple:
    if customer is None:
        return "не идентифицирован", "—"
    return customer.full_name, mask_phone(customer.phones[0].phone if customer.phones else None)


def _sort_key(item: QueueItem) -> tuple:
    # Live chats waiting for a human first (oldest first), then chats in progress, then the rest, oldest first.
    rank = {WAITING: 0, TAKEN: 1}.get(item.chat_state or "", 2)
    return rank, item.waiting_since, item.ticket_id


def queue(include_done: bool = False) -> List[QueueItem]:
    with session_scope() as s:
        stmt = select(Ticket)
        if not include_done:
            stmt = stmt.where(Ticket.status != "done")
        tickets = list(s.execute(stmt).scalars())
        chats = {c.ticket_id: c for c in s.execute(select(LiveChat)).scalars()}
        ids = {t.customer_id for t in tickets if t.customer_id}
        customers = {c.id: c for c in s.execute(
            select(Customer).where(Customer.id.in_(ids)).options(selectinload(Customer.phones))).scalars()}
        items = []
        for t in tickets:
            chat = chats.get(t.id)
            name, phone = _who(customers.get(t.customer_id))
            items.append(QueueItem(
                ticket_id=t.id, kind=t.kind, channel=t.channel or (chat.channel if chat else ""), status=t.status,
                waiting_since=chat.requested_at if chat else t.created_at, full_name=name, phone=phone,
                order_id=t.order_id or "—", reason=t.reason, summary=t.summary, assignee=t.assignee or "",
                chat_id=chat.id if chat else None, chat_state=chat.state if chat else None,
                operator=chat.operator if chat else None))
    return sorted(items, key=_sort_key)


@dataclass
class TicketView:
    item: QueueItem
    conversation_id: str
    customer: Optional[Customer]
    order: Optional[Order]
    notes: List[TicketNote] = field(default_factory=list)
    history: List[TicketHistory] = field(default_factory=list)
    created_at: Optional[dt.datetime] = None


def ticket(ticket_id: int) -> TicketView:
    item = next((i for i in queue(include_done=True) if i.ticket_id == ticket_id), None)
    if item is None:
        raise NotFound(ticket_id)
    with session_scope() as s:
        t = s.get(Ticket, ticket_id)
        customer = s.execute(select(Customer).where(Customer.id == t.customer_id)
                             .options(selectinload(Customer.phones))).scalars().first() if t.customer_id else None
        order = s.execute(select(Order).where(Order.id == t.order_id)
                          .options(selectinload(Order.items))).scalars().first() if t.order_id else None
        notes = list(s.execute(select(TicketNote).where(TicketNote.ticket_id == ticket_id)
                               .order_by(TicketNote.id)).scalars())
        history = list(s.execute(select(TicketHistory).where(TicketHistory.ticket_id == ticket_id)
                                 .order_by(TicketHistory.id)).scalars())
        return TicketView(item, t.conversation_id, customer, order, notes, history, t.created_at)


def _may_change(account: Account, t: Ticket) -> None:
    if t.kind in SUPERVISOR_KINDS and not account.is_supervisor:
        raise Forbidden("этот тикет ведёт супервайзер")


def set_status(account: Account, ticket_id: int, status: str) -> None:
    if status not in STATUSES:
        raise ValueError(status)
    with session_scope() as s:
        t = s.get(Ticket, ticket_id)
        if t is None:
            raise NotFound(ticket_id)
        _may_change(account, t)
        if t.status == "done" and status != "done" and not account.is_supervisor:
            raise Forbidden("вернуть решённый тикет в работу может только супервайзер")
        if t.status == status:
            return
        s.add(TicketHistory(ticket_id=t.id, actor=account.name, action="status",
                            detail=f"{STATUSES[t.status]} → {STATUSES[status]}", created_at=now()))
        t.status, t.updated_at = status, now()
        if status == "in_progress" and not t.assignee:
            t.assignee = account.name


def assign(account: Account, ticket_id: int, assignee: str) -> None:
    with session_scope() as s:
        t = s.get(Ticket, ticket_id)
        if t is None:
            raise NotFound(ticket_id)
        _may_change(account, t)
        if assignee != account.name and not account.is_supervisor:
            raise Forbidden("назначить тикет другому может только супервайзер")
        if not s.execute(select(DeskUser).where(DeskUser.name == assignee)).scalars().first():
            raise ValueError(f"нет пользователя {assignee}")
        s.add(TicketHistory(ticket_id=t.id, actor=account.name, action="assign",
                            detail=f"{t.assignee or '—'} → {assignee}", created_at=now()))
        t.assignee, t.updated_at = assignee, now()


def add_note(account: Account, ticket_id: int, text: str, actor_action: str = "note") -> None:
    text = text.strip()
    if not text:
        raise ValueError("пустая заметка")
    with session_scope() as s:
        t = s.get(Ticket, ticket_id)
        if t is None:
            raise NotFound(ticket_id)
        s.add(TicketNote(ticket_id=t.id, author=account.name, text=text, created_at=now()))
        s.add(TicketHistory(ticket_id=t.id, actor=account.name, action=actor_action, detail=text[:500],
                            created_at=now()))
        t.updated_at = now()


def user_names() -> List[str]:
    with session_scope() as s:
        return list(s.execute(select(DeskUser.name).order_by(DeskUser.name)).scalars())
