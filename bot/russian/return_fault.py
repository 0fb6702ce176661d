"""Whether a customer's returns («Возвратник») were their own fault, decided by a small classifier learnt from
labelled answers to «по каким причинам Вы не выкупали заказы?».

A dedicated model rather than intents of the main classifier: the answers are stories («лежала в
больнице», «курьер не приехал», «не было денег») that share their words with the topics (order changes,
returns, money), so as intents they would blur the topics; here they only ever meet this one question.
TF-IDF of lemma 1–2-grams and of character 2–5-grams of the lemmas (typos, word forms pymorphy3
guesses), logistic regression. Built once per process from data/classifiers/return_fault.yml (about
140 examples: a few milliseconds) and kept.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from bot.russian.morphology import iter_words, lemma

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "classifiers" / "return_fault.yml"
CUSTOMERS_FAULT = "customers_fault"
NOT_CUSTOMERS_FAULT = "not_customers_fault"
LABELS = (NOT_CUSTOMERS_FAULT, CUSTOMERS_FAULT)
# Refusing a customer who was not at fault loses them; sending a returner to an operator only costs the
# operator a question: the fault must be the more probable reading by a margin.
FAULT_THRESHOLD = 0.55


def lemma_text(text: str) -> str:
    """The answer as lemmas: «лежала в больнице» and «лежал в больнице» are the same answer."""
    return " ".join(lemma(word) for _, _, word in iter_words(text))


def load_examples(path: Path = EXAMPLES) -> List[Tuple[str, str]]:
    """(text, label) pairs of a labelled YAML: a list of answers under each label."""
    raw: Dict[str, List[str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = set(raw) - set(LABELS)
    if unknown:
        raise ValueError(f"{path}: unknown labels {sorted(unknown)}")
    return [(str(text), label) for label in LABELS for text in raw.get(label) or []]


def train(examples: List[Tuple[str, str]]) -> Pipeline:
    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )
    model = make_pipeline(features, LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000))
    model.fit([lemma_text(text) for text, _ in examples], [label for _, label in examples])
    return model


@lru_cache(maxsize=1)
def _model() -> Pipeline:
    return train(load_examples())


def fault_probability(answer: str, model: Pipeline = None) -> float:
    """How likely the answer says the returns were the customer's own doing (0…1)."""
    model = model or _model()
    probabilities = model.predict_proba([lemma_text(answer)])[0]
    return float(probabilities[list(model.classes_).index(CUSTOMERS_FAULT)])


def customers_fault(answer: str, model: Pipeline = None) -> bool:
    """True when the customer's reasons were their own (the company stops working with them)."""
    return fault_probability(answer, model) >= FAULT_THRESHOLD
