"""Tables of the order store. Column names follow order-store.schema.json."""
from __future__ import annotations

import datetime as dt
from typing import List, Optional

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"

    id = Column(String, primary_key=True)
    last_name = Column(String, nullable=False)
    first_name = Column(String, nullable=False)
    middle_name = Column(String)
    city = Column(String, nullable=False)
    address = Column(String)
    do_not_contact = Column(Boolean, nullable=False, default=False)
    bonus_card = Column(JSON)
    phones: List["CustomerPhone"] = relationship(
        "CustomerPhone", back_populates="customer", cascade="all, delete-orphan"
    )
    orders: List["Order"] = relationship(
        "Order", back_populates="customer", cascade="all, delete-orphan", order_by="Order.created_at.desc()"
    )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def first_and_middle(self) -> str:
        """«ИО» of the script: Имя Отчество, or the first name alone."""
        return " ".join(p for p in (self.first_name, self.middle_name) if p)


class CustomerPhone(Base):
    __tablename__ = "customer_phones"

    phone = Column(String, primary_key=True)  # +7XXXXXXXXXX
    customer_id = Column(String, ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    customer = relationship("Customer", back_populates="phones")


class Order(Base):
    __tablename__ = "orders"

    id = Column(String, primary_key=True)
    customer_id = Column(String, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(Date, nullable=False)
    status = Column(String, nullable=False)
    delivery = Column(String, nullable=False)
    carrier = Column(String)
    tracking_number = Column(String)
    arrived_in_city = Column(Boolean, nullable=False, default=False)
    expected_delivery = Column(Date)
    pickup_point = Column(String)
    partner = Column(String)
    prepaid = Column(Boolean, nullable=False, default=False)
    cancel_reason = Column(String)
    deferred_comment = Column(Text)
    previous_contacts = Column(Integer, nullable=False, default=0)
    bought_out_at = Column(Date)
    return_sent_at = Column(Date)
    total = Column(Float, nullable=False)
    customer = relationship("Customer", back_populates="orders")
    items: List["OrderItem"] = relationship(
        "OrderItem", back_populates="order", cascade="all, delete-orphan", order_by="OrderItem.position"
    )


class OrderItem(Base):
    __tablename__ = "order_items"

    id = Column(Integer, primary_key=True, autoincrement=True)
    order_id = Column(String, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    name = Column(String, nullable=False)
    qty = Column(Integer, nullable=False)
    price = Column(Float, nullable=False)
    gift = Column(Boolean, nullable=False, default=False)
    order = relationship("Order", back_populates="items")


class Contact(Base):
    """One conversation touching one order: how «обращается повторно» is known."""

    __tablename__ = "contacts"

    id = Column(Integer, primary_key=True, autoincrement=True)
    order_id = Column(String, nullable=False, index=True)
    conversation_id = Column(String, nullable=False)
    topic = Column(String, nullable=False)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)


class Ticket(Base):
    """A hand-over a human must act on: operator transfer, «передаём СВ», ОПП, stop-calls …"""

    __tablename__ = "tickets"

    id = Column(Integer, primary_key=True, autoincrement=True)
    kind = Column(String, nullable=False)
    customer_id = Column(String)
    order_id = Column(String)
    reason = Column(Text, nullable=False)
    conversation_id = Column(String, nullable=False)
    summary = Column(Text, nullable=False, default="")
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)
    # The desk's workflow: new → in_progress → done (store.vocabulary.TicketStatus); nothing is deleted.
    status: Optional[str] = Column(String, nullable=False, default="new")
    channel = Column(String)  # the input channel the hand-over came from: rest, telegram, voice …
    assignee = Column(String)  # a desk user's name
    updated_at = Column(DateTime)


class TopicAnswered(Base):
    """A topic the assistant answered in a conversation: the basis of the deflection figures."""

    __tablename__ = "topics_answered"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String, nullable=False, index=True)
    topic = Column(String, nullable=False)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)


class Rating(Base):
    """The customer's 1–5 rating of the consultation, given after the farewell (optional)."""

    __tablename__ = "ratings"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String, nullable=False, index=True)
    rating = Column(Integer, nullable=False)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)


class DeskUser(Base):
    """An operator desk account; the password is kept as an argon2 hash only."""

    __tablename__ = "desk_users"

    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String, nullable=False, unique=True)
    role = Column(String, nullable=False)  # operator | supervisor
    password_hash = Column(String, nullable=False)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)


class DeskSession(Base):
    """A logged-in browser: the cookie carries the token, the table only its SHA-256."""

    __tablename__ = "desk_sessions"

    token_hash = Column(String, primary_key=True)
    user_id = Column(Integer, ForeignKey("desk_users.id"), nullable=False, index=True)
    csrf_token = Column(String, nullable=False)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)
    last_seen_at = Column(DateTime, nullable=False, default=dt.datetime.now)
    user = relationship("DeskUser")


class LoginFailure(Base):
    """Failed desk logins per account and per address: each one makes the next attempt wait longer."""

    __tablename__ = "desk_login_failures"

    key = Column(String, primary_key=True)  # "user:<name>" or "ip:<address>"
    failures = Column(Integer, nullable=False, default=0)
    last_failed_at = Column(DateTime, nullable=False, default=dt.datetime.now)


class TicketNote(Base):
    __tablename__ = "ticket_notes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id"), nullable=False, index=True)
    author = Column(String, nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)


class TicketHistory(Base):
    """Who did what to a ticket and when; rows are only ever added (updates and deletes raise)."""

    __tablename__ = "ticket_history"

    id = Column(Integer, primary_key=True, autoincrement=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id"), nullable=False, index=True)
    actor = Column(String, nullable=False)  # a desk user's name, or "assistant"
    action = Column(String, nullable=False)
    detail = Column(Text, nullable=False, default="")
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)


def append_only(model: type, what: str) -> None:
    """Rows of `model` are only ever added: an ORM update or delete of one raises (`what` names them)."""
    def refuse(_mapper, _connection, _target) -> None:  # type: ignore[no-untyped-def]
        raise PermissionError(f"{what} is append-only")

    event.listen(model, "before_update", refuse)
    event.listen(model, "before_delete", refuse)


append_only(TicketHistory, "ticket history")


class LiveChat(Base):
    """A chat waiting for, or talking with, a human: state waiting → taken → closed | returned."""

    __tablename__ = "live_chats"

    id = Column(Integer, primary_key=True, autoincrement=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id"), nullable=False, unique=True)
    conversation_id = Column(String, nullable=False, index=True)
    channel = Column(String, nullable=False)
    state = Column(String, nullable=False, default="waiting")
    operator = Column(String)  # the desk user who took it
    requested_at = Column(DateTime, nullable=False, default=dt.datetime.now)
    taken_at = Column(DateTime)
    ended_at = Column(DateTime)
    hold_extended_at = Column(DateTime)  # when the customer was last told «спасибо за ожидание…»


class ChatMessage(Base):
    """A message the desk sends into a conversation (operator text, standard phrase, the assistant's
    resume); also the outbox: channels deliver rows whose delivered_at is empty."""

    __tablename__ = "chat_messages"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String, nullable=False, index=True)
    channel = Column(String, nullable=False)
    author = Column(String, nullable=False)  # operator | assistant
    operator = Column(String)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)
    delivered_at = Column(DateTime)

# The analytics tables live in their own module; imported here so the one metadata knows every table.
from store import analytics_models  # noqa: E402,F401
from store import attachments  # noqa: E402,F401  (files customers send, on their tickets)
