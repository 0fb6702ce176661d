"""Tables of the supervisor's analytics (revision 0003_analytics): per-conversation figures, the unmasking log and
proposed NLU examples."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, String, Text

from store.models import Base, append_only


class ConversationFacts(Base):
    """One conversation as the dashboard counts it; rebuilt from the event broker and the store."""

    __tablename__ = "conversation_facts"

    conversation_id = Column(String, primary_key=True)
    channel = Column(String, nullable=False)  # rest | telegram | voice
    started_at = Column(DateTime, nullable=False, index=True)
    ended_at = Column(DateTime, nullable=False)
    topics = Column(Text, nullable=False, default="")  # space-separated topic names
    outcome = Column(String, nullable=False)  # contained | handed_over | abandoned
    handover_reason = Column(String)  # store.analytics.REASONS
    identification = Column(String)  # identified | failed | None: not attempted
    user_messages = Column(Integer, nullable=False, default=0)
    misunderstood = Column(Integer, nullable=False, default=0)  # messages that went to «не поняла»
    rating = Column(Integer)
    seconds_to_human = Column(Float)  # hand-over → an operator took the chat
    handling_seconds = Column(Float)  # taken → closed or given back
    customer_id = Column(String)
    order_ids = Column(Text, nullable=False, default="")  # space-separated
    anonymised = Column(Boolean, nullable=False, default=False)  # past retention: figures kept, identities gone
    refreshed_at = Column(DateTime, nullable=False, default=dt.datetime.now)

    @property
    def topic_list(self) -> list:
        return self.topics.split() if self.topics else []


class AnalyticsWatermark(Base):
    """The last broker event folded into the facts, per source."""

    __tablename__ = "analytics_watermarks"

    source = Column(String, primary_key=True)
    last_event_id = Column(Integer, nullable=False, default=0)


class TranscriptOpening(Base):
    """A supervisor read a transcript unmasked; rows are only ever added (updates and deletes raise)."""

    __tablename__ = "transcript_openings"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String, nullable=False, index=True)
    supervisor = Column(String, nullable=False)
    reason = Column(Text, nullable=False)
    opened_at = Column(DateTime, nullable=False, default=dt.datetime.now)


append_only(TranscriptOpening, "the log of unmasked transcripts")


class NluSuggestion(Base):
    """A message the assistant did not understand, with the intent a supervisor says it meant."""

    __tablename__ = "nlu_suggestions"

    id = Column(Integer, primary_key=True, autoincrement=True)
    intent = Column(String, nullable=False)
    text = Column(Text, nullable=False)
    supervisor = Column(String, nullable=False)
    created_at = Column(DateTime, nullable=False, default=dt.datetime.now)
    exported_at = Column(DateTime)
