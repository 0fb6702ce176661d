"""Deflection figures: per topic, how many conversations the assistant finished without handing the
customer to an operator, why the others were handed over, and how customers rated the consultation."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

from store import queries
from store.vocabulary import LIVE_TRANSFER_KINDS


@dataclass
class TopicFigures:
    conversations: Set[str] = field(default_factory=set)
    handed_over: Set[str] = field(default_factory=set)
    reasons: Counter = field(default_factory=Counter)
    ratings: List[int] = field(default_factory=list)

    @property
    def deflected(self) -> int:
        return len(self.conversations - self.handed_over)

    @property
    def average_rating(self) -> Optional[float]:
        return sum(self.ratings) / len(self.ratings) if self.ratings else None


def figures() -> Dict[str, TopicFigures]:
    by_topic: Dict[str, TopicFigures] = defaultdict(TopicFigures)
    topics_of: Dict[str, Set[str]] = defaultdict(set)
    for row in queries.topics_answered():
        by_topic[row.topic].conversations.add(row.conversation_id)
        topics_of[row.conversation_id].add(row.topic)
    for ticket in queries.tickets():
        if ticket.kind not in LIVE_TRANSFER_KINDS:  # back-office work, not a hand-over
            continue
        for topic in topics_of.get(ticket.conversation_id) or {"(без темы)"}:
            by_topic[topic].conversations.add(ticket.conversation_id)
            by_topic[topic].handed_over.add(ticket.conversation_id)
            by_topic[topic].reasons[ticket.reason] += 1
    for rating in queries.ratings():
        for topic in topics_of.get(rating.conversation_id) or {"(без темы)"}:
            by_topic[topic].ratings.append(rating.rating)
    return dict(by_topic)


def report() -> str:
    rows = figures()
    if not rows:
        return "No conversations recorded yet."
    lines = [f"{'topic':28} {'conversations':>13} {'no hand-over':>12} {'share':>6} {'rating':>6}"]
    total = TopicFigures()
    for topic, f in sorted(rows.items(), key=lambda kv: -len(kv[1].conversations)):
        share = f.deflected / len(f.conversations) if f.conversations else 0.0
        rating = f"{f.average_rating:.1f}" if f.average_rating is not None else "—"
        lines.append(f"{topic:28} {len(f.conversations):13d} {f.deflected:12d} {share:6.0%} {rating:>6}")
        total.conversations |= f.conversations
        total.handed_over |= f.handed_over
        total.reasons.update(f.reasons)
    share = total.deflected / len(total.conversations) if total.conversations else 0.0
    lines.append(f"{'all conversations':28} {len(total.conversations):13d} {total.deflected:12d} {share:6.0%}")
    if total.reasons:
        lines.append("\nhand-over reasons:")
        lines += [f"  {n:4d}  {reason}" for reason, n in total.reasons.most_common()]
    return "\n".join(lines)
