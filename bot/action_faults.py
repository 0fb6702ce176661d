"""When the action server cannot run a custom action: the customer hears an apology and «попробуйте позже», and the
action call is kept to be delivered once the action server is back, so the ticket or contact it writes is not lost.

Rasa's own behaviour: the failed action's events are dropped, the next prediction is `action_listen`, and the
customer gets an empty reply (REST `[]`, silence on a call). Installed in the Rasa server by bot/rasa_cli.py,
this wraps `RemoteAction.run`:
- any failure (no connection, an HTTP error, a timeout) answers with `utter_apology` and `utter_try_again_later`
  (domain.yml, on every channel: they are ordinary bot messages), undoes the turn (the dialogue stands as
  before the message, so the customer can simply send it again) and listens;
- a call that never reached the action server (the connection was refused) is written to an outbox (SQLite,
  PENDING_ACTIONS_DB, by default var/pending_actions.db) with the tracker as it was. After the next action the
  action server runs, the outbox is delivered to it in order, the replies discarded: the customer was already
  told to try later. A call that may have reached it (a timeout, an HTTP 500) is not repeated: it could have
  written its ticket already. If the customer repeats the same message and an action then runs for it, the kept
  call is dropped (the repeat files the ticket; the kept call would file it twice).
When a store the Rasa server itself needs is away (Redis for the lock store or the tracker store, PostgreSQL
for the tracker store: the scaled topology), handling the message fails before any action: the wrapper of
`Agent.handle_message` answers with the same two phrases instead of an HTTP 500 and logs the failure; the
worker goes on, and so does the conversation once the store is back.
Logs name the action and the conversation id, never what the customer wrote.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Text, Tuple

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
APOLOGY = ("utter_apology", "utter_try_again_later")

logger = logging.getLogger(__name__)


def default_outbox_path() -> Text:
    return os.environ.get("PENDING_ACTIONS_DB") or str(ROOT / "var" / "pending_actions.db")


def request_of(tracker: Any) -> Text:
    """What a kept call answered: the customer's message (one action serves many topics)."""
    return (tracker.latest_message.text if tracker.latest_message else None) or ""


def never_reached_the_server(error: BaseException) -> bool:
    """Rasa re-raises a refused connection as a RasaException; the aiohttp error is its context."""
    cause = error.__cause__ or error.__context__
    return isinstance(cause, aiohttp.ClientConnectorError)


class PendingActionCalls:
    """The outbox: action calls (Rasa's request body) waiting for the action server, oldest first."""

    def __init__(self, path: Text) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        # request: the customer's message the call answered
        self._db.execute("CREATE TABLE IF NOT EXISTS pending (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "sender_id TEXT NOT NULL, request TEXT NOT NULL, failed_at REAL NOT NULL, body TEXT NOT NULL)")
        self.keys: Set[Tuple[Text, Text]] = {(s, r) for s, r in self._db.execute("SELECT sender_id, request FROM pending")}

    def keep(self, sender_id: Text, request: Text, body: Dict[str, Any]) -> None:
        self._db.execute("INSERT INTO pending (sender_id, request, failed_at, body) VALUES (?, ?, ?, ?)",
                         (sender_id, request, time.time(), json.dumps(body, ensure_ascii=False)))
        self.keys.add((sender_id, request))

    def drop(self, sender_id: Text, request: Text) -> int:
        """Forgets the kept calls of a request that has since been answered in the conversation."""
        if (sender_id, request) not in self.keys:
            return 0
        self.keys.discard((sender_id, request))
        return self._db.execute("DELETE FROM pending WHERE sender_id = ? AND request = ?",
                                (sender_id, request)).rowcount

    def oldest(self) -> Optional[Tuple[int, Text, Text, Dict[str, Any]]]:
        row = self._db.execute("SELECT id, sender_id, request, body FROM pending ORDER BY id LIMIT 1").fetchone()
        return (row[0], row[1], row[2], json.loads(row[3])) if row else None

    def delivered(self, call_id: int, sender_id: Text, request: Text) -> None:
        self._db.execute("DELETE FROM pending WHERE id = ?", (call_id,))
        if not self._db.execute("SELECT 1 FROM pending WHERE sender_id = ? AND request = ?",
                                (sender_id, request)).fetchone():
            self.keys.discard((sender_id, request))

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM pending").fetchone()[0]


_outbox: Optional[PendingActionCalls] = None
_delivering: Optional[asyncio.Task] = None


def outbox() -> PendingActionCalls:
    global _outbox
    if _outbox is None:
        _outbox = PendingActionCalls(default_outbox_path())
    return _outbox


async def deliver_pending(endpoint: Any) -> int:
    """Sends the kept calls to the action server, oldest first, until it fails again; returns how many went."""
    from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT

    sent = 0
    while (call := outbox().oldest()) is not None:
        call_id, sender_id, request, body = call
        action = body.get("next_action")
        try:
            await endpoint.request(json=body, method="post", timeout=DEFAULT_REQUEST_TIMEOUT)
        except aiohttp.ClientConnectorError:
            break  # down again: the next successful action tries once more
        except Exception as error:  # it reached the server: repeating it could write twice
            logger.error("kept action call %s for %s failed on delivery (%s); dropped", action, sender_id,
                         type(error).__name__)
        else:
            sent += 1
        outbox().delivered(call_id, sender_id, request)
    if sent:
        logger.info("action server back: %d kept action call(s) delivered", sent)
    return sent


def _deliver_in_background(endpoint: Any) -> None:
    global _delivering
    if outbox().keys and (_delivering is None or _delivering.done()):
        _delivering = asyncio.get_running_loop().create_task(deliver_pending(endpoint))


async def _apology(output_channel: Any, nlg: Any, tracker: Any) -> List[Any]:
    from rasa.core.actions.action import create_bot_utterance
    from rasa.shared.core.events import FollowupAction, UserUtteranceReverted

    events: List[Any] = []
    for response in APOLOGY:
        message = await nlg.generate(response, tracker, output_channel.name())
        if message:
            events.append(create_bot_utterance(dict(message, utter_action=response)))
    # The failed turn is undone (Rasa's UserUtteranceReverted: the dialogue state is as before the message), so
    # the message sent again later is handled as if it came the first time; no further action this turn.
    return [*events, UserUtteranceReverted(), FollowupAction("action_listen")]


def plain_phrases(domain: Any) -> List[Text]:
    """The apology's texts without a condition (no tracker to fill a condition from when a store is away)."""
    texts: List[Text] = []
    for response in APOLOGY:
        variants = [v for v in domain.responses.get(response, []) if not v.get("condition") and v.get("text")]
        if variants:
            texts.append(variants[-1]["text"])
    return texts


def install_store_faults() -> None:
    """Wraps Agent.handle_message (once): a message the server cannot handle gets the apology."""
    from rasa.core.agent import Agent

    original = Agent.handle_message
    if getattr(original, "_apologises", False):
        return

    async def handle_message(self: Agent, message: Any) -> Any:
        try:
            return await original(self, message)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a store away (redis, SQL), a lock not obtained: the worker must go on
            logger.error("message for %s not handled (%s: a store is unreachable?): the customer is asked to try "
                         "later", message.sender_id, type(error).__name__)
            channel = message.output_channel
            for text in plain_phrases(self.domain) if self.domain else []:
                if channel is not None:
                    await channel.send_text_message(message.sender_id, text)
            return None

    handle_message._apologises = True  # type: ignore[attr-defined]
    Agent.handle_message = handle_message  # type: ignore[assignment]


def install() -> None:
    """Wraps RemoteAction.run and Agent.handle_message (once)."""
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.shared.exceptions import RasaException

    install_store_faults()
    original = RemoteAction.run
    if getattr(original, "_keeps_failed_calls", False):
        return

    async def run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        try:
            events = await original(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise  # not a fault: the action declined, another may run
        except (RasaException, aiohttp.ClientError, asyncio.TimeoutError) as error:
            kept = never_reached_the_server(error)
            if kept:
                outbox().keep(tracker.sender_id, request_of(tracker),
                              self._action_call_format(tracker, domain))
            logger.error("action %s for %s failed (%s): the customer is asked to try later%s", self.name(),
                         tracker.sender_id, type(error.__context__ or error).__name__,
                         "; the call is kept for the action server's return" if kept else "")
            return await _apology(output_channel, nlg, tracker)
        if outbox().keys:
            outbox().drop(tracker.sender_id, request_of(tracker))
            _deliver_in_background(self.action_endpoint)
        return events

    run._keeps_failed_calls = True  # type: ignore[attr-defined]
    RemoteAction.run = run  # type: ignore[assignment]
