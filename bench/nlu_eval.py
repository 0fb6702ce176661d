"""NLU evaluation on held-out utterances (tests/nlu/heldout.yml, never used for training).

Prints accuracy and macro-F1 overall and per intent; with --floor, exits non-zero when macro-F1 drops
below it (the understanding regression guard of `make test`).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Dict, List, Tuple

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

HELDOUT = Path(__file__).resolve().parents[1] / "tests" / "nlu" / "heldout.yml"


def load_examples(path: Path = HELDOUT) -> List[Tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


async def predict(model: str, texts: List[str]) -> List[str]:
    import logging

    from rasa.core.agent import Agent

    logging.disable(logging.INFO)  # per-message debug lines would bury the report

    agent = Agent.load(model)
    predicted = []
    for text in texts:
        result = await agent.parse_message(text)
        # The classifier's own choice (the first real intent, past a fallback), for per-intent figures.
        ranking = [r["name"] for r in result.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
        predicted.append(ranking[0] if ranking else (result["intent"]["name"] or "nlu_fallback"))
    return predicted


def report(gold: List[str], predicted: List[str]) -> Dict[str, object]:
    labels = sorted(set(gold))
    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    oos = [p for g, p in zip(gold, predicted) if g == "out_of_scope"]
    return {
        "examples": len(gold),
        "accuracy": accuracy_score(gold, predicted),
        "macro_f1": f1_score(gold, predicted, labels=labels, average="macro", zero_division=0),
        "out_of_scope_routed_to_a_topic": (sum(p not in ("out_of_scope", "nlu_fallback") for p in oos) / len(oos)) if oos else 0.0,
        "per_intent": {label: {"precision": p, "recall": r, "f1": f, "support": int(s)}
                       for label, p, r, f, s in zip(labels, precision, recall, f1, support)},
    }


def print_report(result: Dict[str, object], errors: List[Tuple[str, str, str]]) -> None:
    print(f"{'intent':32} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}")
    for label, row in result["per_intent"].items():  # type: ignore[union-attr]
        print(f"{label:32} {row['precision']:6.2f} {row['recall']:6.2f} {row['f1']:6.2f} {row['support']:4d}")
    print(f"\nheld-out examples: {result['examples']}   accuracy: {result['accuracy']:.3f}   "
          f"macro-F1: {result['macro_f1']:.3f}   out-of-scope routed to a topic: "
          f"{result['out_of_scope_routed_to_a_topic']:.1%}")
    if errors:
        print(f"\nmisread ({len(errors)}), first 15:")
        for text, gold, got in errors[:15]:
            print(f"  {gold:>26} → {got:<26} «{text[:80]}»")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", help="model archive (default: the newest in models/)")
    parser.add_argument("--floor", type=float, help="fail when macro-F1 is below this")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    from rasa.model import get_local_model

    model = args.model or get_local_model("models")
    examples = load_examples()
    texts, gold = [t for t, _ in examples], [g for _, g in examples]
    predicted = asyncio.run(predict(model, texts))
    result = report(gold, predicted)
    print_report(result, [(t, g, p) for t, g, p in zip(texts, gold, predicted) if g != p])
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.floor is not None and result["macro_f1"] < args.floor:
        print(f"FAIL: macro-F1 {result['macro_f1']:.3f} is below the floor {args.floor}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
