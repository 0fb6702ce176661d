"""The compiled intent model gives scikit-learn's probabilities for the project's own trained pipeline, and the
classifier falls back to scikit-learn whenever the compiled model fails."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from bot.nlu import compiled_model
from bot.nlu.compiled_model import CompiledIntentModel, IntentProbabilities
from bot.nlu.intent_classifier import RussianIntentClassifier
from bench.nlu_eval import load_examples

ROOT = Path(__file__).resolve().parents[2]


def _as_read(text: str) -> str:
    """The classifier reads lemmas and the words as written on two lines; the lower-cased text stands for both."""
    return f"{text.lower()}\n{text.lower()}"


def _message(text: str):
    from rasa.shared.nlu.training_data.message import Message

    return Message(data={"text": text})


@pytest.fixture(scope="module")
def trained():
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(ROOT / "data" / "nlu"))
    texts = [_as_read(m.get("text")) for m in data.intent_examples]
    labels = [m.get("intent") for m in data.intent_examples]
    classes = sorted(set(labels))
    y = np.array([classes.index(label) for label in labels])
    pipeline = RussianIntentClassifier({}, None, None)._new_pipeline().fit(texts, y)
    return pipeline, CompiledIntentModel(pipeline)


def test_same_probabilities_as_scikit_learn_on_the_heldout_set(trained):
    pipeline, compiled = trained
    texts = [_as_read(text) for text, _ in load_examples()]
    expected = pipeline.predict_proba(texts)
    got = compiled.predict_proba(texts)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).all()


@pytest.mark.parametrize("text", ["", "   ", "qqqzzzxxx", "☺☺☺", "посылка " * 500, "посылка\nпосылку", "\n\n"])
def test_odd_texts_as_scikit_learn(trained, text):
    pipeline, compiled = trained
    np.testing.assert_allclose(compiled.predict_proba([text]), pipeline.predict_proba([text]), rtol=0, atol=1e-9)


def test_no_texts(trained):
    assert trained[1].predict_proba([]).shape == (0, len(trained[0].classes_))


def _ranking_from(probabilities: np.ndarray, names):
    return [(names[i], pytest.approx(float(probabilities[i]), abs=1e-12)) for i in np.argsort(-probabilities)[:10]]


def _answers_with_scikit_learn(classifier: RussianIntentClassifier, pipeline, names, texts) -> None:
    for text, expected in zip(texts, pipeline.predict_proba([_as_read(text) for text in texts])):
        ranking = classifier.process([_message(text)])[0].get("intent_ranking")
        assert [(r["name"], r["confidence"]) for r in ranking] == _ranking_from(expected, names)


def test_a_pipeline_it_does_not_know_falls_back_to_scikit_learn(trained, caplog):
    pipeline, _ = trained
    from sklearn.base import clone
    from sklearn.pipeline import make_pipeline

    other = make_pipeline(clone(pipeline.steps[0][1]), CalibratedClassifierCV(LinearSVC(), cv=2, ensemble=True))
    texts = ["где моя посылка", "хочу вернуть товар", "здравствуйте", "как оформить возврат денег"] * 3
    other.fit([_as_read(text) for text in texts], [0, 1, 2, 3] * 3)
    with pytest.raises(TypeError):
        CompiledIntentModel(other)
    classifier = RussianIntentClassifier({}, None, None, other, ["a", "b", "c", "d"])
    assert classifier._predict_proba.compiled is None
    assert "could not be built (TypeError" in caplog.text
    _answers_with_scikit_learn(classifier, other, "abcd", ["где моя посылка", "здравствуйте"])


QUESTIONS = ["где моя посылка", "хочу вернуть деньги", "Здравствуйте!", "qqqzzz"]


def test_the_compiled_model_answers_when_it_works(trained, caplog):
    pipeline, _ = trained
    probabilities = IntentProbabilities(pipeline)
    assert probabilities.compiled is not None and not caplog.records
    np.testing.assert_allclose(probabilities(QUESTIONS), pipeline.predict_proba(QUESTIONS), rtol=0, atol=1e-9)


@pytest.mark.parametrize("error", [RuntimeError("boom"), ValueError("bad shape"), AttributeError("base_estimator")])
def test_a_compiled_model_that_cannot_be_built_falls_back_to_scikit_learn(trained, monkeypatch, caplog, error):
    pipeline, _ = trained

    def broken_build(self, pipeline):
        raise error

    monkeypatch.setattr(CompiledIntentModel, "__init__", broken_build)
    names = [f"intent_{i}" for i in range(len(pipeline.classes_))]
    classifier = RussianIntentClassifier({}, None, None, pipeline, names)
    _answers_with_scikit_learn(classifier, pipeline, names, QUESTIONS)
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert type(error).__name__ in caplog.text


@pytest.mark.parametrize("error", [RuntimeError("boom"), ValueError("bad shape"), IndexError("index 9 is out of bounds")])
def test_a_compiled_model_that_fails_to_predict_falls_back_to_scikit_learn_and_warns_once(trained, monkeypatch,
                                                                                          caplog, error):
    pipeline, _ = trained
    names = [f"intent_{i}" for i in range(len(pipeline.classes_))]
    classifier = RussianIntentClassifier({}, None, None, pipeline, names)
    assert classifier._predict_proba.compiled is not None
    calls = []

    def broken_predict(self, texts):
        calls.append(texts)
        raise error

    monkeypatch.setattr(CompiledIntentModel, "predict_proba", broken_predict)
    _answers_with_scikit_learn(classifier, pipeline, names, QUESTIONS)
    assert len(calls) == 1  # tried once, then scikit-learn from then on
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "failed" in caplog.text and str(error) in caplog.text


def test_a_compiled_model_that_disagrees_with_scikit_learn_is_not_used(trained, monkeypatch, caplog):
    pipeline, _ = trained
    one = CompiledIntentModel._one
    monkeypatch.setattr(CompiledIntentModel, "_one", lambda self, text: np.roll(one(self, text), 1))
    probabilities = IntentProbabilities(pipeline)
    assert probabilities.compiled is None
    assert "differ from scikit-learn's" in caplog.text
    np.testing.assert_array_equal(probabilities(QUESTIONS), pipeline.predict_proba(QUESTIONS))


def test_the_probe_texts_reach_the_vocabulary(trained):
    pipeline, compiled = trained
    probes = compiled_model.probe_texts(pipeline)
    assert probes[0] == "" and len(probes) > 1
    assert all(any(part.scores(text).any() for part in compiled.parts) for text in probes[1:])
    # every vectorizer, the one reading the words as written too, is compared on some probe
    assert all(any(part.scores(text).any() for text in probes[1:]) for part in compiled.parts)


def test_the_classifier_names_the_intents_of_the_probability_columns(trained):
    pipeline, _ = trained
    names = [f"intent_{i}" for i in range(len(pipeline.classes_))]
    classifier = RussianIntentClassifier({"ranking_length": 3}, None, None, pipeline, names)
    message = classifier.process([_message("где моя посылка")])[0]
    expected = pipeline.predict_proba([_as_read("где моя посылка")])[0]
    ranking = message.get("intent_ranking")
    assert [r["name"] for r in ranking] == [names[i] for i in np.argsort(-expected)[:3]]
    assert message.get("intent") == ranking[0]
