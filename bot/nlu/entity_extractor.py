"""Rasa 3.6 entity extractor for rule-based Russian entities: ``phone``
(+7XXXXXXXXXX), ``order_number`` (digits), ``person`` (span text) and ``city``
(``city_key`` form).  Needs no training; never raises on user input, because
one bad message must not take the whole NLU pipeline down.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.russian import morphology
from bot.russian.entities import FINDERS

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class RussianEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Extracts phone / order_number / person / city with the bot.russian finders."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Which entity types to extract (all by default)."""
        return {"entities": list(FINDERS)}

    @staticmethod
    def required_packages() -> List[Text]:
        """Packages needed to run this component."""
        return ["pymorphy3", "phonenumbers", "rapidfuzz"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RussianEntityExtractor:
        """Creates a new component (see parent class for full docstring)."""
        return cls(config)

    def __init__(self, config: Dict[Text, Any]) -> None:
        """Keeps only known entity types from the config; warms up pymorphy3."""
        self._config = {**self.get_default_config(), **config}
        self.entity_types = [e for e in self._config["entities"] if e in FINDERS]
        morphology.analyzer()

    def extract(self, text: Text) -> List[Dict[Text, Any]]:
        """Entities found in ``text``; a failing finder is logged and skipped."""
        if not isinstance(text, str) or not text.strip():
            return []
        entities: List[Dict[Text, Any]] = []
        for entity_type in self.entity_types:
            try:
                matches = list(FINDERS[entity_type](text))
            except Exception:  # noqa: BLE001 - a user message must never crash NLU
                logger.exception("%s failed on a message of %d chars", entity_type, len(text))
                continue
            for m in matches:
                entities.append(
                    {
                        ENTITY_ATTRIBUTE_TYPE: entity_type,
                        ENTITY_ATTRIBUTE_START: m.start,
                        ENTITY_ATTRIBUTE_END: m.end,
                        ENTITY_ATTRIBUTE_VALUE: m.value,
                    }
                )
        return self.add_extractor_name(entities)

    def process(self, messages: List[Message]) -> List[Message]:
        """Appends our entities to those other extractors already set."""
        for message in messages:
            found = self.extract(message.get(TEXT))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
