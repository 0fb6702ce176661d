"""The desk's live events across processes: whichever process writes a change the desk shows (an action server's
hand-over, an operator's take in another desk process) announces it on a Redis channel, and every desk process's
streams re-read the order store at once. The order store stays the truth: without DESK_EVENTS_REDIS_URL, or while
Redis is away, the streams poll it every DESK_POLL_SECONDS (1) as before.

This module imports no web framework: the action server announces its hand-overs through `announce_change`.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import time
from functools import lru_cache
from typing import Optional

import redis
import redis.asyncio as aioredis

logger = logging.getLogger(__name__)
URL_VARIABLE = "DESK_EVENTS_REDIS_URL"
CHANNEL = "desk:changes"
QUIET_SECONDS = 15.0  # with Redis live: a stream still wakes this often (keep-alive, session check, a re-read)
RECONNECT_SECONDS = 1.0
PUBLISH_TIMEOUT = 0.5  # an announcement never holds up a hand-over for longer: the desks' re-read catches up


def redis_url() -> Optional[str]:
    return os.environ.get(URL_VARIABLE) or None


def poll_seconds() -> float:
    """How often a stream re-reads the store when no Redis tells it about changes."""
    return float(os.environ.get("DESK_POLL_SECONDS") or 1.0)


def _message(ticket_id: Optional[int], origin: str = "") -> str:
    return json.dumps({"ticket": ticket_id, "at": time.time(), "origin": origin})


def _origin(raw: bytes) -> str:
    try:
        return str(json.loads(raw).get("origin") or "")
    except (ValueError, AttributeError):
        return ""


@lru_cache(maxsize=None)
def _publisher(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=PUBLISH_TIMEOUT, socket_timeout=PUBLISH_TIMEOUT)


def announce_change(ticket_id: Optional[int] = None) -> bool:
    """Tell every desk process that the queue (and this ticket) changed. False when nobody could be told (no Redis
    configured, or Redis away): the desks' polling fallback shows the change from the store."""
    url = redis_url()
    if not url:
        return False
    try:
        _publisher(url).publish(CHANNEL, _message(ticket_id))
        return True
    except (redis.RedisError, OSError) as error:
        logger.warning("desk change not announced, the desks poll instead: %s", type(error).__name__)
        return False


class ChangeFeed:
    """One Redis subscription per desk process. Each change moves `generation` on and wakes every waiting stream;
    `live` says whether changes are pushed (else the streams poll). Losing Redis and getting it back count as
    changes too, so no stream misses what was written meanwhile."""

    def __init__(self, url: Optional[str]) -> None:
        self.url = url
        self.generation = 0
        self.live = False
        self._next = asyncio.Event()
        self._task: Optional["asyncio.Task[None]"] = None
        self._client: Optional[aioredis.Redis] = None
        self._origin = secrets.token_hex(8)  # this process's own announcements woke it already

    @property
    def mode(self) -> str:
        return "redis" if self.live else "polling"

    def _changed(self) -> None:
        self.generation += 1
        self._next.set()
        self._next = asyncio.Event()

    def _set_live(self, live: bool) -> None:
        if live != self.live:
            self.live = live
            self._changed()

    async def wait(self, seen: int, every: Optional[float] = None) -> int:
        """Until a change after generation `seen`, or `every` seconds (default: the quiet interval when changes
        are pushed, the polling interval when not); the generation then."""
        if self.generation != seen:
            return self.generation
        timeout = every if every is not None else (QUIET_SECONDS if self.live else poll_seconds())
        try:
            await asyncio.wait_for(self._next.wait(), timeout)
        except asyncio.TimeoutError:
            pass
        return self.generation

    async def publish(self, ticket_id: Optional[int]) -> None:
        """Announce a change this process made (the other desk processes re-read; this one wakes at once too)."""
        self._changed()
        if self._client is None:
            return
        try:
            await asyncio.wait_for(self._client.publish(CHANNEL, _message(ticket_id, self._origin)), PUBLISH_TIMEOUT)
        except (redis.RedisError, OSError, asyncio.TimeoutError) as error:
            logger.warning("desk change not announced, the desks poll instead: %s", type(error).__name__)

    def start(self) -> None:
        if self.url and self._task is None:
            self._client = aioredis.Redis.from_url(self.url, socket_connect_timeout=2)
            self._task = asyncio.create_task(self._listen_forever())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._client is not None:
            await self._client.close()

    async def _listen_forever(self) -> None:
        assert self.url
        while True:
            client = aioredis.Redis.from_url(self.url, socket_connect_timeout=2, health_check_interval=5)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(CHANNEL)
                if not self.live:
                    logger.info("desk live events: pushed through Redis")
                self._set_live(True)
                while True:
                    # a timeout lets the health check ping notice a silent, dead connection
                    message = await pubsub.get_message(timeout=QUIET_SECONDS)
                    if message is not None and _origin(message.get("data", b"")) != self._origin:
                        self._changed()
            except asyncio.CancelledError:
                raise
            except (redis.RedisError, OSError) as error:
                if self.live:
                    logger.warning("desk live events: Redis lost (%s), polling the store meanwhile",
                                   type(error).__name__)
                self._set_live(False)
            finally:
                try:
                    await pubsub.close()
                    await client.close()
                except (redis.RedisError, OSError):
                    pass
            await asyncio.sleep(RECONNECT_SECONDS)
