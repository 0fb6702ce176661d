"""Rasa 3.6 tokenizer for Russian: spaCy's rule-based "ru" tokenizer + pymorphy3
lemmas, so the intent classifier sees "посылку", "посылки", "посылкой" (and "пасылку",
spelt by ear) as one feature "посылка".

No downloadable Russian spaCy model exists here, hence ``spacy.blank("ru")``
(tokenizer only) and pymorphy3 called directly (spaCy's pymorphy3 lemmatizer
does nothing without POS tags).
"""
from __future__ import annotations

import functools
from typing import Any, Dict, List, Optional, Text

import spacy
from spacy.language import Language

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.russian import morphology
from bot.russian.spelling import heard_as


@functools.lru_cache(maxsize=1)
def blank_ru() -> Language:
    """Process-wide blank Russian pipeline (building it costs ~0.5 s)."""
    return spacy.blank("ru")


def _is_word(text: str) -> bool:
    # Drops whitespace, punctuation and symbols like "№"/emoji; keeps "123", "e-mail".
    return any(ch.isalnum() for ch in text)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False
)
class RussianTokenizer(Tokenizer):
    """spaCy "ru" tokens, lower-cased with ё→е, lemma from pymorphy3."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Returns the component's default config (same keys as WhitespaceTokenizer)."""
        return {
            # Flag to check whether to split intents
            "intent_tokenization_flag": False,
            # Symbol on which intent should be split
            "intent_split_symbol": "_",
            # Regular expression to detect tokens
            "token_pattern": None,
            # Symbol on which prefix should be split
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        """Packages needed to run this component."""
        return ["spacy", "pymorphy3"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RussianTokenizer:
        """Creates a new component (see parent class for full docstring)."""
        return cls({**cls.get_default_config(), **config})

    def __init__(self, config: Dict[Text, Any]) -> None:
        """Initialize the tokenizer; warm up the shared spaCy/pymorphy3 objects."""
        super().__init__({**self.get_default_config(), **config})
        blank_ru()
        morphology.analyzer()

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        """Tokenizes the text of the given attribute of the message."""
        text: Optional[Text] = message.get(attribute)
        if not text:
            return [Token("", 0)] if text == "" else []
        tokens = []
        # make_doc = tokenizer only: no pipeline components to run.
        for t in blank_ru().make_doc(text):
            if t.is_space or t.is_punct or not _is_word(t.text):
                continue
            # Lower-casing and ё→е keep the length, so offsets stay valid. A word spelt by ear gets the lemma of
            # the word it was meant as: speech-style text and voice transcripts are full of them.
            word = morphology.yo(t.text.lower())
            tokens.append(Token(word, t.idx, t.idx + len(t.text), lemma=morphology.lemma(heard_as(word))))
        if not tokens:
            # Like WhitespaceTokenizer: only smileys/punctuation → one token of it all.
            stripped = text.strip() or text
            start = text.index(stripped)
            word = morphology.yo(stripped.lower())
            tokens = [Token(word, start, start + len(stripped), lemma=word)]
        return self._apply_token_pattern(tokens)
