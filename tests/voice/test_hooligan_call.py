"""A prank call on the phone (seed 001 «Хулиганские обращения»), through the real assistant: the warning in
the call's words, and after the second prank the phrase again and the line hung up, on both gateways."""
from __future__ import annotations

from bot.local_stack import Stack
from tests.voice.agi_peer import AsteriskPeer
from tests.voice.conftest import WEBHOOK_SECRET
from tests.voice.jambonz_peer import FakeJambonz, heard
from tests.voice.schemas import JambonzSchemas

WARNING = "Ваш звонок может быть расценен как хулиганский, что влечет за собой уголовное наказание."
FIRST, SECOND = "алло это зоопарк? позовите жирафа", "ха ха ха мы прикалываемся"


def test_jambonz_warns_then_hangs_up_on_the_second_prank(stack: Stack, schemas: JambonzSchemas) -> None:
    call = FakeJambonz(stack.base_url, WEBHOOK_SECRET, schemas)
    call.dial_in()
    warned = call.say(FIRST)
    assert heard(warned) == WARNING and warned[-1]["verb"] == "gather"  # the call goes on
    ended = call.say(SECOND)
    assert [v["verb"] for v in ended] == ["say", "hangup"]
    assert ended[0]["text"] == f"{WARNING} Всего доброго."


def test_fastagi_warns_then_hangs_up_on_the_second_prank(fastagi_port: int) -> None:
    peer = AsteriskPeer(fastagi_port, [("say", FIRST), ("say", SECOND), ("say", "где моя посылка")]).run()
    assert not peer.protocol_errors, peer.protocol_errors
    assert peer.heard[1] == WARNING
    assert peer.heard[2] == f"{WARNING} Всего доброго."
    assert peer.commands[-1] == "HANGUP" and peer.ivr_hung_up and not peer.caller_hung_up
    assert len(peer.listens) == 2  # the third line of the script was never listened for
