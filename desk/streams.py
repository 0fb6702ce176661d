"""Server-sent event streams of the desk's pages: a stream sends its page part again when the store changed (told
by the process's ChangeFeed, or found by polling without it); every page of one process shares one read of the queue
per change."""
from __future__ import annotations

import asyncio
import hashlib
import time
from typing import Awaitable, Callable, List, Optional

from aiohttp import web

from desk import workflow
from desk.live_events import ChangeFeed, QUIET_SECONDS

KEEP_ALIVE_SECONDS = 15.0  # a comment line this often keeps proxies from closing a quiet stream
SESSION_CHECK_SECONDS = 20.0  # also keeps the operator counted as at the desk (store.livechat.ONLINE_WITHIN)
Snapshot = Callable[[bool], Awaitable[str]]  # (has the store changed since the last call?) → the data to send


class SharedQueue:
    """The queue as last read from the store, for every stream of this process: read again once per change when
    changes are pushed, at most once per polling interval when they are not."""

    def __init__(self, feed: ChangeFeed) -> None:
        self.feed = feed
        self._items: Optional[List[workflow.QueueItem]] = None
        self._generation = -1
        self._read_at = 0.0
        self._lock = asyncio.Lock()

    def _fresh(self) -> bool:
        if self._items is None or self._generation != self.feed.generation:
            return False
        # pushed changes: valid until the next one (re-read after a quiet interval all the same, in case an
        # announcement was lost); polled: valid for part of one polling tick
        return time.monotonic() - self._read_at < (QUIET_SECONDS if self.feed.live else 0.5)

    async def items(self) -> List[workflow.QueueItem]:
        async with self._lock:
            if not self._fresh():
                generation = self.feed.generation
                self._items = workflow.queue()
                self._generation, self._read_at = generation, time.monotonic()
            assert self._items is not None
            return self._items


async def stream(request: web.Request, feed: ChangeFeed, snapshot: Snapshot, still_allowed: Callable[[], bool],
                 every: Optional[float] = None) -> web.StreamResponse:
    """Send `snapshot(...)` whenever it changes: woken by the feed or every `every` seconds (default: the feed's
    own interval). `still_allowed()` is asked every 20 s: a session closed elsewhere ends the stream."""
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream; charset=utf-8",
                                          "Cache-Control": "no-store"})
    await response.prepare(request)
    last_digest, generation = "", feed.generation
    last_write = checked = time.monotonic()
    store_changed = True
    try:
        while True:
            data = await snapshot(store_changed)
            digest = hashlib.sha256(data.encode()).hexdigest()
            if digest != last_digest:
                await response.write(f"data: {data}\n\n".encode())
                last_digest, last_write = digest, time.monotonic()
            elif time.monotonic() - last_write >= KEEP_ALIVE_SECONDS:
                await response.write(b": keep-alive\n\n")
                last_write = time.monotonic()
            if time.monotonic() - checked >= SESSION_CHECK_SECONDS:
                if not still_allowed():
                    break  # logged out elsewhere: stop streaming personal data
                checked = time.monotonic()
            seen = generation
            generation = await feed.wait(seen, every)
            store_changed = generation != seen or not feed.live
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response
