"""The supervisor's figures, computed once: per-conversation facts folded from Rasa's event broker and the store
(topics, tickets, ratings, live chats), and the aggregates the dashboard, the review and `make deflection` read."""
from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set

from sqlalchemy import delete, func, select

from store import broker_events
from store.analytics_models import AnalyticsWatermark, ConversationFacts
from store.clock import now
from store.db import session_scope
from store.models import Contact, CustomerPhone, LiveChat, Rating, Ticket, TopicAnswered
from store.vocabulary import (LIVE_TRANSFER_KINDS, NO_OPERATOR_CALLBACK, OPERATOR_REQUESTED, TWICE_MISUNDERSTOOD,
                              TicketKind)

NO_TOPIC = "(без темы)"
CONTAINED, HANDED_OVER, ABANDONED = "contained", "handed_over", "abandoned"
OUTCOMES = {CONTAINED: "без оператора", HANDED_OVER: "передан оператору", ABANDONED: "брошен"}
REASONS = {
    "operator_request": "клиент попросил оператора",
    "second_misunderstanding": "ассистент дважды не понял",
    "script_transfer": "скрипт передаёт оператору",
    "profanity": "ненормативная лексика",
    "identification_failed": "идентификация не удалась",
    "operator_unavailable": "оператора не было: перезвонить",
}
CHANNELS = {"rest": "чат", "telegram": "Telegram", "voice": "голос"}
BROKER = "event_broker"


# --- building the facts -------------------------------------------------------------------------------------------

@dataclass
class _StoreRows:
    topics: List[TopicAnswered] = field(default_factory=list)
    tickets: List[Ticket] = field(default_factory=list)
    ratings: List[Rating] = field(default_factory=list)
    chats: List[LiveChat] = field(default_factory=list)
    contacts: List[Contact] = field(default_factory=list)


def _store_rows(conversation_ids: Sequence[str]) -> Dict[str, _StoreRows]:
    rows: Dict[str, _StoreRows] = defaultdict(_StoreRows)
    with session_scope() as s:
        for start in range(0, len(conversation_ids), 500):
            chunk = conversation_ids[start:start + 500]
            for model, attr in ((TopicAnswered, "topics"), (Ticket, "tickets"), (Rating, "ratings"),
                                (LiveChat, "chats"), (Contact, "contacts")):
                for row in s.execute(select(model).where(model.conversation_id.in_(chunk)).order_by(model.id)).scalars():
                    getattr(rows[row.conversation_id], attr).append(row)
    return rows


def _slots(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Each slot's last value, and whether it was ever true (`<name>:ever`)."""
    values: Dict[str, Any] = {}
    for event in events:
        if event.get("event") == "slot":
            values[event.get("name")] = event.get("value")
            if event.get("value"):
                values[f"{event.get('name')}:ever"] = event.get("value")
    return values


def _identification(events: List[Dict[str, Any]], slots: Dict[str, Any]) -> Optional[str]:
    if slots.get("identified:ever") or slots.get("customer_id:ever"):
        return "identified"
    asked = slots.get("identity_query:ever") or any(
        e.get("event") == "active_loop" and e.get("name") == "identification_form" for e in events)
    return "failed" if asked or slots.get("identification_failed:ever") else None


def _handover_reason(ticket: Ticket, identification: Optional[str]) -> str:
    if ticket.reason == TWICE_MISUNDERSTOOD:
        return "second_misunderstanding"
    if identification == "failed":
        return "identification_failed"
    if ticket.reason == OPERATOR_REQUESTED:
        return "operator_request"
    return "script_transfer"


def _seconds(start: Optional[dt.datetime], end: Optional[dt.datetime]) -> Optional[float]:
    return (end - start).total_seconds() if start and end else None


def build_facts(conversation_id: str, events: List[Dict[str, Any]], rows: _StoreRows) -> ConversationFacts:
    """One conversation's figures from its broker events and its store rows (either may be missing)."""
    slots = _slots(events)
    identification = _identification(events, slots)
    users = [e for e in events if e.get("event") == "user"]
    times = [broker_events.at(e) for e in events if e.get("timestamp")]
    times += [r.created_at for r in (*rows.topics, *rows.tickets, *rows.ratings) if r.created_at] if not times else []
    handovers = [t for t in rows.tickets if t.kind in LIVE_TRANSFER_KINDS]
    if handovers:
        outcome, reason = HANDED_OVER, _handover_reason(handovers[0], identification)
    elif slots.get("conversation_closed") and float(slots.get("profanity_strikes") or 0) >= 2:
        outcome, reason = HANDED_OVER, "profanity"
    elif any(t.kind == TicketKind.CALLBACK and t.reason.endswith(NO_OPERATOR_CALLBACK) for t in rows.tickets):
        outcome, reason = HANDED_OVER, "operator_unavailable"  # asked for a human when none was there: a call-back
    elif any(t.kind == TicketKind.CALLBACK for t in rows.tickets):
        outcome, reason = ABANDONED, None  # left mid-topic: the assistant filed a call-back
    else:
        outcome, reason = CONTAINED, None
    chat = rows.chats[0] if rows.chats else None
    orders = {str(slots["order_id"])} if slots.get("order_id") else set()
    orders |= {t.order_id for t in rows.tickets if t.order_id} | {c.order_id for c in rows.contacts}
    channel = broker_events.channel_of(events) or next((t.channel for t in rows.tickets if t.channel), None)
    started = min(times) if times else now()
    return ConversationFacts(
        conversation_id=conversation_id, channel=channel or "rest", started_at=started,
        ended_at=max(times) if times else started,
        topics=" ".join(dict.fromkeys(t.topic for t in rows.topics)), outcome=outcome, handover_reason=reason,
        identification=identification, user_messages=len(users),
        misunderstood=sum(1 for e in users if broker_events.intent_of(e) == broker_events.FALLBACK_INTENT),
        rating=rows.ratings[-1].rating if rows.ratings else None,
        seconds_to_human=_seconds(chat.requested_at, chat.taken_at) if chat else None,
        handling_seconds=_seconds(chat.taken_at, chat.ended_at) if chat else None,
        customer_id=slots.get("customer_id") or next((t.customer_id for t in rows.tickets if t.customer_id), None),
        order_ids=" ".join(sorted(orders)), anonymised=False, refreshed_at=now(),
    )


def _conversations_to_refresh(s, after_event: int) -> tuple:  # type: ignore[no-untyped-def]
    """New broker events, store rows of conversations not folded yet, and chats still open or closed since."""
    senders, newest = broker_events.senders_after(after_event)
    known = {row.conversation_id: row for row in s.execute(select(ConversationFacts)).scalars()}
    ids: Set[str] = set(senders)
    for model in (TopicAnswered, Ticket, Rating):  # new conversations, and rows written after the last fold
        latest = s.execute(select(model.conversation_id, func.max(model.created_at)).group_by(model.conversation_id))
        ids |= {c for c, at in latest if c not in known or at >= known[c].refreshed_at}
    for chat in s.execute(select(LiveChat)).scalars():
        fact = known.get(chat.conversation_id)
        if not fact or (chat.ended_at is None or chat.ended_at >= fact.refreshed_at or chat.taken_at and fact.seconds_to_human is None):
            ids.add(chat.conversation_id)
    return sorted(c for c in ids if not (known.get(c) and known[c].anonymised)), newest


def refresh() -> int:
    """Fold what happened since the last refresh into the facts; returns how many conversations were rebuilt."""
    with session_scope() as s:
        mark = s.get(AnalyticsWatermark, BROKER) or AnalyticsWatermark(source=BROKER, last_event_id=0)
        ids, newest = _conversations_to_refresh(s, mark.last_event_id)
    events = broker_events.events_of(ids)
    rows = _store_rows(ids)
    with session_scope() as s:
        for conversation_id in ids:
            s.merge(build_facts(conversation_id, events.get(conversation_id, []), rows[conversation_id]))
        mark = s.get(AnalyticsWatermark, BROKER) or AnalyticsWatermark(source=BROKER, last_event_id=0)
        mark.last_event_id = max(mark.last_event_id, newest)
        s.merge(mark)
    return len(ids)


# --- reading the facts --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    date_from: Optional[dt.date] = None
    date_to: Optional[dt.date] = None
    channel: Optional[str] = None
    topic: Optional[str] = None
    outcome: Optional[str] = None
    order_id: Optional[str] = None
    phone: Optional[str] = None


def _customers_with_phone(s, phone: str) -> Set[str]:  # type: ignore[no-untyped-def]
    digits = "".join(c for c in phone if c.isdigit())[-10:]
    if len(digits) < 10:
        return set()
    return set(s.execute(select(CustomerPhone.customer_id).where(CustomerPhone.phone == f"+7{digits}")).scalars())


def conversations(filters: Filters = Filters()) -> List[ConversationFacts]:
    """The facts matching the filters, newest first."""
    with session_scope() as s:
        stmt = select(ConversationFacts).order_by(ConversationFacts.started_at.desc())
        if filters.date_from:
            stmt = stmt.where(ConversationFacts.started_at >= dt.datetime.combine(filters.date_from, dt.time()))
        if filters.date_to:
            stmt = stmt.where(ConversationFacts.started_at < dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time()))
        if filters.channel:
            stmt = stmt.where(ConversationFacts.channel == filters.channel)
        if filters.outcome:
            stmt = stmt.where(ConversationFacts.outcome == filters.outcome)
        rows = list(s.execute(stmt).scalars())
        phone_customers = _customers_with_phone(s, filters.phone) if filters.phone else set()
    if filters.topic:
        rows = [r for r in rows if filters.topic in (r.topic_list or [NO_TOPIC])]
    if filters.order_id:
        rows = [r for r in rows if filters.order_id.strip() in r.order_ids.split()]
    if filters.phone:
        rows = [r for r in rows if r.customer_id in phone_customers]
    return rows


def topics_seen() -> List[str]:
    with session_scope() as s:
        found = {t for row in s.execute(select(ConversationFacts.topics)).scalars() for t in (row or "").split()}
    return sorted(found)


@dataclass
class Totals:
    """Figures over a set of conversations; every dashboard chart and `make deflection` count through here."""

    conversations: int = 0
    contained: int = 0
    handed_over: int = 0
    abandoned: int = 0
    reasons: Counter = field(default_factory=Counter)
    identification_attempts: int = 0
    identified: int = 0
    user_messages: int = 0
    misunderstood: int = 0
    ratings: List[int] = field(default_factory=list)
    seconds_to_human: List[float] = field(default_factory=list)
    handling_seconds: List[float] = field(default_factory=list)

    def add(self, fact: ConversationFacts) -> None:
        self.conversations += 1
        self.contained += fact.outcome == CONTAINED
        self.handed_over += fact.outcome == HANDED_OVER
        self.abandoned += fact.outcome == ABANDONED
        if fact.handover_reason:
            self.reasons[fact.handover_reason] += 1
        if fact.identification:
            self.identification_attempts += 1
            self.identified += fact.identification == "identified"
        self.user_messages += fact.user_messages
        self.misunderstood += fact.misunderstood
        if fact.rating:
            self.ratings.append(fact.rating)
        if fact.seconds_to_human is not None:
            self.seconds_to_human.append(fact.seconds_to_human)
        if fact.handling_seconds is not None:
            self.handling_seconds.append(fact.handling_seconds)

    @property
    def contained_share(self) -> Optional[float]:
        return self.contained / self.conversations if self.conversations else None

    @property
    def identification_rate(self) -> Optional[float]:
        return self.identified / self.identification_attempts if self.identification_attempts else None

    @property
    def misunderstood_rate(self) -> Optional[float]:
        return self.misunderstood / self.user_messages if self.user_messages else None

    @property
    def average_rating(self) -> Optional[float]:
        return sum(self.ratings) / len(self.ratings) if self.ratings else None

    @property
    def rating_distribution(self) -> Dict[int, int]:
        counts = Counter(self.ratings)
        return {score: counts.get(score, 0) for score in range(1, 6)}

    @property
    def median_seconds_to_human(self) -> Optional[float]:
        return statistics.median(self.seconds_to_human) if self.seconds_to_human else None

    @property
    def median_handling_seconds(self) -> Optional[float]:
        return statistics.median(self.handling_seconds) if self.handling_seconds else None


def totals(facts: Iterable[ConversationFacts]) -> Totals:
    result = Totals()
    for fact in facts:
        result.add(fact)
    return result


def period_start(day: dt.date, period: str) -> dt.date:
    return day - dt.timedelta(days=day.weekday()) if period == "week" else day


def by_period(facts: Iterable[ConversationFacts], period: str = "day") -> Dict[dt.date, Totals]:
    """Totals per day, or per week (weeks start on Monday), in date order."""
    buckets: Dict[dt.date, Totals] = defaultdict(Totals)
    for fact in facts:
        buckets[period_start(fact.started_at.date(), period)].add(fact)
    return dict(sorted(buckets.items()))


def by_topic(facts: Iterable[ConversationFacts]) -> Dict[str, Totals]:
    """Totals per topic; a conversation about two topics counts in both, one without a topic under NO_TOPIC."""
    topics: Dict[str, Totals] = defaultdict(Totals)
    for fact in facts:
        for topic in fact.topic_list or [NO_TOPIC]:
            topics[topic].add(fact)
    return dict(topics)


def forget_facts(conversation_ids: Iterable[str]) -> None:
    with session_scope() as s:
        s.execute(delete(ConversationFacts).where(ConversationFacts.conversation_id.in_(list(conversation_ids))))
