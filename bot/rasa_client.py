"""The one HTTP client for the Rasa server, with one retry/timeout policy for every front end.

A server that is down (nothing accepts the connection, or a proxy says 502/503/504) never saw the request, so
it is resent with backoff until the retry window closes. A request that failed or timed out after being sent is
NOT resent: Rasa may have processed it, and a second copy would confuse the conversation. Each front end chooses
only how long its customer can wait (the window) and how long one answer may take (the reply timeout).

The Telegram front and the terminal chat use the REST channel (`send`); the FastAGI server uses the voice
channel through `post_json` (bot.voice.assistant.HttpAssistant). No Rasa imports: the front ends are separate
small processes.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Dict, List, Optional

import httpx

logger = logging.getLogger(__name__)

Reply = Dict[str, Any]
REST_WEBHOOK = "webhooks/rest/webhook"
RETRYABLE_STATUS = frozenset({502, 503, 504})
CONNECT_TIMEOUT = 5.0


class RasaUnavailable(Exception):
    """The request could not be delivered to the assistant (or no answer came back in time)."""


class RasaClient:
    """HTTP to one Rasa server (or one of its channels) at `base_url`; paths are relative to it."""

    def __init__(self, base_url: str, reply_timeout: float = 60.0, retry_window: float = 120.0,
                 first_delay: float = 0.5, max_delay: float = 10.0,
                 transport: Optional[httpx.AsyncBaseTransport] = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry_window = retry_window
        self.first_delay = first_delay
        self.max_delay = max_delay
        self._client = httpx.AsyncClient(base_url=self.base_url,
                                         timeout=httpx.Timeout(reply_timeout, connect=CONNECT_TIMEOUT),
                                         transport=transport)

    async def post_json(self, path: str, body: Dict[str, Any], deadline: Optional[float] = None) -> Any:
        """The JSON answer to a POST; RasaUnavailable when the server stayed down until `deadline` (a
        time.monotonic() value; default: the retry window from now) or the request failed once sent."""
        deadline = deadline if deadline is not None else time.monotonic() + self.retry_window
        delay = self.first_delay
        while True:
            try:
                response = await self._client.post(path, json=body)
                if response.status_code not in RETRYABLE_STATUS:
                    response.raise_for_status()
                    return response.json()
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

    async def send(self, sender: str, message: str, metadata: Optional[Dict[str, Any]] = None,
                   deadline: Optional[float] = None) -> List[Reply]:
        """The REST channel: the assistant's replies to one customer message."""
        body = {"sender": sender, "message": message, "metadata": metadata or {}}
        replies = await self.post_json(REST_WEBHOOK, body, deadline)
        return [r for r in replies if isinstance(r, dict)] if isinstance(replies, list) else []

    async def close(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> "RasaClient":
        return self

    async def __aexit__(self, *_: Any) -> None:
        await self.close()


def server_url(rest_webhook_url: str) -> str:
    """The server's base URL from the URL of its REST webhook (as scripts pass it); other URLs as they are."""
    url = rest_webhook_url.rstrip("/")
    return url[: -len(REST_WEBHOOK) - 1] if url.endswith("/" + REST_WEBHOOK) else url
