"""A jambonz call under the scaled topology: its hooks land on whichever worker HAProxy picks, and the call's
IVR state (kept in Redis) follows it from one worker to the other, a slow turn's hold too; Redis away mid-call:
the caller hears the apology, not an HTTP 500 (which jambonz would end the call on), and the call goes on."""
from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List

from bot.scaled_stack import ScaledStack
from tests.voice.jambonz_peer import FakeJambonz, Verbs, heard
from tests.voice.schemas import jambonz_schemas

CALL_BACK = "Перезвоните, пожалуйста, возможно качество связи улучшится"
HOLD = "Оставайтесь, пожалуйста, на линии, уточню информацию и вернусь к диалогу."
HOLD_BACK = "Спасибо за ожидание, информацию для Вас уточнила."
HOLD_HOOK = "/webhooks/jambonz/hold"
TRY_LATER = "попробуйте, пожалуйста, позже"


def on_worker(call: FakeJambonz, port: int) -> FakeJambonz:
    """The same call's next hook sent to one worker directly, as the load balancer may do."""
    call.base_url = f"http://127.0.0.1:{port}/webhooks/jambonz"
    return call


def on_hold(verbs: Verbs) -> bool:
    return verbs[-1]["verb"] == "gather" and verbs[-1]["actionHook"] == HOLD_HOOK


def children_of(pid: int) -> List[int]:
    """The processes whose parent is `pid` (from /proc: PostgreSQL's backends under its postmaster)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@contextmanager
def order_store_paused(scaled: ScaledStack) -> Iterator[None]:
    """SIGSTOP on every PostgreSQL process: a turn whose action reads the order store waits (a slow look-up)
    until SIGCONT. (Pausing the action servers instead would not do: their keep-alive timer fires on waking and
    drops the request.)"""
    assert scaled.postgres
    postmaster = int((scaled.postgres.data / "postmaster.pid").read_text().split()[0])
    pids = [postmaster, *children_of(postmaster)]
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def test_a_call_whose_hooks_alternate_between_workers_keeps_its_silences_and_its_question(
        scaled: ScaledStack) -> None:
    first, second = scaled.rasa_ports[:2]
    call = FakeJambonz(f"http://127.0.0.1:{first}", "unused", jambonz_schemas())
    call.dial_in()
    assert "Иванова Мария Петровна, верно?" in heard(on_worker(call, second).say("где моя посылка"))
    # two silences on two workers, then the third on the first one again: still the third in a row
    assert "Вы меня слышите?" in heard(on_worker(call, first).stay_silent())
    assert "Вы меня слышите?" in heard(on_worker(call, second).stay_silent())
    assert "Вы меня слышите?" in heard(on_worker(call, first).stay_silent())
    closing = on_worker(call, second).stay_silent()
    assert closing[-1] == {"verb": "hangup"} and CALL_BACK in heard(closing)


def test_a_slow_turns_hold_hooks_may_land_on_either_worker_and_the_answer_comes(scaled: ScaledStack) -> None:
    runs_it, other = scaled.rasa_ports[:2]
    call = FakeJambonz(f"http://127.0.0.1:{runs_it}", "unused", jambonz_schemas())
    call.dial_in()
    with order_store_paused(scaled):
        # the look-up waits for the order store: after 3 s the hold phrase and a short listen (to /hold)
        first = on_worker(call, runs_it).say("где моя посылка")
        assert heard(first) == HOLD and on_hold(first)
        # the caller waits quietly; the listens' results come to the other worker, then back
        assert on_hold(on_worker(call, other).stay_silent())
        assert on_hold(on_worker(call, runs_it).stay_silent())
    # the look-up finishes on the worker that runs it, whose hook has already returned: the other worker says it
    answer = on_worker(call, other).stay_silent()
    for _ in range(5):  # each hold hook waits up to 2 s for the answer; a loaded machine may need a few
        if not on_hold(answer):
            break
        answer = on_worker(call, other).stay_silent()
    assert not on_hold(answer), answer
    assert heard(answer).startswith(HOLD_BACK) and "Иванова Мария Петровна, верно?" in heard(answer)
    assert answer[-1]["actionHook"] == "/webhooks/jambonz/action"
    # the state the turn left is the call's on both workers: the question asked is answered on the first
    assert "заказ уже отправлен" in heard(on_worker(call, runs_it).say("да"))


def test_redis_away_mid_call_the_caller_hears_the_apology_and_the_call_goes_on(scaled: ScaledStack) -> None:
    call = FakeJambonz(scaled.base_url, "unused", jambonz_schemas())  # through HAProxy, as jambonz posts
    call.dial_in()
    assert "Иванова Мария Петровна, верно?" in heard(call.say("где моя посылка"))
    assert scaled.redis
    scaled.redis.stop()
    try:
        during = call.say("да")  # FakeJambonz asserts HTTP 200 and a valid jambonz application
        assert "приношу искренние извинения" in heard(during) and TRY_LATER in heard(during)
        assert during[-1]["verb"] == "gather" and during[-1]["actionHook"] == "/webhooks/jambonz/action"
        assert "Вы меня слышите?" in heard(call.stay_silent())  # the line is still the IVR's
    finally:
        scaled.redis.start()
    # recovered by itself: the question asked before the outage is answered
    assert "заказ уже отправлен" in heard(call.say("да"))
