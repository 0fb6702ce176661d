"""Transfers by SIP REFER (JAMBONZ_TRANSFER=refer): what the caller hears when the operator's leg fails.

jambonz-feature-server lib/tasks/sip_refer.js: `TaskSipRefer.exec` sends the REFER; a refused REFER posts
{refer_status: <4xx–6xx>} to the actionHook; an accepted one (202) waits for the NOTIFYs, and `_handleNotify`
posts {refer_status: 202, final_referred_call_status: <the referred call's final SIP status>} on the first final
one, a 486 as much as a 200. FakeJambonz.refer_ended does the same.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from bot.local_stack import Stack
from tests.voice.conftest import CREDENTIALS, WEBHOOK_SECRET
from tests.voice.jambonz_peer import FakeJambonz
from tests.voice.schemas import JambonzSchemas

RECORDED = "информация по вашему вопросу зафиксирована"


@pytest.fixture(scope="module")
def refer_stack(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A second Rasa server, transferring by REFER, on the session's action server and order store."""
    running = Stack(tmp_path_factory.mktemp("voice-refer"), actions_port=stack.actions_port, credentials=CREDENTIALS,
                    env={"ORDER_STORE_URL": stack.store_url, "JAMBONZ_TRANSFER": "refer"})
    try:
        running.wait_for_rasa_server(running.start_rasa_server(running.write_endpoints()))
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


@pytest.fixture
def call(refer_stack: Stack, schemas: JambonzSchemas) -> FakeJambonz:
    call = FakeJambonz(refer_stack.base_url, WEBHOOK_SECRET, schemas)
    call.dial_in()
    transfer = call.say("соедините с оператором")
    assert [v["verb"] for v in transfer] == ["say", "sip:refer"]
    assert transfer[1]["referTo"] == "sip:operators@pbx.test" and transfer[1]["headers"]["X-Ticket-Id"].isdigit()
    return call


def test_a_busy_operator_after_an_accepted_refer_gets_the_ticket_phrase(call: FakeJambonz) -> None:
    ended = call.refer_ended(486)
    assert [v["verb"] for v in ended] == ["say", "hangup"]
    assert RECORDED in ended[0]["text"].lower()


def test_a_refused_refer_gets_the_ticket_phrase(call: FakeJambonz) -> None:
    ended = call.refer_ended(0, refer_status=403)
    assert [v["verb"] for v in ended] == ["say", "hangup"]
    assert RECORDED in ended[0]["text"].lower()


def test_an_answered_refer_ends_the_assistants_part_in_silence(call: FakeJambonz) -> None:
    assert call.refer_ended(200) == [{"verb": "hangup"}]
