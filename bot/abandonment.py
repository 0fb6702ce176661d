"""Conversations the customer left mid-topic after identification: the callback check, run in the Rasa server.

Seed 002 («Действия в случае сброса звонка»): a conversation broken off while it was going on is called back
once; one dropped before anything happened is not. The check is the custom action `action_file_callback`
(actions/callback.py): it files a `callback` ticket when the customer was identified and a topic was open.
It runs
- on a call: when the gateway reports the hang-up (bot.voice.ivr → the voice channel's /hangup, or in
  process for jambonz);
- on a chat: a sweep every `sweep_every_seconds` over the conversations in the tracker store whose last
  customer message is older than `idle_minutes` (a chat has no hang-up: a customer who stopped answering for
  that long has left). `make abandoned` runs one sweep now (POST /webhooks/abandoned/sweep).
Each conversation is checked once per customer message: the action's run after that message marks it.

credentials.yml: `bot.abandonment.AbandonedConversations: {idle_minutes: 15, sweep_every_seconds: 60}`
(ABANDONED_IDLE_MINUTES, ABANDONED_SWEEP_SECONDS); `sweep_every_seconds: 0` leaves sweeping to `make abandoned`.
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any, Callable, Dict, List, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

CALLBACK_ACTION = "action_file_callback"
LISTEN = "action_listen"
DEFAULT_IDLE_MINUTES = 15.0  # well inside the 60-minute session, after which the conversation is forgotten
DEFAULT_SWEEP_SECONDS = 60.0


def _last_user_message(tracker: DialogueStateTracker) -> Optional[UserUttered]:
    return next((e for e in reversed(tracker.events) if isinstance(e, UserUttered)), None)


def checked_since_last_message(tracker: DialogueStateTracker) -> bool:
    """Whether the callback check already ran after the customer's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == CALLBACK_ACTION:
            return True
    return False


def is_idle_candidate(tracker: DialogueStateTracker, idle_seconds: float, now: float) -> bool:
    """A conversation worth the check: identified, silent for `idle_seconds`, not checked since."""
    last = _last_user_message(tracker)
    return (last is not None and bool(tracker.get_slot("customer_id"))
            and now - last.timestamp >= idle_seconds and not checked_since_last_message(tracker))


async def check_conversation(agent: Any, sender_id: Text) -> Optional[int]:
    """Runs the callback check on one conversation (then listens again, so that the conversation goes on as
    before if the customer comes back); returns the ticket filed, if any."""
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None or checked_since_last_message(tracker):
            return None
        collector = CollectingOutputChannel()
        await agent.execute_action(sender_id, CALLBACK_ACTION, collector, None, None)
        await agent.execute_action(sender_id, LISTEN, collector, None, None)
    return next((m["custom"]["handover"].get("ticket_id") for m in collector.messages
                 if isinstance(m.get("custom"), dict) and isinstance(m["custom"].get("handover"), dict)), None)


async def sweep(agent: Any, idle_seconds: float, clock: Callable[[], float] = time.time,
                only: Optional[Text] = None) -> Dict[Text, int]:
    """Checks every conversation idle for `idle_seconds` (or just `only`); returns conversation → ticket filed."""
    filed: Dict[Text, int] = {}
    now = clock()
    store = agent.tracker_store
    if only:
        senders = [only]
    elif hasattr(store, "idle_senders"):  # bot.tracker_store: no need to read the conversations still going on
        senders = store.idle_senders(idle_seconds)
    else:
        senders = list(await store.keys())
    for sender_id in senders:
        tracker = await store.retrieve(sender_id)
        if tracker is None or not is_idle_candidate(tracker, idle_seconds, now):
            continue
        ticket = await check_conversation(agent, sender_id)
        if ticket is not None:
            filed[sender_id] = ticket
    if filed:
        logger.info("abandoned conversations: %d callback ticket(s) filed", len(filed))
    return filed


def _ready_agent(app: Any) -> Any:
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    return agent if agent is not None and agent.is_ready() else None


class AbandonedConversations(InputChannel):
    """Runs the sweep in the server (the conversations are in its memory) and serves POST …/sweep."""

    def __init__(self, idle_minutes: float = DEFAULT_IDLE_MINUTES,
                 sweep_every_seconds: float = DEFAULT_SWEEP_SECONDS) -> None:
        self.idle_minutes = float(idle_minutes)
        self.sweep_every_seconds = float(sweep_every_seconds)

    @classmethod
    def name(cls) -> Text:
        return "abandoned"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "AbandonedConversations":
        config = dict(credentials or {})
        idle = config.get("idle_minutes") or os.environ.get("ABANDONED_IDLE_MINUTES") or DEFAULT_IDLE_MINUTES
        every = config.get("sweep_every_seconds")
        if every is None:
            every = os.environ.get("ABANDONED_SWEEP_SECONDS") or DEFAULT_SWEEP_SECONDS
        return cls(float(idle), float(every))

    async def _sweep_forever(self, app: Any) -> None:
        while True:
            await asyncio.sleep(self.sweep_every_seconds)
            agent = _ready_agent(app)
            if agent is None:
                continue
            try:
                await sweep(agent, self.idle_minutes * 60)
            except Exception:  # a failed sweep must not stop the next one
                logger.exception("abandoned conversations: the sweep failed")

    def blueprint(self, on_new_message: Callable[..., Any]) -> Blueprint:
        hooks = Blueprint("abandoned_conversations", __name__)

        @hooks.listener("after_server_start")
        async def start_sweeping(app: Any, _loop: Any) -> None:
            if self.sweep_every_seconds > 0:
                app.add_task(self._sweep_forever(app))
                logger.info("abandoned conversations: a sweep every %.0f s, idle after %.0f min",
                            self.sweep_every_seconds, self.idle_minutes)

        @hooks.route("/sweep", methods=["POST"])
        async def sweep_now(request: Request) -> HTTPResponse:
            agent = _ready_agent(request.app)
            if agent is None:
                return response.json({"error": "no model loaded"}, status=503)
            body = request.json if isinstance(request.json, dict) else {}
            idle = body.get("idle_minutes", self.idle_minutes)
            only = body.get("sender")
            if not isinstance(idle, (int, float)) or idle < 0 or (only is not None and not isinstance(only, str)):
                return response.json({"error": "idle_minutes ≥ 0 and sender a string"}, status=400)
            filed: List[Dict[str, Any]] = [{"sender": s, "ticket_id": t}
                                           for s, t in (await sweep(agent, float(idle) * 60, only=only)).items()]
            return response.json({"tickets": filed})

        return hooks


def main(argv: Optional[List[str]] = None) -> None:
    """`make abandoned`: one sweep now in the running Rasa server; prints the callback tickets filed."""
    import argparse
    import json
    import urllib.request

    parser = argparse.ArgumentParser(description="file callback tickets for conversations left mid-topic")
    parser.add_argument("--url", default=os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    parser.add_argument("--idle-minutes", type=float, default=None, help="default: the server's setting")
    args = parser.parse_args(argv)
    body = {} if args.idle_minutes is None else {"idle_minutes": args.idle_minutes}
    request = urllib.request.Request(f"{args.url.rstrip('/')}/webhooks/abandoned/sweep", method="POST",
                                     data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as reply:
        tickets = json.loads(reply.read())["tickets"]
    for filed in tickets:
        print(f"callback ticket #{filed['ticket_id']}: {filed['sender']}")
    print(f"{len(tickets)} callback ticket(s) filed")


if __name__ == "__main__":
    main()
