"""A caller on hold while the assistant's turn takes long: what the line says until the answer comes.

Seed 004 «Установка на Hold» («…оставайтесь, пожалуйста, на линии, уточню информацию…», `utter_hold`) when a
turn is slow; seed 001 «Если пауза длиться более 30 сек. / если клиент продолжает что-то говорить в трубку
в момент уточнения информации — необходим возврат к клиенту»: «И.О., пожалуйста, оставайтесь на линии. Я
уточняю для Вас информацию» (`utter_voice_hold_return`) after every 30 s of hold and when the caller speaks
during it; the answer is then preceded by 004's «Возвращение с Hold» (`utter_hold_back`). The gateway asks
`HeldTurn.next` what to say until the turn is done (FastAGI in a loop, jambonz once per hook). A subclass may take
the outcome from elsewhere (`outcome`): jambonz's workers share a held turn through Redis (bot.voice.shared_hold).
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, List, Optional, Tuple

from bot.hold_phrases import HOLD_BACK, HOLD_SET
from bot.voice.steps import Say, Step, Transfer

HOLD_RETURN = "utter_voice_hold_return"


@dataclass(frozen=True)
class HoldSettings:
    hold_after: float = 3.0  # seconds of a slow turn before the hold phrase (a look-up the caller would hear as silence)
    return_after: float = 30.0  # seed 001: «Если пауза длиться более 30 сек.»
    # 001's return phrase when the caller talks during the hold, at most this often (a caller who keeps
    # talking is not answered by a phrase per word).
    min_phrase_gap: float = 5.0


class HeldTurn:
    """One turn of the IVR in progress (a task), and the hold phrases due while it runs."""

    def __init__(self, work: Optional[Awaitable[List[Step]]], phrase: Callable[[str], str], settings: HoldSettings,
                 clock: Callable[[], float] = time.monotonic) -> None:
        # None: the turn runs elsewhere (a subclass's `outcome` knows where)
        self.task: "Optional[asyncio.Future[List[Step]]]" = asyncio.ensure_future(work) if work is not None else None
        self.phrase = phrase
        self.settings = settings
        self.clock = clock
        self.started = clock()
        self.last_phrase: Optional[float] = None  # when the caller last heard a hold phrase

    @property
    def held(self) -> bool:
        return self.last_phrase is not None

    def _due(self) -> float:
        if self.last_phrase is None:
            return self.started + self.settings.hold_after
        return self.last_phrase + self.settings.return_after

    async def next(self, limit: Optional[float] = None) -> Tuple[List[Step], bool]:
        """Waits for the turn until the next hold phrase is due, or `limit` seconds (a webhook's reply
        cannot wait long). Returns (the turn's steps, True) when it is done, else (what to say now, False):
        the hold phrase, 001's return phrase, or nothing when `limit` came first."""
        until_due = max(0.0, self._due() - self.clock())
        wait = until_due if limit is None else min(until_due, limit)
        steps = await self.outcome(wait)
        if steps is not None:
            return self._answer(steps), True
        if wait < until_due:  # the limit came first (not the clock: asyncio's timers may fire a hair early)
            return [], False
        name = HOLD_RETURN if self.held else HOLD_SET
        self.last_phrase = self.clock()
        return [Say(self.phrase(name))], False

    def caller_spoke(self) -> List[Step]:
        """001: the caller keeps talking while the information is looked up: the return phrase (what was
        said is not sent to the assistant: it is busy with the caller's question)."""
        now = self.clock()
        if self.last_phrase is not None and now - self.last_phrase < self.settings.min_phrase_gap:
            return []
        self.last_phrase = now
        return [Say(self.phrase(HOLD_RETURN))]

    async def outcome(self, timeout: float) -> Optional[List[Step]]:
        """The turn's steps if it is done within `timeout` seconds, else None."""
        if self.task is None:
            return None
        if not self.task.done():
            await asyncio.wait({self.task}, timeout=timeout)
        # the IVR's handlers turn the assistant's failures into steps themselves
        return self.task.result() if self.task.done() else None

    def _answer(self, steps: List[Step]) -> List[Step]:
        if self.held and not any(isinstance(step, Transfer) for step in steps):
            # 004 «Возвращение с Hold»; not before a transfer, whose reason may be that nothing was found out.
            return [Say(self.phrase(HOLD_BACK)), *steps]
        return steps
