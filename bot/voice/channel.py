"""Voice inside the Rasa server: an output channel named "voice" and the generic voice webhook.

The output channel's name is what selects the `channel: voice` response variants in the domain. The
webhook (POST /webhooks/voice/webhook) is the REST channel's contract plus what a voice gateway needs:
the response each reply came from (to notice «не поняла») and where the conversation stands (to
transfer with context). The FastAGI server uses it; the jambonz channel calls the same code in-process.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from bot.abandonment import check_conversation
from bot.voice.assistant import AssistantMessage, AssistantNotReady, AssistantTurn, AssistantUnavailable

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
CONTEXT_SLOTS = ("identified", "customer_io", "customer_id", "order_id")
FALLBACK_INTENT = "nlu_fallback"


class VoiceOutputChannel(CollectingOutputChannel):
    """Collects replies like the REST channel, keeping the name of the response each one came from."""

    def __init__(self) -> None:
        super().__init__()
        self._response: Optional[Text] = None

    @classmethod
    def name(cls) -> Text:
        return "voice"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self._response = message.get("utter_action")
        await super().send_response(recipient_id, message)

    async def _persist_message(self, message: Dict[Text, Any]) -> None:
        if self._response and "custom" not in message:
            message = {**message, "response": self._response}
        await super()._persist_message(message)


async def conversation_context(app: Any, sender_id: Text) -> Dict[Text, Any]:
    """Identification state, order and intent after a turn, read from the tracker (empty if unknown)."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    if agent is None or agent.tracker_store is None:
        return {}
    tracker = await agent.tracker_store.retrieve(sender_id)
    if tracker is None:
        return {}
    slots = tracker.current_slot_values()
    context: Dict[Text, Any] = {name: slots.get(name) for name in CONTEXT_SLOTS}
    context["identified"] = bool(context["identified"])
    context["intent"] = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
    return context


class InProcessAssistant:
    """The assistant inside this Rasa server (used by channels that run here, e.g. jambonz)."""

    def __init__(self, on_new_message: OnNewMessage, app: Any, input_channel: Text) -> None:
        self.on_new_message = on_new_message
        self.app = app
        self.input_channel = input_channel

    def _ready_agent(self) -> Any:
        agent = getattr(getattr(self.app, "ctx", None), "agent", None)
        if agent is None or not agent.is_ready():
            raise AssistantNotReady("no model loaded")
        return agent

    async def send(self, sender_id: str, text: str, metadata: Dict[str, Any]) -> AssistantTurn:
        self._ready_agent()
        collector = VoiceOutputChannel()
        try:
            await self.on_new_message(UserMessage(text, collector, sender_id, input_channel=self.input_channel,
                                                  metadata=metadata))
        except Exception as exc:  # e.g. no model loaded yet: the IVR transfers to a human instead
            logger.exception("voice: the assistant failed on a message")
            raise AssistantUnavailable(type(exc).__name__) from exc
        messages = [AssistantMessage.from_json(m) for m in collector.messages]
        return AssistantTurn(messages, await conversation_context(self.app, sender_id))

    async def understands(self, text: str) -> bool:
        parsed = await self._ready_agent().parse_message(text)
        return (parsed.get("intent") or {}).get("name") not in (None, FALLBACK_INTENT)

    async def call_ended(self, sender_id: str) -> Optional[int]:
        """The callback check (bot.abandonment); the callback ticket filed, if any."""
        agent = self._ready_agent()
        try:
            return await check_conversation(agent, sender_id)
        except Exception as exc:
            logger.exception("voice: the callback check failed")
            raise AssistantUnavailable(type(exc).__name__) from exc


class VoiceInput(InputChannel):
    """credentials.yml: `bot.voice.channel.VoiceInput: {}` → POST /webhooks/voice/webhook, /parse and /hangup."""

    @classmethod
    def name(cls) -> Text:
        return "voice"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        voice = Blueprint("voice_webhook", __name__)

        @voice.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @voice.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.json or {}
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender or not isinstance(text, str):
                return response.json({"error": "sender and message are required"}, status=400)
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
            assistant = InProcessAssistant(on_new_message, request.app, self.name())
            try:
                turn = await assistant.send(sender, text, metadata)
            except AssistantUnavailable as exc:
                # 503 only when nothing was processed: clients resend on it (bot.rasa_client).
                return response.json({"error": str(exc)}, status=503 if isinstance(exc, AssistantNotReady) else 500)
            messages: List[Dict[str, Any]] = [m.to_json() for m in turn.messages]
            return response.json({"messages": messages, "context": turn.context})

        @voice.route("/parse", methods=["POST"])
        async def parse(request: Request) -> HTTPResponse:
            text = (request.json or {}).get("message")
            if not isinstance(text, str):
                return response.json({"error": "message is required"}, status=400)
            try:
                understood = await InProcessAssistant(on_new_message, request.app, self.name()).understands(text)
            except AssistantUnavailable as exc:
                return response.json({"error": str(exc)}, status=503 if isinstance(exc, AssistantNotReady) else 500)
            return response.json({"understood": understood})

        @voice.route("/hangup", methods=["POST"])
        async def hangup(request: Request) -> HTTPResponse:
            """The caller left before the farewell: {sender} → {ticket_id} (a callback ticket or null)."""
            sender = (request.json or {}).get("sender")
            if not isinstance(sender, str) or not sender:
                return response.json({"error": "sender is required"}, status=400)
            try:
                ticket = await InProcessAssistant(on_new_message, request.app, self.name()).call_ended(sender)
            except AssistantUnavailable as exc:
                return response.json({"error": str(exc)}, status=503 if isinstance(exc, AssistantNotReady) else 500)
            return response.json({"ticket_id": ticket})

        return voice
