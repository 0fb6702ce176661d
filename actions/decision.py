"""What a rules table decides: the phrases to say, the ticket to open, the question left open."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence, Tuple

from store.vocabulary import LIVE_TRANSFER_KINDS, TicketKind

OPERATOR = TicketKind.OPERATOR  # transfer to a human operator now
SUPERVISOR = TicketKind.SUPERVISOR  # «передаём СВ»: a ticket; the customer is told someone will call
TRANSFER = "utter_transfer_to_specialist"


@dataclass(frozen=True)
class Ticket:
    kind: TicketKind
    reason: str


@dataclass(frozen=True)
class Decision:
    responses: Tuple[str, ...]
    ticket: Optional[Ticket] = None
    question: Optional[str] = None  # a yes/no question left open (see pending_questions)
    asks: Optional[Tuple[str, str]] = None  # a free-text question: (the topic's step, the response asking it)
    # Carrying it out places or re-places an order: «Возвратник» and НЕ КОНТАКТИРОВАТЬ are checked first
    # (actions/reorder_gate.py).
    places_order: bool = False

    @property
    def closes_topic(self) -> bool:
        """True when the customer has their answer and may be asked «чем-нибудь ещё помочь?»."""
        return self.question is None and self.asks is None and not (
            self.ticket and self.ticket.kind in LIVE_TRANSFER_KINDS)


@dataclass(frozen=True)
class Row:
    """One line of a decision table: when every named fact has the wanted value (or one of a
    frozenset of values), the decision applies. Facts not named match anything."""

    when: Mapping[str, Any]
    then: Decision

    def matches(self, facts: Any) -> bool:
        for name, wanted in self.when.items():
            actual = getattr(facts, name)
            if actual not in wanted if isinstance(wanted, frozenset) else actual != wanted:
                return False
        return True


def first_match(table: Sequence[Row], facts: Any) -> Decision:
    for row in table:
        if row.matches(facts):
            return row.then
    raise LookupError(f"no row of the table matches {facts}")
