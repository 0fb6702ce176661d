"""The Rasa server's HTTP API as the desk uses it: read a tracker, append events (pause, resume, what the desk said)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import aiohttp


class RasaApiError(Exception):
    pass


class RasaApi:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._session: Optional[aiohttp.ClientSession] = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
        return self._session

    async def tracker(self, conversation_id: str) -> Dict[str, Any]:
        url = f"{self.base_url}/conversations/{conversation_id}/tracker"
        try:
            async with self._http().get(url, params={"include_events": "ALL"}) as response:
                if response.status != 200:
                    raise RasaApiError(f"tracker: HTTP {response.status}")
                return await response.json()
        except aiohttp.ClientError as error:
            raise RasaApiError(f"tracker: {error}") from error

    async def append(self, conversation_id: str, events: List[Dict[str, Any]]) -> None:
        url = f"{self.base_url}/conversations/{conversation_id}/tracker/events"
        try:
            async with self._http().post(url, json=events, params={"include_events": "NONE"}) as response:
                if response.status != 200:
                    raise RasaApiError(f"append events: HTTP {response.status}: {await response.text()}")
        except aiohttp.ClientError as error:
            raise RasaApiError(f"append events: {error}") from error

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
