"""bot.nlu.confidence_floors.ConfidenceFloors, followed by Rasa's own FallbackClassifier as in config.yml: a
prank's warning is given only when the classifier is sure of the prank."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest
import yaml

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.confidence_floors import ConfidenceFloors


PIPELINE = yaml.safe_load((Path(__file__).resolve().parents[2] / "config.yml").read_text(encoding="utf-8"))["pipeline"]


def pipeline_config(name: str) -> Dict:
    return next(c for c in PIPELINE if c["name"].endswith(name))


def understood(ranking: List[Tuple[str, float]]) -> Message:
    """What config.yml's floors and fallback make of a classifier's ranking."""
    top = {"name": ranking[0][0], "confidence": ranking[0][1]}
    message = Message({TEXT: "…", INTENT: top,
                       INTENT_RANKING_KEY: [{"name": n, "confidence": c} for n, c in ranking]})
    floors = ConfidenceFloors(pipeline_config("ConfidenceFloors"))
    fallback = FallbackClassifier({**FallbackClassifier.get_default_config(),
                                   **pipeline_config("FallbackClassifier")})
    return fallback.process(floors.process([message]))[0]


def names(message: Message) -> List[str]:
    return [r["name"] for r in message.get(INTENT_RANKING_KEY)]


def test_it_is_registered_and_configured_for_pranks() -> None:
    assert DefaultV1Recipe._from_registry(ConfidenceFloors.__name__).clazz is ConfidenceFloors
    assert pipeline_config("ConfidenceFloors")["floors"] == {"hooligan": 0.55}


def test_a_sure_prank_is_a_prank() -> None:
    message = understood([("hooligan", 0.72), ("out_of_scope", 0.1)])
    assert message.get(INTENT)["name"] == "hooligan"
    assert names(message) == ["hooligan", "out_of_scope"]


def test_an_unsure_prank_gives_way_to_the_next_intent_when_that_one_is_sure_enough() -> None:
    message = understood([("hooligan", 0.46), ("autodial_who_called", 0.38), ("greet", 0.05)])
    assert message.get(INTENT) == {"name": "autodial_who_called", "confidence": 0.38}
    assert names(message) == ["autodial_who_called", "greet"]


def test_an_unsure_prank_with_nothing_sure_behind_it_is_asked_again() -> None:
    message = understood([("hooligan", 0.46), ("autodial_who_called", 0.2), ("greet", 0.05)])
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert "hooligan" not in names(message)  # nothing after the fallback may pick it again
    assert names(message)[1] == "autodial_who_called"


def test_a_prank_below_the_fallback_is_not_left_in_the_ranking() -> None:
    message = understood([("hooligan", 0.3), ("goodbye", 0.25)])
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert names(message) == ["nlu_fallback", "goodbye"]


def test_other_intents_are_untouched_whatever_their_confidence() -> None:
    message = understood([("order_status", 0.4), ("hooligan", 0.2)])
    assert message.get(INTENT) == {"name": "order_status", "confidence": 0.4}
    assert names(message) == ["order_status"]


@pytest.mark.parametrize("config", [{}, {"floors": None}, {"floors": {}}])
def test_without_floors_nothing_changes(config: Dict) -> None:
    ranking = [{"name": "hooligan", "confidence": 0.4}]
    message = Message({TEXT: "…", INTENT: dict(ranking[0]), INTENT_RANKING_KEY: list(ranking)})
    ConfidenceFloors(config).process([message])
    assert message.get(INTENT) == {"name": "hooligan", "confidence": 0.4}


def test_a_message_without_an_intent_is_left_alone() -> None:
    message = Message({TEXT: "…"})
    ConfidenceFloors({"floors": {"hooligan": 0.55}}).process([message])
    assert message.get(INTENT) is None
