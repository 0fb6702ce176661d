"""A jambonz call outlives a restart of the Rasa server (`kill -9`): the IVR's counters and the pending
question are where they were when jambonz sends the next hook."""
from __future__ import annotations

import signal

import pytest

from bot.local_stack import Stack
from tests.voice.conftest import CREDENTIALS, WEBHOOK_SECRET
from tests.voice.jambonz_peer import FakeJambonz, heard
from tests.voice.schemas import JambonzSchemas

CALL_BACK = "Перезвоните, пожалуйста, возможно качество связи улучшится"


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory):
    """A stack of its own: this test kills its Rasa server."""
    running = Stack(tmp_path_factory.mktemp("voice-restart"), credentials=CREDENTIALS).start()
    yield running
    running.stop()


def kill_and_restart_rasa(stack: Stack) -> None:
    rasa = next(proc for proc in stack.procs if "bot.rasa_cli" in proc.args)
    stack.procs.remove(rasa)
    rasa.send_signal(signal.SIGKILL)
    rasa.wait(timeout=30)
    stack.wait_for_rasa_server(stack.start_rasa_server(stack.workdir / "endpoints.yml"))


def test_the_silence_count_and_the_pending_question_survive_a_restart(own_stack: Stack,
                                                                      schemas: JambonzSchemas) -> None:
    call = FakeJambonz(own_stack.base_url, WEBHOOK_SECRET, schemas)
    call.dial_in()
    assert "Иванова Мария Петровна, верно?" in heard(call.say("где моя посылка"))
    for _ in range(2):
        assert "Вы меня слышите?" in heard(call.stay_silent())
    kill_and_restart_rasa(own_stack)
    # the third silence in a row is still the third: one more «Вы меня слышите?», then the call-back phrase
    assert "Вы меня слышите?" in heard(call.stay_silent())
    closing = call.stay_silent()
    assert closing[-1] == {"verb": "hangup"} and CALL_BACK in heard(closing)


def test_a_caller_answers_the_question_asked_before_the_restart(own_stack: Stack, schemas: JambonzSchemas) -> None:
    call = FakeJambonz(own_stack.base_url, WEBHOOK_SECRET, schemas)
    call.dial_in()
    assert "Иванова Мария Петровна, верно?" in heard(call.say("где моя посылка"))
    kill_and_restart_rasa(own_stack)
    assert "заказ уже отправлен" in heard(call.say("да"))
