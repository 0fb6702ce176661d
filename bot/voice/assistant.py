"""The assistant as the IVR sees it: a message in, the replies and where the conversation stands out.

Kept free of Rasa imports: the FastAGI server is a separate small process that talks HTTP to the
Rasa server's voice channel (bot.voice.channel), while the jambonz channel runs inside the server.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Protocol

import aiohttp


@dataclass(frozen=True)
class AssistantMessage:
    text: Optional[str] = None
    buttons: List[Dict[str, Any]] = field(default_factory=list)
    custom: Optional[Dict[str, Any]] = None
    response: Optional[str] = None  # the domain response it came from (utter_default = not understood)

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "AssistantMessage":
        custom = data.get("custom")
        return cls(text=data.get("text"), buttons=list(data.get("buttons") or []),
                   custom=custom if isinstance(custom, dict) else None, response=data.get("response"))

    def to_json(self) -> Dict[str, Any]:
        data: Dict[str, Any] = {"text": self.text, "buttons": self.buttons or None, "custom": self.custom,
                                "response": self.response}
        return {k: v for k, v in data.items() if v is not None}


@dataclass(frozen=True)
class AssistantTurn:
    messages: List[AssistantMessage]
    # identified, customer_io, customer_id, order_id, intent: read from the tracker after the turn
    context: Dict[str, Any] = field(default_factory=dict)


class AssistantUnavailable(RuntimeError):
    pass


class Assistant(Protocol):
    async def send(self, sender_id: str, text: str, metadata: Dict[str, Any]) -> AssistantTurn:
        ...

    async def understands(self, text: str) -> bool:
        """Whether the NLU would take the text for something (not nlu_fallback), without a turn."""
        ...


class HttpAssistant:
    """The Rasa server's voice channel over HTTP: POST …/webhook {sender, message, metadata} → {messages,
    context}; POST …/parse {message} → {understood}."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.url = url
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: Optional[aiohttp.ClientSession] = None

    async def send(self, sender_id: str, text: str, metadata: Dict[str, Any]) -> AssistantTurn:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        body = {"sender": sender_id, "message": text, "metadata": metadata}
        try:
            async with self._session.post(self.url, json=body) as response:
                if response.status != 200:
                    raise AssistantUnavailable(f"voice webhook answered HTTP {response.status}")
                data = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise AssistantUnavailable(str(exc) or type(exc).__name__) from exc
        return AssistantTurn([AssistantMessage.from_json(m) for m in data.get("messages") or []],
                             dict(data.get("context") or {}))

    async def understands(self, text: str) -> bool:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        parse_url = self.url.rsplit("/", 1)[0] + "/parse"
        try:
            async with self._session.post(parse_url, json={"message": text}) as response:
                if response.status != 200:
                    raise AssistantUnavailable(f"voice parse answered HTTP {response.status}")
                return bool((await response.json()).get("understood"))
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise AssistantUnavailable(str(exc) or type(exc).__name__) from exc

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
