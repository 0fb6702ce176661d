"""The Rasa REST channel as the Telegram front sees it: one message in, the assistant's replies out.

A server that is down (nothing accepts the connection, or a proxy says 502/503/504) never saw the message, so
it is resent with backoff until the retry window closes. A request that timed out after being sent is NOT
resent: Rasa may have processed it, and a second copy would confuse the conversation.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Dict, List, Optional

import httpx

logger = logging.getLogger(__name__)

Reply = Dict[str, Any]
_RETRYABLE_STATUS = {502, 503, 504}


class RasaUnavailable(Exception):
    """The message could not be delivered to the assistant (or no answer came back in time)."""


class RasaClient:
    def __init__(self, base_url: str, reply_timeout: float = 60.0, retry_window: float = 120.0,
                 first_delay: float = 0.5, max_delay: float = 10.0,
                 transport: Optional[httpx.AsyncBaseTransport] = None) -> None:
        self.url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"
        self.retry_window = retry_window
        self.first_delay = first_delay
        self.max_delay = max_delay
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(reply_timeout, connect=5.0), transport=transport)

    async def send(self, sender: str, message: str, metadata: Dict[str, Any],
                   deadline: Optional[float] = None) -> List[Reply]:
        """Replies for one customer message; RasaUnavailable when the server stayed down until `deadline`
        (a time.monotonic() value; default: the retry window from now)."""
        deadline = deadline if deadline is not None else time.monotonic() + self.retry_window
        body = {"sender": sender, "message": message, "metadata": metadata}
        delay = self.first_delay
        while True:
            try:
                response = await self._client.post(self.url, json=body)
                if response.status_code not in _RETRYABLE_STATUS:
                    response.raise_for_status()
                    replies = response.json()
                    return [r for r in replies if isinstance(r, dict)] if isinstance(replies, list) else []
                reason = f"HTTP {response.status_code}"
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                reason = type(error).__name__
            except (httpx.HTTPError, ValueError) as error:
                # Sent but failed or timed out: it may have been processed, so no second copy.
                raise RasaUnavailable(f"{type(error).__name__}: {error}") from error
            if time.monotonic() + delay > deadline:
                raise RasaUnavailable(f"still down ({reason}) when the retry window closed")
            logger.warning("Rasa server unreachable (%s); retrying in %.1fs", reason, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.max_delay)

    async def close(self) -> None:
        await self._client.aclose()
