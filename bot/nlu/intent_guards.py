"""Intent guards: facts in the text overrule the classifier where the classifier cannot know better.

A rating is a single number from 1 to 5 (or its word); «89161234567» looks like digits to a classifier
trained on «5», but a phone or an order number is data, so such a message becomes `inform`.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

DATA_ENTITIES = frozenset({"phone", "order_number"})
_LONG_NUMBER = re.compile(r"\d[\d\s()+-]{5,}\d")


def overrule_intent(message: Message, name: Text, overruled: Text) -> None:
    """A fact in the text decides: `name` gets full confidence and `overruled` leaves the ranking."""
    ranking: List[Dict[Text, Any]] = message.get(INTENT_RANKING_KEY) or []
    intent = {"name": name, "confidence": 1.0}
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent] + [r for r in ranking if r.get("name") not in (name, overruled)],
                add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DataIntentGuard(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DataIntentGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            if intent != "rate":
                continue
            has_data = any(e.get("entity") in DATA_ENTITIES for e in message.get(ENTITIES) or [])
            if has_data or _LONG_NUMBER.search(message.get(TEXT) or ""):
                overrule_intent(message, "inform", "rate")
        return messages
