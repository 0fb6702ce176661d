"""Measured hot spots of Rasa 3.6 and their fixes, which `install()` puts in place without changing what Rasa
accepts or does.

Each was found by profiling the Rasa server under `make bench` (cProfile, 20 concurrent conversations):

1. After every call to the action server Rasa checks the reply with `jsonschema.validate(result, schema)`,
   which re-checks Rasa's own large schema first (16.6 ms per call) and then tries each event against all
   23 `oneOf` branches of the event schema (1.6 ms per reply). The branches differ by `event: const`, so
   exactly one can match: we check an event against its own branch only (0.1 ms). A reply this fast path
   refuses is checked again by Rasa's full validator, so errors and their messages are Rasa's own.
2. `Event.resolve_by_type` walks the whole tree of `Event` subclasses (≈30 classes, recursively, with
   `inspect.isabstract`) for every event it deserialises: ≈1 ms per tracker load from the tracker store
   and per action reply. We look the class up in a table built from the same walk, in the same order.
3. Python's full garbage collections walk every object the model and its libraries loaded (TensorFlow,
   spaCy, scikit-learn): one took 200 ms in the middle of a load test. `freeze_loaded_heap()` moves what
   is loaded so far out of the collector's way (`gc.freeze`, the CPython documentation's advice for
   servers); it runs after every model load (`Agent.load_model`: at start-up and on PUT /model).
4. Rasa runs its prediction graphs (the NLU pipeline per message, the policies per predicted action)
   through `dask.get`, which orders and schedules the graph anew on every call: 0.5 ms per run, a tenth
   of the server's CPU per message. The graphs are small chains with nothing to parallelise; we run the
   same nodes in a topological order planned once per target set, with dask's conventions (an input is
   passed as its (name, value) pair; a node returns (its name, its output)). Training graphs too.

Nothing changes when this module is imported: `install()` puts the fixes in place, and the project's
Rasa entry point (`python -m bot.rasa_cli`) calls it at start-up. It installs them only on the Rasa version
they were measured and tested against (`TESTED_RASA_VERSION`; on any other it warns and Rasa's own code
runs) and unless `RASA_SPEEDUPS=0`; `rasa` started directly runs without them.
"""
from __future__ import annotations

import copy
import gc
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Set, Text, Tuple, Type

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

logger = logging.getLogger(__name__)

TESTED_RASA_VERSION = "3.6.21"  # the fixes replace private members of this version's classes
SWITCH = "RASA_SPEEDUPS"  # "0" (or false/no/off) keeps Rasa's own code


def _validator(schema: Dict[Text, Any]) -> Validator:
    validator_class = validator_for(schema)  # what jsonschema.validate() picks for the same schema
    validator_class.check_schema(schema)
    return validator_class(schema)


class ActionReplyCheck:
    """Rasa's action-reply schema, checked once per event against the branch its `event` names."""

    def __init__(self, schema: Dict[Text, Any]) -> None:
        self.full = _validator(schema)
        event_schema = schema["properties"]["events"]["items"]
        self.event_common = _validator({k: v for k, v in event_schema.items() if k != "oneOf"})
        self.event_branch = {branch["properties"]["event"]["const"]: _validator(branch)
                             for branch in event_schema["oneOf"]}
        assert len(self.event_branch) == len(event_schema["oneOf"]), "oneOf branches must differ by `event`"
        envelope = copy.deepcopy(schema)
        envelope["properties"]["events"] = {"type": "array"}
        self.envelope = _validator(envelope)

    def is_valid(self, result: Any) -> bool:
        """True only for replies the full schema accepts (an event can match its own branch only)."""
        if not self.envelope.is_valid(result):
            return False
        for event in result.get("events") or ():
            if not self.event_common.is_valid(event):
                return False
            branch = self.event_branch.get(event["event"])
            if branch is None or not branch.is_valid(event):
                return False
        return True

    def validate(self, result: Any) -> None:
        """Raises Rasa's own `ValidationError` for a reply the schema refuses."""
        if not self.is_valid(result):
            self.full.validate(result)


@lru_cache(maxsize=1)
def action_reply_check() -> ActionReplyCheck:
    return ActionReplyCheck(RemoteAction.action_response_format_spec())


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    try:
        action_reply_check().validate(result)
        return True
    except ValidationError as e:  # the same message Rasa gives
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


_event_classes: Dict[Text, Type[Event]] = {}


def _event_class(type_name: Text) -> Optional[Type[Event]]:
    if type_name not in _event_classes:  # first use, or an Event subclass defined since: walk again
        _event_classes.clear()
        for cls in all_subclasses(Event):  # Rasa's order: the first class with the name wins
            _event_classes.setdefault(cls.type_name, cls)
    return _event_classes.get(type_name)


_resolve_by_type_in_rasa = Event.resolve_by_type


def _resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    return _event_class(type_name) or _resolve_by_type_in_rasa(type_name, default)


def freeze_loaded_heap() -> None:
    """Collect once, then keep everything loaded so far out of later collections.

    Frozen objects are still freed when nothing refers to them, but reference cycles among them are not:
    unfreezing first lets a model replaced by an earlier reload (PUT /model) be collected now, so a server
    that reloads models holds at most one stale model, not one per reload."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    logger.debug("gc.freeze(): %d objects no longer walked by the collector", gc.get_freeze_count())


@dataclass(frozen=True)
class _Plan:
    order: Tuple[Tuple[Text, Tuple[Text, ...]], ...]  # (node, the nodes it needs), needed ones first
    nodes: FrozenSet[Text]


def _execution_plan(runner: DaskGraphRunner, targets: Tuple[Text, ...]) -> _Plan:
    plans: Dict[Tuple[Text, ...], _Plan] = runner.__dict__.setdefault("_plans", {})
    if targets not in plans:
        nodes = runner._graph_schema.minimal_graph_schema(list(targets)).nodes
        order: List[Tuple[Text, Tuple[Text, ...]]] = []
        placed: Set[Text] = set()

        def place(name: Text) -> None:
            if name in placed or name not in nodes:
                return
            placed.add(name)
            needs = tuple(nodes[name].needs.values())
            for need in needs:
                place(need)
            order.append((name, needs))

        for name in nodes:
            place(name)
        plans[targets] = _Plan(tuple(order), frozenset(nodes))
    return plans[targets]


def _run_graph_in_order(self: DaskGraphRunner, inputs: Optional[Dict[Text, Any]] = None,
                        targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    run_targets = tuple(targets if targets else self._graph_schema.target_names)
    plan = _execution_plan(self, run_targets)
    results: Dict[Text, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in plan.nodes:
            raise GraphRunError(f"Input value '{value}' clashes with a node name. Make sure that none of the "
                                f"input names passed to the `run` method are the same as node names in the "
                                f"graph schema.")
        results[name] = (name, value)
    try:
        for name, needs in plan.order:
            results[name] = self._instantiated_nodes[name](*(results.get(need, need) for need in needs))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    return dict(results.get(target, target) for target in run_targets)


_run_graph_with_dask = DaskGraphRunner.run  # kept for the tests that compare the two
_load_model_in_rasa = Agent.load_model


def _load_model_then_freeze(self: Agent, *args: Any, **kwargs: Any) -> None:
    _load_model_in_rasa(self, *args, **kwargs)
    freeze_loaded_heap()  # the model is all loaded: keep it out of the collector's passes


@dataclass(frozen=True)
class SpeedUp:
    """One fix: the class attribute it replaces and what replaces it."""
    name: str
    owner: type
    attribute: str
    replacement: Any


SPEED_UPS: Tuple[SpeedUp, ...] = (
    SpeedUp("action-reply schema check", RemoteAction, "_validate_action_result", _validate_action_result),
    SpeedUp("event class table", Event, "resolve_by_type", staticmethod(_resolve_by_type)),
    SpeedUp("gc.freeze after model load", Agent, "load_model", _load_model_then_freeze),
    SpeedUp("planned graph runner", DaskGraphRunner, "run", _run_graph_in_order),
)
_replaced: Dict[SpeedUp, Any] = {}  # what each installed fix replaced, as found in the class


def switched_off(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get(SWITCH, "1").strip().lower() in {"0", "false", "no", "off"}


def install(environ: Mapping[str, str] = os.environ) -> List[str]:
    """Puts the fixes in place (once; calling again changes nothing) and logs which are on; returns their names.

    Nothing is patched on a Rasa version other than the tested one, or when `RASA_SPEEDUPS=0`."""
    if switched_off(environ):
        logger.info("Rasa speed-ups off (%s=%s): Rasa's own code runs.", SWITCH, environ[SWITCH])
        return installed()
    if rasa.__version__ != TESTED_RASA_VERSION:
        logger.warning("Rasa speed-ups not installed: they were tested with Rasa %s, this is Rasa %s; Rasa's own "
                       "code runs.", TESTED_RASA_VERSION, rasa.__version__)
        return installed()
    for speed_up in SPEED_UPS:
        if speed_up not in _replaced:
            _replaced[speed_up] = vars(speed_up.owner)[speed_up.attribute]
            setattr(speed_up.owner, speed_up.attribute, speed_up.replacement)
    logger.info("Rasa speed-ups on (Rasa %s; %s=0 turns them off): %s.", rasa.__version__, SWITCH,
                ", ".join(installed()))
    return installed()


def installed() -> List[str]:
    """The names of the fixes in place."""
    return [speed_up.name for speed_up in SPEED_UPS if speed_up in _replaced]


def uninstall() -> None:
    """Rasa's own code again (for tests that compare the two)."""
    for speed_up, original in list(_replaced.items()):
        setattr(speed_up.owner, speed_up.attribute, original)
        del _replaced[speed_up]
