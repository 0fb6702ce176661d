"""Intent guards: facts in the text overrule the classifier where the classifier cannot know better.

A rating is a single number from 1 to 5 (or its word); «89161234567» looks like digits to a classifier
trained on «5», but a phone or an order number is data, so such a message becomes `inform`. Whether a
short number is a rating at all depends on what was asked: the conversation decides that
(actions/discipline.py ActionStoreRating), not the NLU.
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

from bot.russian.clauses import (has_two_clauses, only_announces_a_question, only_fillers, opens_with_no,
                                 opens_with_yes, says_nothing_known)
from bot.russian.marketplaces import names_another_marketplace
from bot.russian.other_businesses import names_another_business
from bot.russian.ratings import only_a_rating

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
    """Before the fallback: a number that is data is not a rating, a number 1–5 alone («один», «пятёрочка») is
    one whatever its word resembles, and a question about another marketplace's
    order («как отменить заказ на Ozon») or another kind of business («когда вернут деньги за лечение»)
    is not one of the company's topics, whatever its words resemble."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DataIntentGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            text = message.get(TEXT) or ""
            if intent not in ("rate", "profanity") and only_a_rating(text):
                overrule_intent(message, "rate", intent or "rate")
            elif intent == "rate":
                has_data = any(e.get("entity") in DATA_ENTITIES for e in message.get(ENTITIES) or [])
                if has_data or _LONG_NUMBER.search(text):
                    overrule_intent(message, "inform", "rate")
            elif intent and intent not in NOT_TOPICS and (names_another_marketplace(text)
                                                          or names_another_business(text)):
                overrule_intent(message, "out_of_scope", intent)
        return messages


# Intents that are not a question about the company's topics.
NOT_TOPICS = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "inform", "repeat", "bot_challenge",
                        "out_of_scope", "profanity", "complaint", "rate", "nlu_fallback", "ask_bot_name",
                        "personal_question"})
COMPOUND_MIN = 0.2


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class AmbiguityResolver(GraphComponent):
    """After FallbackClassifier: some «unclear» messages are clear to a reader.

    - «да, может быть муж»: an answer that starts with «да»/«нет» is a yes/no answer when the classifier
      itself ranks affirm/deny among its top three.
    - «где моя посылка и дайте номер почты»: two questions split the classifier's confidence; the message
      is not unclear, so the first is taken and the second stays in the ranking (answered in passing).
    """

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "AmbiguityResolver":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if (message.get(INTENT) or {}).get("name") != "nlu_fallback":
                continue
            text = message.get(TEXT) or ""
            real = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != "nlu_fallback"]
            top3 = {r.get("name") for r in real[:3]}
            if opens_with_yes(text) and "affirm" in top3:
                overrule_intent(message, "affirm", "nlu_fallback")
            elif opens_with_no(text) and "deny" in top3:
                overrule_intent(message, "deny", "nlu_fallback")
            elif (len(real) >= 2 and has_two_clauses(text)
                  and all(r.get("name") not in NOT_TOPICS and r.get("confidence", 0) >= COMPOUND_MIN for r in real[:2])):
                message.set(INTENT, real[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, real, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class NothingSaidGuard(GraphComponent):
    """After FallbackClassifier: a message that says nothing is not understood, whatever the classifier chose.

    - Only hesitation sounds («ну», «эээ», «хм…»): on the phone they come before the answer, and «ну» must not
      end the call as a goodbye.
    - No dictionary word but interjections («лалала», «аваыв», a transcript of noise) taken for out_of_scope:
      the customer is asked again rather than told «по этому вопросу я не смогу помочь», and two such
      messages lead on as any two misunderstandings do.
    - Only a question announced («есть вопрос», «у меня вопросик»): the customer is asked what it is about,
      not greeted or, worse, said goodbye to because «вопросов больше нет» is a farewell.
    """

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "NothingSaidGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            if intent in ("nlu_fallback", "profanity"):
                continue
            text = message.get(TEXT) or ""
            if (only_fillers(text) or only_announces_a_question(text)
                    or (intent == "out_of_scope" and says_nothing_known(text))):
                overrule_intent(message, "nlu_fallback", overruled="nlu_fallback")  # the classifier's ranking stays
        return messages
