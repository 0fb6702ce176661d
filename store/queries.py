"""Read and write operations the assistant needs; each opens its own short transaction."""
from __future__ import annotations

from typing import List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from store import attachments
from store.clock import now
from store.db import session_scope
from store.models import Contact, Customer, CustomerPhone, Order, Rating, Ticket, TopicAnswered

_WITH_ORDERS = (selectinload(Customer.orders).selectinload(Order.items), selectinload(Customer.phones))


def customers_by_phone(phone: str) -> List[Customer]:
    with session_scope() as s:
        stmt = select(Customer).join(CustomerPhone).where(CustomerPhone.phone == phone).options(*_WITH_ORDERS)
        return list(s.execute(stmt).scalars().unique())


def customer_by_id(customer_id: str) -> Optional[Customer]:
    with session_scope() as s:
        stmt = select(Customer).where(Customer.id == customer_id).options(*_WITH_ORDERS)
        return s.execute(stmt).scalars().first()


def all_customers() -> List[Customer]:
    """Candidates for a ФИО search (name matching is morphological, so it is done by the caller).

    The demo and a contact centre's daily export are small enough to scan; a large CRM would add a
    normalised-surname column here.
    """
    with session_scope() as s:
        return list(s.execute(select(Customer).options(*_WITH_ORDERS)).scalars().unique())


def record_contact(order_id: str, conversation_id: str, topic: str) -> None:
    with session_scope() as s:
        s.add(Contact(order_id=order_id, conversation_id=conversation_id, topic=topic, created_at=now()))


def earlier_contacts(order: Order, conversation_id: str) -> int:
    """Contacts about this order before this conversation: the CRM's count plus our own records."""
    with session_scope() as s:
        ours = s.execute(
            select(func.count(Contact.id)).where(
                Contact.order_id == order.id, Contact.conversation_id != conversation_id
            )
        ).scalar_one()
    return int(order.previous_contacts or 0) + int(ours)


def create_ticket(
    kind: str,
    reason: str,
    conversation_id: str,
    customer_id: Optional[str] = None,
    order_id: Optional[str] = None,
    summary: str = "",
    channel: Optional[str] = None,
) -> int:
    with session_scope() as s:
        ticket = Ticket(
            kind=kind, reason=reason, conversation_id=conversation_id, customer_id=customer_id,
            order_id=order_id, summary=summary, created_at=now(), channel=channel,
        )
        s.add(ticket)
        s.flush()
        attachments.link_waiting(s, conversation_id, int(ticket.id))  # files sent before the ticket go with it
        return int(ticket.id)


def tickets(conversation_id: Optional[str] = None) -> List[Ticket]:
    with session_scope() as s:
        stmt = select(Ticket).order_by(Ticket.id)
        if conversation_id:
            stmt = stmt.where(Ticket.conversation_id == conversation_id)
        return list(s.execute(stmt).scalars())


def record_topic(conversation_id: str, topic: str) -> None:
    with session_scope() as s:
        s.add(TopicAnswered(conversation_id=conversation_id, topic=topic, created_at=now()))


def record_rating(conversation_id: str, rating: int) -> None:
    with session_scope() as s:
        s.add(Rating(conversation_id=conversation_id, rating=rating, created_at=now()))


def topics_answered(conversation_id: Optional[str] = None) -> List[TopicAnswered]:
    """The topics answered, in order: all of them, or one conversation's."""
    query = select(TopicAnswered).order_by(TopicAnswered.id)
    if conversation_id is not None:
        query = query.where(TopicAnswered.conversation_id == conversation_id)
    with session_scope() as s:
        return list(s.execute(query).scalars())


def ratings() -> List[Rating]:
    with session_scope() as s:
        return list(s.execute(select(Rating).order_by(Rating.id)).scalars())
