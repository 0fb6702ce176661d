"""A jambonz call under the scaled topology: its hooks land on whichever worker HAProxy picks, and the call's
IVR state (kept in Redis) follows it from one worker to the other."""
from __future__ import annotations

from bot.scaled_stack import ScaledStack
from tests.voice.jambonz_peer import FakeJambonz, heard
from tests.voice.schemas import jambonz_schemas

CALL_BACK = "Перезвоните, пожалуйста, возможно качество связи улучшится"


def on_worker(call: FakeJambonz, port: int) -> FakeJambonz:
    """The same call's next hook sent to one worker directly, as the load balancer may do."""
    call.base_url = f"http://127.0.0.1:{port}/webhooks/jambonz"
    return call


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

