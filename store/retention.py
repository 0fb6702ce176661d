"""Retention of conversations (152-ФЗ): past a configurable number of days the transcripts are deleted from the
event broker and every store row that could name the customer is anonymised; the figures stay for the trends."""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import select, update

from store import analytics, attachments, broker_events
from store.analytics_models import ConversationFacts, TranscriptOpening
from store.clock import now
from store.db import session_scope
from store.models import ChatMessage, Contact, LiveChat, Rating, Ticket, TicketNote, TopicAnswered

DEFAULT_DAYS = 30  # as the Rasa server's conversation log (endpoints.yml retention_days)
ERASED = "(обезличено по сроку хранения)"
# Tables whose rows point at a conversation: the id is replaced by one that cannot be traced back.
_BY_CONVERSATION = (ConversationFacts, Ticket, TopicAnswered, Rating, Contact, LiveChat, ChatMessage, TranscriptOpening)


@dataclass(frozen=True)
class Purged:
    conversations: int
    events: int
    attachments: int = 0  # files customers sent, deleted outright (store/attachments.py)


def retention_days() -> int:
    return int(os.environ.get("ANALYTICS_RETENTION_DAYS") or DEFAULT_DAYS)


def anonymous_id(conversation_id: str) -> str:
    return "anon-" + hashlib.sha256(conversation_id.encode()).hexdigest()[:16]


def purge(days: Optional[int] = None, at: Optional[dt.datetime] = None) -> Purged:
    """Conversations whose last message is older than `days`: transcripts deleted, identities anonymised."""
    days = retention_days() if days is None else days
    analytics.refresh()  # fold everything first: the figures outlive the transcripts
    cutoff = (at or now()) - dt.timedelta(days=days)
    with session_scope() as s:
        old: List[str] = list(s.execute(select(ConversationFacts.conversation_id).where(
            ConversationFacts.ended_at < cutoff, ConversationFacts.anonymised.is_(False))).scalars())
    events = broker_events.delete_conversations(old)
    with session_scope() as s:
        recent = select(ConversationFacts.conversation_id).where(ConversationFacts.ended_at >= cutoff)
        files = attachments.delete_for(s, old, older_than=cutoff, keep=recent)
        for start in range(0, len(old), 500):
            chunk = old[start:start + 500]
            tickets = select(Ticket.id).where(Ticket.conversation_id.in_(chunk))
            s.execute(update(TicketNote).where(TicketNote.ticket_id.in_(tickets)).values(text=ERASED)
                      .execution_options(synchronize_session=False))
            s.execute(update(Ticket).where(Ticket.conversation_id.in_(chunk))
                      .values(summary=ERASED, reason=ERASED, customer_id=None))
            s.execute(update(ChatMessage).where(ChatMessage.conversation_id.in_(chunk)).values(text=ERASED))
            s.execute(update(ConversationFacts).where(ConversationFacts.conversation_id.in_(chunk))
                      .values(customer_id=None, order_ids="", anonymised=True))
            for conversation_id in chunk:  # Core updates: the ORM's append-only guard is for people, not retention
                for model in _BY_CONVERSATION:
                    s.execute(update(model).where(model.conversation_id == conversation_id)
                              .values(conversation_id=anonymous_id(conversation_id)))
    return Purged(len(old), events, files)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.retention", description=__doc__)
    parser.add_argument("--days", type=int, default=None,
                        help=f"keep this many days (default: ANALYTICS_RETENTION_DAYS or {DEFAULT_DAYS})")
    args = parser.parse_args(argv)
    result = purge(args.days)
    print(f"{result.conversations} conversation(s) older than {args.days or retention_days()} days anonymised, "
          f"{result.events} event(s) of their transcripts and {result.attachments} attached file(s) deleted.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
