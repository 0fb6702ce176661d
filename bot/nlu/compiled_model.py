"""The trained intent pipeline, evaluated with plain dictionaries and numpy.

scikit-learn answers one message through a FeatureUnion (joblib), sparse matrices, input validation and one
sigmoid calibrator call per intent: about 1.4 ms of the Rasa server's CPU per message, a sixth of it. The
arithmetic is small: three TF-IDF vectors of a few dozen non-zero entries, a dot product with the SVM's
weights, a sigmoid per intent. This module reads the fitted parameters out of the pipeline and computes
the same probabilities (equal to scikit-learn's within float rounding; `tests/unit/test_compiled_model.py`
checks it on the held-out set). Training and the saved model stay scikit-learn's.

Reading those parameters relies on scikit-learn's fitted attributes, which a new scikit-learn may rename or
change: `IntentProbabilities` uses the compiled model only while it can be built, agrees with scikit-learn on
probe texts and answers without error; on any failure it warns once and scikit-learn computes from then on.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _TfidfPart:
    """One TfidfVectorizer of the union, with its slice of the SVM's weights."""
    analyzer: Callable[[str], List[str]]
    vocabulary: Dict[str, int]
    idf: np.ndarray
    sublinear_tf: bool
    weights: np.ndarray  # (n_features of this part, n_classes)

    def scores(self, text: str) -> np.ndarray:
        counts = Counter(i for i in map(self.vocabulary.get, self.analyzer(text)) if i is not None)
        if not counts:
            return np.zeros(self.weights.shape[1])
        index = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        value = tf * self.idf[index]
        value /= np.sqrt(value @ value)  # norm="l2"
        return value @ self.weights[index]


class CompiledIntentModel:
    """`predict_proba` of a fitted pipeline: FeatureUnion of TfidfVectorizers → CalibratedClassifierCV
    (ensemble=False, sigmoid) around a linear model with `decision_function`."""

    def __init__(self, pipeline: Pipeline) -> None:
        union, calibrated = (step for _, step in pipeline.steps)
        if not isinstance(union, FeatureUnion) or not isinstance(calibrated, CalibratedClassifierCV):
            raise TypeError("expected FeatureUnion → CalibratedClassifierCV")
        if len(calibrated.calibrated_classifiers_) != 1 or calibrated.method != "sigmoid":
            raise TypeError("expected one sigmoid-calibrated classifier (ensemble=False)")
        member = calibrated.calibrated_classifiers_[0]
        svm = member.base_estimator
        self.classes = np.asarray(calibrated.classes_)
        self.n_classes = len(self.classes)
        if self.n_classes < 3 or list(svm.classes_) != list(calibrated.classes_):
            raise TypeError("expected a multi-class model with classes in the calibrator's order")
        coef = np.asarray(svm.coef_, dtype=np.float64).T  # (n_features, n_classes)
        self.intercept = np.asarray(svm.intercept_, dtype=np.float64)
        self.a = np.array([c.a_ for c in member.calibrators], dtype=np.float64)
        self.b = np.array([c.b_ for c in member.calibrators], dtype=np.float64)
        self.parts: List[_TfidfPart] = []
        start = 0
        for _, vectorizer in union.transformer_list:
            if not isinstance(vectorizer, TfidfVectorizer) or vectorizer.norm != "l2" or not vectorizer.use_idf:
                raise TypeError("expected TfidfVectorizers with idf and l2 norm")
            size = len(vectorizer.vocabulary_)
            self.parts.append(_TfidfPart(vectorizer.build_analyzer(), dict(vectorizer.vocabulary_),
                                         np.asarray(vectorizer.idf_, dtype=np.float64), vectorizer.sublinear_tf,
                                         np.ascontiguousarray(coef[start:start + size])))
            start += size
        if start != coef.shape[0] or union.transformer_weights:
            raise TypeError("the union's features do not match the classifier's weights")

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return np.vstack([self._one(text) for text in texts]) if texts else np.zeros((0, self.n_classes))

    def _one(self, text: str) -> np.ndarray:
        decision = self.intercept + sum(part.scores(text) for part in self.parts)
        proba = expit(-(self.a * decision + self.b))  # each intent's sigmoid calibrator
        total = proba.sum()
        proba = proba / total if total != 0 else np.full(self.n_classes, 1.0 / self.n_classes)
        proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
        return proba


def probe_texts(pipeline: Pipeline, words: int = 12) -> List[str]:
    """A few texts that hit the first vectorizer's vocabulary (and an empty one), to compare the two models on;
    each twice over two lines, so a vectorizer that reads the classifier's second line is probed too."""
    union = pipeline.steps[0][1]
    vocabulary = sorted(union.transformer_list[0][1].vocabulary_)
    probes = (" ".join(vocabulary[i::7][:words]) for i in range(3))
    return ["", *(f"{probe}\n{probe}" for probe in probes)]


class IntentProbabilities:
    """`predict_proba` of a fitted pipeline: the compiled model's while it works, scikit-learn's otherwise."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.compiled: Optional[CompiledIntentModel] = None
        try:
            compiled = CompiledIntentModel(pipeline)
            probes = probe_texts(pipeline)
            if not np.allclose(compiled.predict_proba(probes), pipeline.predict_proba(probes), rtol=0, atol=1e-9):
                raise ValueError("its probabilities differ from scikit-learn's on probe texts")
            self.compiled = compiled
        except Exception as e:  # any failure: scikit-learn's own code is always right
            self._give_up("could not be built", e)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if self.compiled is not None:
            try:
                return self.compiled.predict_proba(texts)
            except Exception as e:
                self._give_up("failed", e)
        return self.pipeline.predict_proba(texts)

    def _give_up(self, what: str, error: Exception) -> None:
        self.compiled = None  # so the warning is logged once
        logger.warning("The compiled intent model %s (%s: %s); scikit-learn computes the intent probabilities.",
                       what, type(error).__name__, error)
