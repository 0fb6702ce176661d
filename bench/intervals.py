"""How sure a held-out figure is: bootstrap 95% intervals for in-domain macro-F1 and the share of out-of-domain
messages acted on, alone and as the difference between two models on the same messages (paired).

A collected round has 120–400 in-domain messages over 25–28 intents, several with one to three messages, so one
message can move its macro-F1 by several points; the interval says how far a figure or a difference is from
noise before a round of training data is kept or dropped on it. Resampling is of whole messages, vectorised
(every resample's counts at once), and seeded, so a figure prints the same every run.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import numpy as np

TOPIC_FREE = ("out_of_scope", "nlu_fallback")  # what the assistant does not act on as one of its topics
ROUNDS = 2000
LEVEL = 0.95
# How an interval's [low, high] prints, of a macro-F1 and of a share: SPAN.format(bounds)
SPAN = "{0[0]:.3f}–{0[1]:.3f}"
SHARE_SPAN = "{0[0]:.1%}–{0[1]:.1%}"


@dataclass(frozen=True)
class Predictions:
    """One model's reading of a set: the classifier's choice (scored per intent) and the final intent (acted on)."""

    chosen: Sequence[str]
    final: Sequence[str]


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float


def _resample_counts(n: int, rounds: int, seed: int) -> np.ndarray:
    """rounds × n: how many times each message is drawn in each resample (the first row is the set itself)."""
    rng = np.random.default_rng(seed)
    counts = np.empty((rounds + 1, n), dtype=np.float32)
    counts[0] = 1.0
    counts[1:] = rng.multinomial(n, np.full(n, 1.0 / n), size=rounds)
    return counts


def _macro_f1(gold: Sequence[str], chosen: Sequence[str], counts: np.ndarray) -> np.ndarray:
    """In-domain macro-F1 of each resample, over the in-domain intents drawn into it (as bench.nlu_eval scores
    a set: over the intents its gold labels hold)."""
    labels = sorted({g for g in gold if g != "out_of_scope"})
    index = {label: i for i, label in enumerate(labels)}
    gold_hot = np.zeros((len(gold), len(labels)), dtype=np.float32)
    chosen_hot = np.zeros_like(gold_hot)
    for row, (g, c) in enumerate(zip(gold, chosen)):
        if g in index:
            gold_hot[row, index[g]] = 1.0
        if c in index:
            chosen_hot[row, index[c]] = 1.0
    support = counts @ gold_hot
    predicted = counts @ chosen_hot
    hits = counts @ (gold_hot * chosen_hot)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(support + predicted > 0, 2 * hits / (support + predicted), 0.0)
    present = support > 0
    return (f1 * present).sum(axis=1) / np.maximum(present.sum(axis=1), 1)


def _acted_on(gold: Sequence[str], final: Sequence[str], counts: np.ndarray) -> np.ndarray:
    ood = np.array([g == "out_of_scope" for g in gold], dtype=np.float32)
    acted = np.array([g == "out_of_scope" and f not in TOPIC_FREE for g, f in zip(gold, final)], dtype=np.float32)
    return (counts @ acted) / np.maximum(counts @ ood, 1.0)


def _interval(values: np.ndarray) -> Interval:
    tail = (1 - LEVEL) / 2 * 100
    low, high = np.percentile(values[1:], [tail, 100 - tail])
    return Interval(float(values[0]), float(low), float(high))


def figure_intervals(gold: Sequence[str], model: Predictions, rounds: int = ROUNDS,
                     seed: int = 0) -> Tuple[Interval, Optional[Interval]]:
    """In-domain macro-F1 and the share of out-of-domain messages acted on (None without any), with intervals."""
    counts = _resample_counts(len(gold), rounds, seed)
    f1 = _interval(_macro_f1(gold, model.chosen, counts))
    has_ood = "out_of_scope" in gold
    return f1, _interval(_acted_on(gold, model.final, counts)) if has_ood else None


def difference_intervals(gold: Sequence[str], before: Predictions, after: Predictions, rounds: int = ROUNDS,
                         seed: int = 0) -> Tuple[Interval, Optional[Interval]]:
    """after − before on the same resamples (paired): in-domain macro-F1 and the share acted on."""
    counts = _resample_counts(len(gold), rounds, seed)
    f1 = _interval(_macro_f1(gold, after.chosen, counts) - _macro_f1(gold, before.chosen, counts))
    if "out_of_scope" not in gold:
        return f1, None
    return f1, _interval(_acted_on(gold, after.final, counts) - _acted_on(gold, before.final, counts))

