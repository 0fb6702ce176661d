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
The project's default is therefore `PersistentTrackerStore` (bot/conversation_log.py underneath): this store as
a cache in front of an append-only SQLite log that receives only each turn's new events.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterable, List, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.conversation_log import ConversationLog, default_log_path, retention_days_from_env

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


class PersistentTrackerStore(ExpiringInMemoryTrackerStore):
    """The expiring in-memory store as a cache in front of an append-only SQLite log of events (bot.conversation_log).

    A save appends only the turn's new events (one small transaction; the WAL journal makes it survive a
    `kill -9` of the server without an fsync per turn); a conversation the cache does not hold (a restart, or
    forgotten after its session expired or by the cap) is rebuilt from its last session in the log. New events
    are counted as Rasa's SQLTrackerStore counts them: the tracker saved holds the latest session, so what lies
    beyond the number of events already logged since that session started is new. The log keeps a
    conversation `retention_days` after its last message (personal data: purged then, `make purge`).
    """

    PURGE_EVERY_SECONDS = 3600.0

    def __init__(self, domain: Optional[Domain] = None, event_broker: Optional[EventBroker] = None,
                 db: Optional[Text] = None, retention_days: Optional[float] = None,
                 clock: Callable[[], float] = time.time, **kwargs: Any) -> None:
        super().__init__(domain, event_broker, clock=clock, **kwargs)
        retention = retention_days if retention_days is not None else retention_days_from_env()
        self.log = ConversationLog(db or default_log_path(), retention_days=float(retention), clock=clock)
        self._next_purge = clock() + self.PURGE_EVERY_SECONDS
        # The log is written from one thread of its own. SQLite lets go of the GIL while it writes, and the event
        # loop would then wait to get it back from whichever thread took it (the event broker's writer, for up to
        # the 5 ms switch interval): measured, +1 to +2 ms of every message's time at 20 concurrent conversations.
        # A save still waits for its turn to be committed, so what a reply confirmed survives a `kill -9`.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="conversation-log")

    async def save(self, tracker: DialogueStateTracker) -> None:
        await asyncio.get_running_loop().run_in_executor(self._writer, self._append_new_events, tracker)
        await super().save(tracker)
        if self._clock() >= self._next_purge:
            self._next_purge = self._clock() + self.PURGE_EVERY_SECONDS
            # the log is purged in the writer thread, the cache here: the loop iterates the cache's dicts
            self._forget_purged(await asyncio.get_running_loop().run_in_executor(self._writer, self.log.purge))

    def _append_new_events(self, tracker: DialogueStateTracker) -> None:
        """In the writer thread (the only one that appends, so the count of logged events cannot race)."""
        logged = self.log.events_in_last_session(tracker.sender_id)
        events = list(tracker.events)
        self.log.append(tracker.sender_id, [event.as_dict() for event in events[logged:]])

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        if sender_id not in self.store and not self._load_into_cache(sender_id):
            return None
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Every session the log still holds (the HTTP API's tracker, the operator desk's conversation page)."""
        events = self.log.events(sender_id, last_session_only=False)
        if not events:
            return await super().retrieve_full_tracker(sender_id)
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    def _load_into_cache(self, sender_id: Text) -> bool:
        events = self.log.events(sender_id, last_session_only=True)
        if not events:
            return False
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        self.store[sender_id] = self.serialise_tracker(tracker)
        # as idle as the log says, so that the expiry and the abandoned-chat sweep see the conversation as before
        self._last_saved[sender_id] = self.log.last_saved(sender_id) or self._clock()
        self._last_saved.move_to_end(sender_id, last=False)
        return True

    async def keys(self) -> Iterable[Text]:
        return self.log.senders()

    def idle_senders(self, seconds: float) -> List[Text]:
        """Conversations saved last at least `seconds` ago and still within their session: the cache's and, after
        a restart, the log's (bot.abandonment sweeps only these)."""
        now = self._clock()
        idle = self.idle_seconds()
        from_log = self.log.idle_senders(now - seconds, now - idle if idle is not None else None)
        return list(dict.fromkeys([*super().idle_senders(seconds), *from_log]))

    def purge(self) -> int:
        """Deletes the conversations silent for longer than the retention, from the log and the cache; returns
        how many."""
        purged = self.log.purge()
        self._forget_purged(purged)
        return len(purged)

    def _forget_purged(self, purged: List[Text]) -> None:
        for sender_id in purged:
            self.store.pop(sender_id, None)
            self._last_saved.pop(sender_id, None)
        if purged:
            logger.info("%d conversation(s) past the %g-day retention deleted", len(purged), self.log.retention_days)
