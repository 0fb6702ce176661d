"""Understanding on the held-out utterances (tests/nlu/heldout.yml and the collected tests/nlu/heldout_public.yml,
never used for training): the figures of `make nlu-eval` (bench.nlu_eval) plus per-group figures, where
out-of-scope messages end up, and both sets as written and in their speech-style form."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict

import numpy as np

from bench.nlu_eval import PER_MESSAGE, TOPIC_FREE, classifier_choice, evaluate_sets, load_agent, load_examples, parse_all, report

GROUP_PREFIXES = ("order_", "return_", "autodial_", "bonus_card_", "info_")


def group_of(intent: str) -> str:
    for prefix in GROUP_PREFIXES:
        if intent.startswith(prefix):
            return prefix.rstrip("_")
    return "out_of_scope" if intent == "out_of_scope" else "other"


def _quiet_structlog() -> None:
    """Rasa 3.6 logs each parse through structlog, which prints at any level unless configured."""
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def evaluate(model: Path) -> Dict[str, Any]:
    _quiet_structlog()
    examples = load_examples()
    texts, gold = [t for t, _ in examples], [g for _, g in examples]
    agent = load_agent(str(model))
    parses = asyncio.run(parse_all(agent, texts))
    # the classifier's own choice (past a fallback) for the per-intent figures; what the assistant acts on is the final
    predicted = [classifier_choice(p) for p in parses]
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
    result["sets"] = {name: {form: {k: v for k, v in figures.items() if k not in PER_MESSAGE}
                             for form, figures in forms.items()}
                      for name, forms in evaluate_sets(agent).items()}
    result["errors"] = [{"text": t, "gold": g, "predicted": p}
                        for t, g, p in zip(texts, gold, predicted) if g != p]
    return result
