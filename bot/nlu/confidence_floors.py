"""The ``ConfidenceFloors`` Rasa 3.6 component: an intent whose answer has consequences needs a surer classifier.

``hooligan`` answers with the script's warning of criminal liability and ends the conversation the second time.
Said to a customer who only asked «зачем вы мне звоните», that is the worst answer the assistant can give; a
prankster who is asked to rephrase instead loses nothing. On the training data's out-of-fold predictions
(5-fold), fewer than half of the messages taken for a prank below 0.55 were pranks (5 of 13), most above it were
(54 of 69): below its floor such an intent is no candidate at all. It leaves the ranking, the next intent takes
its place, and the FallbackClassifier after this component asks again when that one is unsure too.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

logger = logging.getLogger(__name__)

NO_INTENT = {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ConfidenceFloors(GraphComponent, IntentClassifier):
    """Drops an intent from the ranking when its confidence is below its floor (``floors``: intent → floor)."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"floors": {}}  # config.yml sets them

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ConfidenceFloors":
        return cls(config)

    def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
        floors = {**self.get_default_config(), **(config or {})}["floors"] or {}
        self.floors: Dict[Text, float] = {str(name): float(floor) for name, floor in floors.items()}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._apply(message)
        return messages

    def _below_floor(self, candidate: Dict[Text, Any]) -> bool:
        floor = self.floors.get(candidate.get(INTENT_NAME_KEY))
        return floor is not None and (candidate.get(PREDICTED_CONFIDENCE_KEY) or 0.0) < floor

    def _apply(self, message: Message) -> None:
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if isinstance(r, dict)]
        kept = [r for r in ranking if not self._below_floor(r)]
        intent = message.get(INTENT)
        if isinstance(intent, dict) and self._below_floor(intent):
            logger.debug("ConfidenceFloors: %s at %.2f is below its floor", intent.get(INTENT_NAME_KEY),
                         intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            message.set(INTENT, dict(kept[0]) if kept else dict(NO_INTENT), add_to_output=True)
        if len(kept) < len(ranking):
            message.set(INTENT_RANKING_KEY, kept, add_to_output=True)
