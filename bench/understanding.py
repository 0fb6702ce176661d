"""Understanding on the held-out utterances (tests/nlu/heldout.yml and the collected tests/nlu/heldout_public.yml,
never used for training): the figures of `make nlu-eval` (bench.nlu_eval) plus per-group figures, where
out-of-scope messages end up, and both sets as written and in their speech-style form."""
from __future__ import annotations

import asyncio
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List

import numpy as np

from bench.nlu_eval import evaluate_sets, load_examples, predict, report

GROUP_PREFIXES = ("order_", "return_", "autodial_", "bonus_card_", "info_")
TOPIC_FREE = ("out_of_scope", "nlu_fallback")


def group_of(intent: str) -> str:
    for prefix in GROUP_PREFIXES:
        if intent.startswith(prefix):
            return prefix.rstrip("_")
    return "out_of_scope" if intent == "out_of_scope" else "other"


@contextmanager
def _keeping_parses(into: List[Dict[str, Any]]) -> Iterator[None]:
    """Runs bench.nlu_eval.predict unchanged while keeping each full parse result: predict reports the
    classifier's own choice (past a fallback); what the assistant acts on is the final intent."""
    from rasa.core.agent import Agent

    original = Agent.parse_message

    async def parse_and_keep(self: Agent, *args: Any, **kwargs: Any) -> Dict[str, Any]:
        result = await original(self, *args, **kwargs)
        into.append(result)
        return result

    Agent.parse_message = parse_and_keep  # type: ignore[method-assign]
    try:
        yield
    finally:
        Agent.parse_message = original  # type: ignore[method-assign]


def _quiet_structlog() -> None:
    """Rasa 3.6 logs each parse through structlog, which prints at any level unless configured."""
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def evaluate(model: Path) -> Dict[str, Any]:
    _quiet_structlog()
    examples = load_examples()
    texts, gold = [t for t, _ in examples], [g for _, g in examples]
    parses: List[Dict[str, Any]] = []
    with _keeping_parses(parses):
        predicted = asyncio.run(predict(str(model), texts))
    final = [p["intent"]["name"] or "nlu_fallback" for p in parses]
    result: Dict[str, Any] = report(gold, predicted)

    groups: Dict[str, Dict[str, Any]] = {}
    for group in sorted({group_of(g) for g in gold}):
        idx = [i for i, g in enumerate(gold) if group_of(g) == group]
        intents = sorted({gold[i] for i in idx})
        groups[group] = {
            "examples": len(idx), "intents": len(intents),
            "accuracy": sum(predicted[i] == gold[i] for i in idx) / len(idx),
            # macro-F1 over the group's intents (each F1 against the whole held-out set)
            "macro_f1": float(np.mean([result["per_intent"][i]["f1"] for i in intents])),
        }
    result["groups"] = groups

    oos = [i for i, g in enumerate(gold) if g == "out_of_scope"]
    # Routed to a topic: what the assistant acts on (after the FallbackClassifier) is neither
    # out_of_scope nor nlu_fallback. report()'s own figure looks at the classifier's choice only.
    result["out_of_scope_acted_on_as_topic"] = (sum(final[i] not in TOPIC_FREE for i in oos) / len(oos)) if oos else 0.0
    result["fallback_share"] = sum(f == "nlu_fallback" for f in final) / len(final)
    result["gold"], result["predicted"], result["final"] = gold, predicted, final
    # Both held-out sets (the project's and the collected one), written and speech-style.
    result["sets"] = {name: {form: {k: v for k, v in figures.items() if k not in ("errors", "misread")}
                             for form, figures in forms.items()}
                      for name, forms in evaluate_sets(str(model)).items()}
    result["errors"] = [{"text": t, "gold": g, "predicted": p}
                        for t, g, p in zip(texts, gold, predicted) if g != p]
    return result
