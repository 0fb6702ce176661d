"""The compiled intent model gives scikit-learn's probabilities for the project's own trained pipeline."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from bot.nlu.compiled_model import CompiledIntentModel
from bot.nlu.intent_classifier import RussianIntentClassifier
from bench.nlu_eval import load_examples

ROOT = Path(__file__).resolve().parents[2]


def _message(text: str):
    from rasa.shared.nlu.training_data.message import Message

    return Message(data={"text": text})


@pytest.fixture(scope="module")
def trained():
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(ROOT / "data" / "nlu"))
    texts = [m.get("text").lower() for m in data.intent_examples]
    labels = [m.get("intent") for m in data.intent_examples]
    classes = sorted(set(labels))
    y = np.array([classes.index(label) for label in labels])
    pipeline = RussianIntentClassifier({}, None, None)._new_pipeline().fit(texts, y)
    return pipeline, CompiledIntentModel(pipeline)


def test_same_probabilities_as_scikit_learn_on_the_heldout_set(trained):
    pipeline, compiled = trained
    texts = [text.lower() for text, _ in load_examples()]
    expected = pipeline.predict_proba(texts)
    got = compiled.predict_proba(texts)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).all()


@pytest.mark.parametrize("text", ["", "   ", "qqqzzzxxx", "☺☺☺", "посылка " * 500])
def test_odd_texts_as_scikit_learn(trained, text):
    pipeline, compiled = trained
    np.testing.assert_allclose(compiled.predict_proba([text]), pipeline.predict_proba([text]), rtol=0, atol=1e-9)


def test_no_texts(trained):
    assert trained[1].predict_proba([]).shape == (0, len(trained[0].classes_))


def test_a_pipeline_it_does_not_know_falls_back_to_scikit_learn(trained):
    pipeline, _ = trained
    from sklearn.base import clone
    from sklearn.pipeline import make_pipeline

    other = make_pipeline(clone(pipeline.steps[0][1]), CalibratedClassifierCV(LinearSVC(), cv=2, ensemble=True))
    texts = ["где моя посылка", "хочу вернуть товар", "здравствуйте", "как оформить возврат денег"] * 3
    other.fit(texts, [0, 1, 2, 3] * 3)
    with pytest.raises(TypeError):
        CompiledIntentModel(other)
    classifier = RussianIntentClassifier({}, None, None, other, ["a", "b", "c", "d"])
    assert classifier._predict_proba == other.predict_proba  # scikit-learn answers
    got = classifier.process([_message("где моя посылка")])[0].get("intent")
    assert got["name"] in "abcd" and 0 < got["confidence"] <= 1


def test_the_classifier_names_the_intents_of_the_probability_columns(trained):
    pipeline, _ = trained
    names = [f"intent_{i}" for i in range(len(pipeline.classes_))]
    classifier = RussianIntentClassifier({"ranking_length": 3}, None, None, pipeline, names)
    message = classifier.process([_message("где моя посылка")])[0]
    expected = pipeline.predict_proba(["где моя посылка"])[0]
    ranking = message.get("intent_ranking")
    assert [r["name"] for r in ranking] == [names[i] for i in np.argsort(-expected)[:3]]
    assert message.get("intent") == ranking[0]
