"""A slow turn's hold shared by the Rasa workers: any worker can answer a jambonz hold hook for it.

The turn runs on the worker whose action hook started it (an asyncio task cannot move). While the caller is on
hold, Redis holds when the hold began and when the caller last heard a hold phrase (wall clock: workers do not
share a monotonic clock) under the call; when the turn is done, its worker saves the call's IVR state and
publishes the turn's steps. A hold hook on any worker says the phrase due from the shared clock, or takes the
published steps (once: GETDEL) and says the answer.

Chosen over load-balancer stickiness (HAProxy hashing call_sid from the hook's URL): the call's IVR state is
already shared in Redis, so the hold was the only thing that tied a call to one worker; with it shared, a call
keeps no affinity at all (a worker taken out by the health check, added or restarted moves nobody's hold), and
the deployment is not tied to one load balancer's configuration.
"""
from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

import redis.exceptions

from bot.voice.call_state import RedisCallStates
from bot.voice.hold import HeldTurn, HoldSettings
from bot.voice.ivr import IvrCall
from bot.voice.steps import Step

POLL_SECONDS = 0.05  # how often a worker that does not run the turn looks for its steps
# A hold whose worker died mid-turn is never answered: after this long the hold hook stops saying hold phrases
# and listens again (a turn's action calls give up long before: Rasa's action timeout).
ABANDONED_AFTER_SECONDS = 300.0


class SharedHeldTurn(HeldTurn):
    """A held turn as every worker sees it; `work` is given only on the worker that runs the turn."""

    def __init__(self, board: RedisCallStates, call_sid: str, turn: str, phrase: Callable[[str], str],
                 settings: HoldSettings, work: Optional[Awaitable[List[Step]]] = None,
                 started: Optional[float] = None, last_phrase: Optional[float] = None) -> None:
        super().__init__(work, phrase, settings, clock=time.time)
        self.board, self.call_sid, self.turn = board, call_sid, turn
        if started is not None:
            self.started = started
        self.last_phrase = last_phrase

    @classmethod
    def start(cls, board: RedisCallStates, call_sid: str, ivr: IvrCall,
              work: Awaitable[List[Step]]) -> "SharedHeldTurn":
        """The turn on this worker: once done, if the caller is on hold by then, its steps are published."""
        turn = uuid.uuid4().hex

        async def published() -> List[Step]:
            steps = await work
            try:
                record = board.holding(call_sid)
                if record is not None and record.get("turn") == turn:  # another worker may answer the hold hook
                    board.save(call_sid, ivr)  # the state after the turn first: whoever says the answer reads it
                    board.publish(call_sid, turn, steps)
            except redis.exceptions.RedisError:
                pass  # Redis away: only this worker can say the answer, at the call's next hook here
            return steps

        return cls(board, call_sid, turn, ivr.phrase, ivr.settings.hold, work=published())

    @classmethod
    def seen(cls, board: RedisCallStates, call_sid: str, ivr: IvrCall,
             record: Dict[str, Any]) -> Optional["SharedHeldTurn"]:
        """The hold of a turn another worker runs, from its record; None when that worker must have died."""
        if time.time() - float(record["started"]) > ABANDONED_AFTER_SECONDS:
            board.release(call_sid)
            return None
        return cls(board, call_sid, str(record["turn"]), ivr.phrase, ivr.settings.hold,
                   started=float(record["started"]), last_phrase=record.get("last_phrase"))

    @property
    def runs_here(self) -> bool:
        return self.task is not None

    def catch_up(self, record: Dict[str, Any]) -> None:
        """Another worker may have said a hold phrase since this one did."""
        self.last_phrase = record.get("last_phrase")

    def _record(self) -> Dict[str, Any]:
        return {"turn": self.turn, "started": self.started, "last_phrase": self.last_phrase}

    async def outcome(self, timeout: float) -> Optional[List[Step]]:
        if self.runs_here:
            steps = await super().outcome(timeout)
            if steps is not None:
                self._quietly(self.board.take, self.call_sid, self.turn)  # a published copy, if any, is spent
            return steps
        deadline = time.monotonic() + timeout
        while True:
            steps = self.board.take(self.call_sid, self.turn)
            left = deadline - time.monotonic()
            if steps is not None or left <= 0:
                return steps
            await asyncio.sleep(min(POLL_SECONDS, left))

    async def next(self, limit: Optional[float] = None) -> Tuple[List[Step], bool]:
        steps, done = await super().next(limit)
        if done:
            self._quietly(self.board.release, self.call_sid)
        else:  # the phrase said, for whichever worker comes next
            self._quietly(self.board.hold, self.call_sid, self._record())
        return steps, done

    def caller_spoke(self) -> List[Step]:
        steps = super().caller_spoke()
        self._quietly(self.board.hold, self.call_sid, self._record())
        return steps

    @staticmethod
    def _quietly(operation: Callable[..., Any], *args: Any) -> None:
        """A write to the shared hold that may fail while Redis is away: the hold goes on from this worker."""
        try:
            operation(*args)
        except redis.exceptions.RedisError:
            pass
