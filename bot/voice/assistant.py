"""The assistant as the IVR sees it: a message in, the replies and where the conversation stands out.

Kept free of Rasa imports: the FastAGI server is a separate small process that talks HTTP to the
Rasa server's voice channel (bot.voice.channel), while the jambonz channel runs inside the server.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Protocol

from bot.rasa_client import RasaClient, RasaUnavailable

# How long a caller may wait in silence for a Rasa server that is down before the IVR transfers to a human.
VOICE_RETRY_WINDOW = 3.0


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
    """No turn came back (the IVR transfers to a human)."""


class AssistantNotReady(AssistantUnavailable):
    """Nothing was processed (no model loaded yet), so the message may be sent again."""


class Assistant(Protocol):
    async def send(self, sender_id: str, text: str, metadata: Dict[str, Any]) -> AssistantTurn:
        ...

    async def understands(self, text: str) -> bool:
        """Whether the NLU would take the text for something (not nlu_fallback), without a turn."""
        ...

    async def call_ended(self, sender_id: str) -> None:
        """The call is over before the assistant said goodbye (bot.abandonment: the callback check)."""
        ...


class HttpAssistant:
    """The Rasa server's voice channel over HTTP (bot.rasa_client's policy): POST …/webhook {sender, message,
    metadata} → {messages, context}; POST …/parse {message} → {understood}; POST …/hangup {sender} → {ticket}."""

    def __init__(self, url: str, timeout: float = 60.0, retry_window: float = VOICE_RETRY_WINDOW,
                 client: Optional[RasaClient] = None) -> None:
        self.url = url
        channel_url, _, self._webhook = url.rstrip("/").rpartition("/")
        self.client = client or RasaClient(channel_url, reply_timeout=timeout, retry_window=retry_window)

    async def send(self, sender_id: str, text: str, metadata: Dict[str, Any]) -> AssistantTurn:
        body = {"sender": sender_id, "message": text, "metadata": metadata}
        data = await self._post(self._webhook, body)
        messages = data.get("messages") if isinstance(data.get("messages"), list) else []
        context = data.get("context") if isinstance(data.get("context"), dict) else {}
        return AssistantTurn([AssistantMessage.from_json(m) for m in messages if isinstance(m, dict)], dict(context))

    async def understands(self, text: str) -> bool:
        return bool((await self._post("parse", {"message": text})).get("understood"))

    async def call_ended(self, sender_id: str) -> None:
        await self._post("hangup", {"sender": sender_id})

    async def _post(self, path: str, body: Dict[str, Any]) -> Dict[str, Any]:
        try:
            data = await self.client.post_json(path, body)
        except RasaUnavailable as exc:
            raise AssistantUnavailable(str(exc)) from exc
        if not isinstance(data, dict):
            raise AssistantUnavailable(f"the voice channel's {path} answered {type(data).__name__}, not an object")
        return data

    async def close(self) -> None:
        await self.client.close()
