"""One queue per chat: a chat's messages are answered strictly in the order they came, while other chats
are served at the same time (a slow answer for one customer never holds up the others)."""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, Dict, Hashable

logger = logging.getLogger(__name__)
Job = Callable[[], Awaitable[None]]


class ChatQueues:
    def __init__(self) -> None:
        self._queues: Dict[Hashable, "asyncio.Queue[Job]"] = {}
        self._workers: Dict[Hashable, "asyncio.Task[None]"] = {}

    def submit(self, chat: Hashable, job: Job) -> None:
        queue = self._queues.setdefault(chat, asyncio.Queue())
        queue.put_nowait(job)
        if chat not in self._workers:
            self._workers[chat] = asyncio.get_running_loop().create_task(self._work(chat, queue))

    def pending(self) -> int:
        return sum(queue.qsize() for queue in self._queues.values()) + len(self._workers)

    async def _work(self, chat: Hashable, queue: "asyncio.Queue[Job]") -> None:
        try:
            while not queue.empty():
                job = queue.get_nowait()
                try:
                    await job()
                except Exception:  # one bad update must not stop the chat's queue
                    logger.exception("handling an update failed")
        finally:
            # Nothing awaits between the emptiness check and here, so no job can slip in unseen.
            self._workers.pop(chat, None)
            self._queues.pop(chat, None)

    async def drain(self, timeout: float) -> None:
        """Finish what was received (clean shutdown), giving up after `timeout` seconds."""
        workers = list(self._workers.values())
        if not workers:
            return
        logger.info("finishing %d chat(s) before stopping", len(workers))
        _, late = await asyncio.wait(workers, timeout=timeout)
        for task in late:
            task.cancel()
        if late:
            logger.warning("%d chat(s) still busy after %.0fs; stopped", len(late), timeout)
            await asyncio.gather(*late, return_exceptions=True)
