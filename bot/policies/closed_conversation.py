"""A conversation closed by the assistant (profanity after a warning, seed 001) stays closed.

Rasa's rules cannot say «whatever the customer writes»; this policy can. While the slot is set it
answers every message with the short closed-conversation reply and nothing else, until the customer
restarts (`/restart`, or a new session).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

RESTART_INTENTS = frozenset({"restart", "session_start"})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class ClosedConversationPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Above RulePolicy (6): a closed conversation ignores every rule.
        return {"priority": 7, "slot": "conversation_closed", "action": "utter_conversation_closed"}

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if tracker.get_slot(self.config["slot"]) and tracker.latest_message.intent.get("name") not in RESTART_INTENTS:
            # The customer spoke: the short reply; anything else (the closing phrase included): listen.
            reply = self.config["action"] if tracker.latest_action_name == ACTION_LISTEN_NAME else ACTION_LISTEN_NAME
            probabilities[domain.index_for_action(reply)] = 1.0
        return self._prediction(probabilities)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "ClosedConversationPolicy":
        return cls(config, model_storage, resource, execution_context)
