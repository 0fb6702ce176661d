"""Each fix of bot/rasa_speedups.py does what Rasa's own code does, only faster; they are in place only once
installed, only on the Rasa version they were tested with, and not when RASA_SPEEDUPS=0."""
from __future__ import annotations

import copy
import gc
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest
from jsonschema import ValidationError, validate

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.engine.graph import GraphComponent
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from bot import rasa_speedups
from bot.local_stack import ROOT
from tests.support.tiny_model import parse, tiny_agent

RASAS_OWN = {(owner, name): vars(owner)[name] for owner, name in [
    (RemoteAction, "_validate_action_result"), (Event, "resolve_by_type"), (Agent, "load_model"),
    (DaskGraphRunner, "run")]}
ALL_FOUR = ["action-reply schema check", "event class table", "gc.freeze after model load", "planned graph runner"]


def _rasas_own_code_runs() -> bool:
    return all(vars(owner)[name] is own for (owner, name), own in RASAS_OWN.items())


@pytest.fixture
def rasas_own_code():
    """No speed-ups before the test or after it."""
    rasa_speedups.uninstall()
    assert _rasas_own_code_runs()
    yield
    rasa_speedups.uninstall()
    gc.unfreeze()


@pytest.fixture
def installed(rasas_own_code):
    assert rasa_speedups.install({}) == ALL_FOUR
    yield


def test_importing_the_module_changes_nothing_in_rasa():
    code = """
import sys
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import Event
members = [(RemoteAction, "_validate_action_result"), (Event, "resolve_by_type"), (Agent, "load_model"),
           (DaskGraphRunner, "run")]
before = [vars(owner)[name] for owner, name in members]
import bot.rasa_speedups, bot.policies.closed_conversation, bot.nlu.intent_classifier
assert [vars(owner)[name] for owner, name in members] == before, "patched on import"
assert "bot.rasa_speedups" in sys.modules and bot.rasa_speedups.installed() == []
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_install_puts_all_four_in_place_once_and_says_so(rasas_own_code, caplog):
    caplog.set_level(logging.INFO, logger="bot.rasa_speedups")
    assert rasa_speedups.install({}) == ALL_FOUR
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result
    assert Event.resolve_by_type is rasa_speedups._resolve_by_type
    assert Agent.load_model is rasa_speedups._load_model_then_freeze
    assert DaskGraphRunner.run is rasa_speedups._run_graph_in_order
    assert caplog.messages == [f"Rasa speed-ups on (Rasa {rasa.__version__}; RASA_SPEEDUPS=0 turns them off): "
                               + ", ".join(ALL_FOUR) + "."]
    assert rasa_speedups.install({}) == ALL_FOUR  # again: nothing more to do
    rasa_speedups.uninstall()
    assert _rasas_own_code_runs()  # what install replaced was Rasa's own code, not its own fixes


@pytest.mark.parametrize("value", ["0", "false", "off", "No"])
def test_the_environment_switch_keeps_rasas_own_code(rasas_own_code, caplog, value):
    caplog.set_level(logging.INFO, logger="bot.rasa_speedups")
    assert rasa_speedups.install({"RASA_SPEEDUPS": value}) == []
    assert _rasas_own_code_runs()
    assert caplog.messages == [f"Rasa speed-ups off (RASA_SPEEDUPS={value}): Rasa's own code runs."]


@pytest.mark.parametrize("value", ["1", "yes", ""])
def test_any_other_switch_value_leaves_them_on(rasas_own_code, value):
    assert rasa_speedups.install({"RASA_SPEEDUPS": value}) == ALL_FOUR


@pytest.mark.parametrize("version", ["3.6.20", "3.7.0", "3.6.21rc1"])
def test_another_rasa_version_warns_and_keeps_rasas_own_code(rasas_own_code, monkeypatch, caplog, version):
    monkeypatch.setattr(rasa, "__version__", version)
    assert rasa_speedups.install({}) == []
    assert _rasas_own_code_runs()
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert f"tested with Rasa 3.6.21, this is Rasa {version}" in caplog.text


def test_the_entry_point_installs_them_when_rasas_cli_calls_its_plugins(rasas_own_code):
    from rasa.plugin import plugin_manager

    from bot.rasa_cli import SpeedUpsAtStart

    manager = plugin_manager()
    plugin = manager.register(SpeedUpsAtStart(), name="speed-ups under test")
    try:
        assert manager.hook.configure_commandline(cmdline_arguments=None) == []  # no endpoints file of ours
        assert rasa_speedups.installed() == ALL_FOUR
    finally:
        manager.unregister(name=plugin)

SCHEMA = RemoteAction.action_response_format_spec()
EVENT_TYPES = [branch["properties"]["event"]["const"] for branch in SCHEMA["properties"]["events"]["items"]["oneOf"]]

# Replies as the action server sends them, then broken one way or another.
VALID_REPLY: Dict[str, Any] = {
    "events": [
        {"event": "slot", "timestamp": None, "name": "customer_id", "value": "C001"},
        {"event": "active_loop", "name": "identification_form"},
        {"event": "bot", "text": "Здравствуйте", "data": {"buttons": [{"title": "да", "payload": "/affirm"}]},
         "metadata": {"utter_action": "utter_greet"}},
        {"event": "followup", "name": "action_listen"},
        {"event": "user", "text": "/affirm", "parse_data": {"intent": {"name": "affirm", "confidence": 1.0},
                                                            "entities": [{"entity": "phone", "value": "+7900"}]}},
        {"event": "reset_slots"}, {"event": "restart"}, {"event": "session_started"},
    ],
    "responses": [{"text": "Здравствуйте", "buttons": [], "response": "utter_greet"}],
}


def _broken_replies() -> List[Any]:
    broken: List[Any] = [None, [], "text", {"events": "not a list"}, {"responses": [1]}, {"events": [1]},
                         {"events": [{"event": "no_such_event"}]}, {"events": [{"name": "no event key"}]},
                         {"events": [{"event": 7}]}, {"events": [{"event": "slot", "timestamp": "now"}]},
                         {"events": [{"event": "slot", "metadata": "not an object"}]}]
    for i, event in enumerate(VALID_REPLY["events"]):
        for key, bad in (("text", 5), ("name", 5), ("parse_data", "x"), ("data", 3), ("value", None)):
            reply = copy.deepcopy(VALID_REPLY)
            reply["events"][i][key] = bad
            broken.append(reply)
    return broken


@pytest.mark.parametrize("reply", [VALID_REPLY, *({"events": [{"event": t}]} for t in EVENT_TYPES), *_broken_replies()])
def test_action_reply_check_agrees_with_rasas_schema_check(installed, reply):
    try:
        validate(reply, SCHEMA)  # Rasa's own verdict
        rasa_accepts = True
    except ValidationError:
        rasa_accepts = False
    assert rasa_speedups.action_reply_check().is_valid(reply) is rasa_accepts
    if rasa_accepts:
        assert RemoteAction._validate_action_result(None, reply) is True
    else:
        with pytest.raises(ValidationError, match="Failed to validate Action server response"):
            RemoteAction._validate_action_result(None, reply)


def test_event_classes_resolve_as_in_rasa(installed):
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for name in names:
        assert Event.resolve_by_type(name) is rasa_speedups._resolve_by_type_in_rasa(name)
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_freezing_the_loaded_heap_and_collecting_what_a_reload_left_behind():
    import weakref

    try:
        stale = _Cycle()
        rasa_speedups.freeze_loaded_heap()
        assert gc.get_freeze_count() > 0
        gone = weakref.ref(stale)
        del stale  # garbage in a cycle, frozen: only a collection after unfreezing can free it
        gc.collect()
        assert gone() is not None
        rasa_speedups.freeze_loaded_heap()  # the next model load
        assert gone() is None and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.fixture(scope="module")
def agent(tmp_path_factory):
    yield from tiny_agent(tmp_path_factory.mktemp("speedups"), """
        language: ru
        pipeline:
          - name: bot.nlu.tokenizer.RussianTokenizer
          - name: bot.nlu.entity_extractor.RussianEntityExtractor
          - name: bot.nlu.intent_classifier.RussianIntentClassifier
          - name: FallbackClassifier
            threshold: 0.3
        """, """
        version: "3.1"
        nlu:
        - intent: where_is_parcel
          examples: |
            - где моя посылка
            - когда придёт заказ
            - где посылка
        - intent: greet
          examples: |
            - здравствуйте
            - добрый день
            - привет
        - intent: goodbye
          examples: |
            - до свидания
            - всего доброго
            - пока
        """)


def _load_afresh(agent) -> Agent:
    gc.unfreeze()
    fresh = Agent()
    fresh.load_model(agent.processor.model_path)
    return fresh


def test_a_model_load_freezes_the_loaded_heap(installed, agent):
    fresh = _load_afresh(agent)
    assert gc.get_freeze_count() > 0
    assert parse(fresh, "где моя посылка")["intent"]["name"] == "where_is_parcel"


def test_without_the_speed_ups_a_model_load_freezes_nothing(rasas_own_code, agent):
    fresh = _load_afresh(agent)
    assert gc.get_freeze_count() == 0
    assert parse(fresh, "где моя посылка")["intent"]["name"] == "where_is_parcel"


@pytest.mark.parametrize("text", ["где моя посылочка", "Добрый день!", "мой номер 8 900 100 03 01", ""])
def test_graphs_run_in_order_give_what_dask_gives(installed, agent, text):
    from rasa.core.channels.channel import UserMessage

    runner, target = agent.processor.graph_runner, agent.processor.model_metadata.nlu_target

    def run(how):  # a fresh message each time: the NLU components add to the message they are given
        return how(runner, inputs={"__message__": [UserMessage(text, message_id="m1")]}, targets=[target])

    ours, theirs = run(DaskGraphRunner.run), run(rasa_speedups._run_graph_with_dask)
    assert ours.keys() == theirs.keys() == {target}
    ours_data = ours[target][0].as_dict(only_output_properties=True)
    theirs_data = theirs[target][0].as_dict(only_output_properties=True)
    assert ours_data == theirs_data
    assert parse(agent, text)["intent"]["name"] == ours_data.get("intent", {}).get("name")


def test_a_graph_input_that_names_a_node_is_refused(installed, agent):
    from rasa.engine.exceptions import GraphRunError

    target = agent.processor.model_metadata.nlu_target
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        agent.processor.graph_runner.run(inputs={"__message__": target}, targets=[target])


class _Join(GraphComponent):
    """A toy node: its config's tag after whatever its inputs produced, in the order of `needs`."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: Any, resource: Any, execution_context: Any) -> "_Join":
        return cls(config["tag"])

    def run(self, **inputs: Any) -> str:
        return "(" + " ".join(str(inputs[k]) for k in sorted(inputs)) + f" → {self.tag})"


def _diamond_runner(tmp_path: Path) -> DaskGraphRunner:
    """__x__ → a → (b, c) → d, plus e that nothing needs."""
    from rasa.engine.graph import ExecutionContext, GraphSchema, SchemaNode
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    def node(tag: str, **needs: str) -> SchemaNode:
        return SchemaNode(needs=needs, uses=_Join, constructor_name="create", fn="run", config={"tag": tag})

    schema = GraphSchema({"a": node("a", x="__x__"), "b": node("b", p="a"), "c": node("c", p="a", q="__x__"),
                          "d": node("d", p="b", q="c", r="a"), "e": node("e", p="a")})
    return DaskGraphRunner(schema, LocalModelStorage(tmp_path), ExecutionContext(schema))


@pytest.mark.parametrize("targets", [["d"], ["b", "c"], ["e", "d"], ["a"], None])
def test_a_diamond_graph_gives_what_dask_gives(installed, tmp_path, targets):
    runner = _diamond_runner(tmp_path)
    ours = runner.run(inputs={"__x__": "x"}, targets=targets)
    theirs = rasa_speedups._run_graph_with_dask(runner, inputs={"__x__": "x"}, targets=targets)
    assert ours == theirs
    assert ours.keys() == set(targets or runner._graph_schema.target_names)


def test_a_diamond_graph_result(installed, tmp_path):
    d = _diamond_runner(tmp_path).run(inputs={"__x__": "x"}, targets=["d"])["d"]
    assert d == "(((x → a) → b) ((x → a) x → c) (x → a) → d)"
