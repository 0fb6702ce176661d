"""Each fix of bot/rasa_speedups.py does what Rasa's own code does, only faster."""
from __future__ import annotations

import copy
import gc
from pathlib import Path
from typing import Any, Dict, List

import pytest
from jsonschema import ValidationError, validate

from rasa.core.actions.action import RemoteAction
from rasa.engine.graph import GraphComponent
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from bot import rasa_speedups
from tests.support.tiny_model import parse, tiny_agent

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
def test_action_reply_check_agrees_with_rasas_schema_check(reply):
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


def test_the_fixes_are_in_place():
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result
    assert Event.resolve_by_type is rasa_speedups._resolve_by_type
    assert DaskGraphRunner.run is rasa_speedups._run_graph_in_order


def test_event_classes_resolve_as_in_rasa():
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


@pytest.mark.parametrize("text", ["где моя посылочка", "Добрый день!", "мой номер 8 900 100 03 01", ""])
def test_graphs_run_in_order_give_what_dask_gives(agent, text):
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


def test_a_graph_input_that_names_a_node_is_refused(agent):
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
def test_a_diamond_graph_gives_what_dask_gives(tmp_path, targets):
    runner = _diamond_runner(tmp_path)
    ours = runner.run(inputs={"__x__": "x"}, targets=targets)
    theirs = rasa_speedups._run_graph_with_dask(runner, inputs={"__x__": "x"}, targets=targets)
    assert ours == theirs
    assert ours.keys() == set(targets or runner._graph_schema.target_names)


def test_a_diamond_graph_result(tmp_path):
    d = _diamond_runner(tmp_path).run(inputs={"__x__": "x"}, targets=["d"])["d"]
    assert d == "(((x → a) → b) ((x → a) x → c) (x → a) → d)"
