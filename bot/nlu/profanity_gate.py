"""The ``ProfanityGate`` Rasa 3.6 component: makes the ``profanity`` intent agree with the detector."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.russian.profanity import is_profane

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class ProfanityGate(GraphComponent, IntentClassifier):
    """Makes the ``profanity`` intent agree with :func:`is_profane`.

    Goes after the intent classifier.  Profane text → intent ``profanity`` (confidence
    1.0, put first in the ranking).  Clean text the classifier called ``profanity`` → the
    next-best other intent of the ranking (or ``nlu_fallback`` when that one is below
    ``fallback_threshold``, or when there is none).
    """

    @classmethod
    def required_components(cls) -> List[type]:
        """Needs an intent classifier before it."""
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """``intent``: the profanity intent's name; ``fallback_threshold``: a demoted
        message whose next-best intent is below it gets ``nlu_fallback`` (0 = never)."""
        return {"intent": "profanity", "fallback_threshold": 0.0}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ProfanityGate:
        """Creates a new component (see parent class for full docstring)."""
        return cls(config)

    def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
        """Merges ``config`` into the defaults."""
        self.component_config = {**self.get_default_config(), **(config or {})}
        self.intent_name: Text = str(self.component_config["intent"])
        try:
            self.fallback_threshold = float(self.component_config["fallback_threshold"] or 0.0)
        except (TypeError, ValueError):
            self.fallback_threshold = 0.0

    def process(self, messages: List[Message]) -> List[Message]:
        """Overrides the intent where the classifier and the detector disagree."""
        for message in messages:
            try:
                self._process_one(message)
            except Exception:  # noqa: BLE001 - a user message must never crash NLU
                logger.exception("ProfanityGate failed on a message; left as it was")
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT)
        intent = message.get(INTENT) or {}
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if isinstance(r, dict)]
        name = intent.get(INTENT_NAME_KEY) if isinstance(intent, dict) else None

        if is_profane(text):
            top = {INTENT_NAME_KEY: self.intent_name, PREDICTED_CONFIDENCE_KEY: 1.0}
            rest = [
                r for r in ranking
                if r.get(INTENT_NAME_KEY) not in (self.intent_name, DEFAULT_NLU_FALLBACK_INTENT_NAME)
            ]
            message.set(INTENT, top, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [dict(top)] + rest, add_to_output=True)
            logger.debug("ProfanityGate: profane text, intent set to %s", self.intent_name)
            return

        if name != self.intent_name:
            return
        rest = [r for r in ranking if r.get(INTENT_NAME_KEY) != self.intent_name]
        candidates = [r for r in rest if r.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME]
        best = candidates[0] if candidates else None
        if best is None or (best.get(PREDICTED_CONFIDENCE_KEY) or 0.0) < self.fallback_threshold:
            fallback = {
                INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                PREDICTED_CONFIDENCE_KEY: self.fallback_threshold,
            }
            message.set(INTENT, fallback, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [dict(fallback)] + [r for r in rest if r.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME],
                add_to_output=True,
            )
        else:
            message.set(INTENT, dict(best), add_to_output=True)
            message.set(INTENT_RANKING_KEY, rest, add_to_output=True)
        logger.debug("ProfanityGate: clean text, %s replaced by %s", self.intent_name,
                     message.get(INTENT, {}).get(INTENT_NAME_KEY))
