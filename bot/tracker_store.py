"""Conversations in memory, forgotten once they can no longer matter, so the server's memory stays bounded.

Rasa's InMemoryTrackerStore keeps every conversation for the life of the process: about 25 KB each (a
«где посылка» conversation, serialised), so a contact centre's 10,000 conversations a day would add
250 MB a day until the server is restarted. A conversation idle for longer than the domain's
`session_expiration_time` (60 min) starts a new session on its next message anyway, and the domain
carries no slot over (`carry_over_slots_to_new_session: false`): forgetting it changes nothing the
customer sees. Tickets, contacts and ratings, what operators use later, are in the order store.

A cap on the number of conversations (`max_conversations`, 20,000 ≈ 0.5 GB) guards against a flood of new
senders; reaching it forgets the longest-idle conversation first and says so in the log.

Persistent conversations (Rasa's SQLTrackerStore) were measured with `make bench BENCH_ARGS="--only project
--skip-train --tracker-store sql"`: 9.7 ms of Rasa CPU per message instead of 5.5 (see README, Benchmark).
"""
from __future__ import annotations

import logging
import time
from collections import OrderedDict
from typing import Any, Callable, Dict, List, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = 60.0


class ExpiringInMemoryTrackerStore(InMemoryTrackerStore):
    def __init__(self, domain: Optional[Domain] = None, event_broker: Optional[EventBroker] = None,
                 idle_minutes: Optional[float] = None, max_conversations: int = 20_000,
                 clock: Callable[[], float] = time.time, **kwargs: Any) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.idle_minutes = idle_minutes  # None: the domain's session expiration time
        self.max_conversations = int(max_conversations)
        self._clock = clock
        self._last_saved: "OrderedDict[Text, float]" = OrderedDict()  # least recently saved first

    def idle_seconds(self) -> Optional[float]:
        """How long a conversation is kept after its last message; None: for ever (sessions never expire)."""
        if self.idle_minutes is not None:
            minutes = float(self.idle_minutes)
        elif self.domain is not None:
            minutes = float(self.domain.session_config.session_expiration_time)
        else:
            minutes = DEFAULT_IDLE_MINUTES
        return 60.0 * minutes if minutes > 0 else None

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        now = self._clock()
        self._last_saved[tracker.sender_id] = now
        self._last_saved.move_to_end(tracker.sender_id)
        self._forget_old(now)

    def _forget_old(self, now: float) -> None:
        idle = self.idle_seconds()
        while self._last_saved:
            sender_id, saved_at = next(iter(self._last_saved.items()))
            expired = idle is not None and now - saved_at > idle
            if not expired and len(self._last_saved) <= self.max_conversations:
                return
            if not expired:
                logger.warning("More than %d conversations in memory: forgetting the longest idle one "
                               "(idle %.0f s).", self.max_conversations, now - saved_at)
            del self._last_saved[sender_id]
            self.store.pop(sender_id, None)

    def idle_senders(self, seconds: float) -> List[Text]:
        """Conversations saved last at least `seconds` ago (bot.abandonment sweeps only these)."""
        cutoff = self._clock() - seconds
        return [sender_id for sender_id, saved_at in self._last_saved.items() if saved_at <= cutoff]
