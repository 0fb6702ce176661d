"""Files a customer sends (a photo of a defect, a PDF): kept with the conversation and shown on its current ticket.

The bytes live in the order store itself (a BLOB, not files under var/): every Telegram front and every desk
process of the scaled topology reads the same PostgreSQL, a ticket and its files are written and purged in one
transaction, and a backup of the store is a backup of the files. The size cap (10 MB by default) keeps that cheap.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, List, Optional

from sqlalchemy import Column, DateTime, ForeignKey, Integer, LargeBinary, String, delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from store.clock import now
from store.db import session_scope
from store.models import Base, Ticket

# A solved ticket is not the customer's current one (desk/workflow.py STATUSES: new, in_progress, done).
SOLVED = "done"


class Attachment(Base):
    """One file of a conversation; ticket_id is empty until the conversation has a ticket that is not solved."""

    __tablename__ = "attachments"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String, nullable=False, index=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id"), index=True)
    channel = Column(String, nullable=False)
    kind = Column(String, nullable=False)  # photo | document
    mime_type = Column(String, nullable=False)  # checked against the bytes, never the sender's word alone
    file_name = Column(String)
    size = Column(Integer, nullable=False)
    content = Column(LargeBinary, nullable=False)
    thumbnail = Column(LargeBinary)  # a small JPEG for the desk's list; none for a PDF
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)


@dataclass(frozen=True)
class Stored:
    attachment_id: int
    ticket_id: Optional[int]  # None: kept on the conversation until a ticket is written


@dataclass(frozen=True)
class Listed:
    """What the desk lists (no bytes)."""

    id: int
    ticket_id: Optional[int]
    kind: str
    mime_type: str
    file_name: Optional[str]
    size: int
    has_thumbnail: bool
    created_at: dt.datetime

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


@dataclass(frozen=True)
class Content:
    mime_type: str
    file_name: Optional[str]
    data: bytes


def _current_ticket(s: Session, conversation_id: str) -> Optional[int]:
    return s.execute(select(Ticket.id).where(Ticket.conversation_id == conversation_id, Ticket.status != SOLVED)
                     .order_by(Ticket.id.desc()).limit(1)).scalar_one_or_none()


def attach(conversation_id: str, channel: str, kind: str, mime_type: str, content: bytes,
           file_name: Optional[str] = None, thumbnail: Optional[bytes] = None) -> Stored:
    """Store a file on the conversation's current ticket, or on the conversation alone when it has none yet."""
    with session_scope() as s:
        ticket_id = _current_ticket(s, conversation_id)
        row = Attachment(conversation_id=conversation_id, ticket_id=ticket_id, channel=channel, kind=kind,
                         mime_type=mime_type, file_name=file_name, size=len(content), content=content,
                         thumbnail=thumbnail, created_at=now())
        s.add(row)
        s.flush()
        return Stored(int(row.id), ticket_id)


def link_waiting(s: Session, conversation_id: str, ticket_id: int) -> None:
    """A ticket was just written: the conversation's files that waited for one go with it (inside its transaction)."""
    s.execute(update(Attachment).where(Attachment.conversation_id == conversation_id, Attachment.ticket_id.is_(None))
              .values(ticket_id=ticket_id).execution_options(synchronize_session=False))


_LISTED = (Attachment.id, Attachment.ticket_id, Attachment.kind, Attachment.mime_type, Attachment.file_name,
           Attachment.size, Attachment.thumbnail.isnot(None), Attachment.created_at)


def of_ticket(ticket_id: int) -> List[Listed]:
    with session_scope() as s:
        rows = s.execute(select(*_LISTED).where(Attachment.ticket_id == ticket_id).order_by(Attachment.id)).all()
    return [Listed(*row) for row in rows]


def of_conversation(conversation_id: str) -> List[Listed]:
    with session_scope() as s:
        rows = s.execute(select(*_LISTED).where(Attachment.conversation_id == conversation_id)
                         .order_by(Attachment.id)).all()
    return [Listed(*row) for row in rows]


def content_of(ticket_id: int, attachment_id: int, thumbnail: bool = False) -> Optional[Content]:
    """The file (or its thumbnail) if it belongs to that ticket: a desk URL cannot reach another ticket's file."""
    column = Attachment.thumbnail if thumbnail else Attachment.content
    with session_scope() as s:
        row = s.execute(select(Attachment.mime_type, Attachment.file_name, column).where(
            Attachment.id == attachment_id, Attachment.ticket_id == ticket_id)).one_or_none()
    if row is None or row[2] is None:
        return None
    return Content("image/jpeg" if thumbnail else row[0], row[1], bytes(row[2]))


def delete_for(s: Session, conversation_ids: Iterable[str], older_than: Optional[dt.datetime] = None,
               keep: Optional[Select] = None) -> int:
    """Retention: the files of these conversations, and any file older than `older_than` whose conversation is not
    among `keep` (the conversations still within the period): one the analytics never folded still loses them."""
    deleted = 0
    ids = list(conversation_ids)
    for start in range(0, len(ids), 500):
        deleted += s.execute(delete(Attachment).where(Attachment.conversation_id.in_(ids[start:start + 500]))
                             .execution_options(synchronize_session=False)).rowcount or 0
    if older_than is not None:
        stale = delete(Attachment).where(Attachment.created_at < older_than)
        if keep is not None:
            stale = stale.where(Attachment.conversation_id.not_in(keep))
        deleted += s.execute(stale.execution_options(synchronize_session=False)).rowcount or 0
    return deleted
