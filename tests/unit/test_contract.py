"""bot.contract: the channel payloads on the wire, read back tolerantly, and emitted by the actions through it."""
from __future__ import annotations

import asyncio
import logging
import re
import subprocess
import sys
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionGoodbye, ActionHandOver
from actions.discipline import ActionClarify, ActionProfanity, ActionRepeatLastAnswer
from actions.identification import ActionAskIdentityQuery
from bot.contract import EndConversation, ExpectIdentity, Handover, json_message, read_custom
from bot.local_stack import ROOT

HANDOVER = Handover(ticket_id=7, kind="operator", reason="клиент просит соединить с оператором",
                    order_id="1000037", customer_id="C001")


# --- the wire format and the round trip ---

@pytest.mark.parametrize("payload, wire", [
    (HANDOVER, {"handover": {"ticket_id": 7, "kind": "operator", "reason": "клиент просит соединить с оператором",
                             "order_id": "1000037", "customer_id": "C001"}}),
    (Handover(ticket_id=8, kind="supervisor"), {"handover": {"ticket_id": 8, "kind": "supervisor", "reason": "",
                                                             "order_id": None, "customer_id": None}}),
    (EndConversation(), {"end_conversation": True}),
    (ExpectIdentity(), {"expect": "identity"}),
])
def test_each_payload_is_written_as_documented_and_read_back(payload: Any, wire: Dict[str, Any]) -> None:
    assert json_message(payload) == wire
    assert read_custom(wire) == [payload]


def test_payloads_of_different_kinds_never_compare_equal() -> None:
    assert EndConversation() != ExpectIdentity()
    assert read_custom({"end_conversation": True}) != read_custom({"expect": "identity"})


def test_several_payloads_in_one_custom_are_all_read_in_order() -> None:
    custom = {**json_message(HANDOVER), **json_message(EndConversation())}
    assert read_custom(custom) == [HANDOVER, EndConversation()]


def test_a_newer_handover_with_more_fields_is_still_read() -> None:
    wire = json_message(HANDOVER)
    wire["handover"]["queue"] = "vip"
    assert read_custom(wire) == [HANDOVER]


def test_only_payloads_can_be_written() -> None:
    with pytest.raises(TypeError):
        json_message({"end_conversation": True})  # type: ignore[arg-type]


# --- tolerance: unknown and malformed payloads are logged and ignored ---

@pytest.mark.parametrize("custom", [
    "end_conversation", ["expect", "identity"], 42,
    {"unknown": {"x": 1}},
    {"handover": "operator"},
    {"handover": {"kind": "operator"}},  # no ticket
    {"handover": {"ticket_id": "seven", "kind": "operator"}},
    {"handover": {"ticket_id": True, "kind": "operator"}},
    {"handover": {"ticket_id": 7, "kind": None}},
    {"end_conversation": False},
    {"end_conversation": "yes"},
    {"expect": "order_id"},
    {"expect": None},
])
def test_malformed_or_unknown_payloads_are_ignored_and_logged(custom: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.contract"):
        assert read_custom(custom) == []
    assert caplog.records, "an ignored payload must be logged"


def test_a_malformed_payload_does_not_hide_the_good_ones() -> None:
    custom = {"handover": {"ticket_id": None}, "end_conversation": True, "later": 1, "expect": "identity"}
    assert read_custom(custom) == [EndConversation(), ExpectIdentity()]


def test_no_custom_is_no_payload_and_no_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.contract"):
        assert read_custom(None) == [] and read_custom({}) == []
    assert not caplog.records


def test_the_log_never_repeats_what_a_payload_carried(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.contract"):
        read_custom({"callback": {"phone": "+79001000101"}, "handover": {"ticket_id": "+79001000101"}})
    assert len(caplog.records) == 2 and "9001000101" not in caplog.text


def test_the_contract_imports_without_rasa() -> None:
    probe = "import sys, bot.contract; print(sorted(m for m in sys.modules if m == 'rasa' or m.startswith('rasa.')))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_readme_documents_every_payload() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Channel contract\n(.*?)(?=^## )", readme, re.S | re.M)
    assert section, "README.md has no «Channel contract» section"
    for payload in (HANDOVER, EndConversation(), ExpectIdentity()):
        key = next(iter(json_message(payload)))
        assert f'"{key}"' in section.group(1) and type(payload).__name__ in section.group(1)


# --- the actions emit through the contract ---

@pytest.fixture
def store(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDER_STORE_URL", f"sqlite:///{tmp_path / 'store.db'}")


def user(text: str, intent: str) -> Dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 0.99},
                                                          "entities": []}}


def bot(text: str) -> Dict[str, Any]:
    return {"event": "bot", "text": text, "data": {}}


def tracker(intent: str, events: Optional[List[Dict[str, Any]]] = None, **slots: Any) -> Tracker:
    events = events or [user("текст", intent)]
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return Tracker("chat-1", slots, {**latest["parse_data"], "text": latest["text"]}, events, False, None, {},
                   "action_listen")


def payloads_of(action: Any, state: Tracker) -> List[Any]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, state, {}))
    found: List[Any] = []
    for message in dispatcher.messages:
        if message.get("custom") is not None:
            found += read_custom(message["custom"])
    return found


def test_the_farewell_ends_the_conversation() -> None:
    assert payloads_of(ActionGoodbye(), tracker("goodbye")) == [EndConversation()]


def test_the_second_profanity_ends_the_conversation() -> None:
    assert payloads_of(ActionProfanity(), tracker("profanity", profanity_strikes=1.0)) == [EndConversation()]
    assert payloads_of(ActionProfanity(), tracker("profanity", profanity_strikes=None)) == []


def test_the_third_same_answer_ends_the_conversation() -> None:
    answer = "Ваш заказ в пути."
    events = [user("где заказ", "order_status"), bot(answer)] + [user("повторите", "repeat"), bot(answer)] * 2
    events.append(user("повторите", "repeat"))
    assert payloads_of(ActionRepeatLastAnswer(), tracker("repeat", events)) == [EndConversation()]


def test_asking_who_is_calling_expects_the_identity() -> None:
    assert payloads_of(ActionAskIdentityQuery(), tracker("order_status")) == [ExpectIdentity()]


def test_a_hand_over_carries_the_stored_ticket(store: None) -> None:
    from store import queries

    [handover] = payloads_of(ActionHandOver(), tracker("operator_request", customer_id="C001", order_id="1000037"))
    assert isinstance(handover, Handover)
    assert (handover.kind, handover.customer_id, handover.order_id) == ("operator", "C001", "1000037")
    assert handover.reason == "клиент просит соединить с оператором"
    [ticket] = queries.tickets("chat-1")
    assert (ticket.id, ticket.kind, ticket.customer_id) == (handover.ticket_id, "operator", "C001")


def test_a_second_misunderstanding_hands_over_with_a_ticket(store: None) -> None:
    events = [user("ква ква", "nlu_fallback"), bot("Не поняла."), user("пум пум", "nlu_fallback")]
    [handover] = payloads_of(ActionClarify(), tracker("nlu_fallback", events))
    assert isinstance(handover, Handover) and handover.ticket_id > 0 and handover.kind == "operator"
