"""NLU evaluation on the held-out sets (never used for training): the project's own (tests/nlu/heldout.yml)
and the one collected from public text (tests/nlu/heldout_public.yml), each as written and in its
speech-style form (bench/speech_style.py).

Prints accuracy and macro-F1 per intent for the project's set as before; then, per set and form, the
in-domain macro-F1 (every intent but out_of_scope), the share of out-of-domain messages the assistant acts on
as a topic, and how far the speech-style form falls behind the written one. With --floor, exits non-zero
when the project set's macro-F1 drops below it; with --public-floor, when the collected set's in-domain
macro-F1 (written) does; with --public-max-ood, when more of its out-of-domain messages are acted on; with
--max-speech-gap, when either set's speech-style form falls further behind (the understanding regression
guards of `make test`).
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from bench.intervals import SHARE_SPAN, SPAN, TOPIC_FREE, Predictions, figure_intervals


def load_examples() -> List[Tuple[str, str]]:
    """The project's held-out set as (text, intent)."""
    from bench.heldout_sets import project_examples

    return [(e.text, e.intent) for e in project_examples()]


def classifier_choice(result: Dict[str, Any]) -> str:
    """The classifier's own choice (the first real intent, past a fallback), for per-intent figures."""
    ranking = [r["name"] for r in result.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
    return ranking[0] if ranking else (result["intent"]["name"] or "nlu_fallback")


def load_agent(model: str) -> Any:
    """The model's NLU, loaded once for every set a run parses."""
    import logging

    from rasa.core.agent import Agent

    logging.disable(logging.INFO)  # per-message debug lines would bury the report
    return Agent.load(model)


async def parse_all(agent: Any, texts: List[str]) -> List[Dict[str, Any]]:
    return [await agent.parse_message(text) for text in texts]


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


FORMS = ("written", "speech")
PER_MESSAGE = ("misread", "texts_digest", "gold", "chosen", "final")  # label_figures' keys that are not figures


def set_figures(texts: List[str], gold: List[str], parses: List[Dict[str, Any]]) -> Dict[str, Any]:
    """In-domain macro-F1 (the classifier's choice, every gold intent but out_of_scope), accuracy, and the
    share of out-of-domain messages whose final intent (after the fallback) is a topic."""
    chosen = [classifier_choice(p) for p in parses]
    final = [p["intent"]["name"] or "nlu_fallback" for p in parses]
    return label_figures(texts, gold, chosen, final)


def label_figures(texts: List[str], gold: List[str], chosen: List[str], final: List[str]) -> Dict[str, Any]:
    """set_figures from the labels themselves: ``chosen`` scored per intent, ``final`` for what is acted on (a
    second labeller's labels are both)."""
    in_domain = sorted({g for g in gold if g != "out_of_scope"})
    ood = [f for g, f in zip(gold, final) if g == "out_of_scope"]
    f1_interval, ood_interval = figure_intervals(gold, Predictions(chosen, final))
    return {
        "examples": len(gold), "in_domain_examples": len(gold) - len(ood), "out_of_domain_examples": len(ood),
        "accuracy": accuracy_score(gold, chosen),
        "in_domain_macro_f1": f1_score(gold, chosen, labels=in_domain, average="macro", zero_division=0),
        "out_of_domain_acted_on_as_topic": (sum(f not in TOPIC_FREE for f in ood) / len(ood)) if ood else 0.0,
        # bootstrap 95% intervals (bench.intervals): how far the figure is from noise
        "in_domain_macro_f1_interval": [f1_interval.low, f1_interval.high],
        "out_of_domain_acted_on_interval": [ood_interval.low, ood_interval.high] if ood_interval else None,
        "misread": [(t, g, c) for t, g, c in zip(texts, gold, chosen) if g != c],
        # every message's labels, for bench.model_difference's paired comparison of two runs
        "texts_digest": texts_digest(texts), "gold": list(gold), "chosen": list(chosen), "final": list(final),
    }


def texts_digest(texts: Sequence[str]) -> str:
    """Whether two runs read the same messages in the same order."""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


def evaluate_sets(agent: Any) -> Dict[str, Dict[str, Any]]:
    """Figures per held-out set and form: {"project": {"written": …, "speech": …}, "public": {…}}, and the
    collected set by part ("public-first", …, "public-fresh": bench.heldout_sets.collected_part)."""
    from bench.heldout_sets import collected_examples, collected_files, collected_part, project_examples
    from bench.speech_style import speech_style

    collected = [(collected_part(path), e) for path in collected_files() for e in collected_examples(path)]
    sets = {"project": [("project", e) for e in project_examples()], "public": collected}
    figures: Dict[str, Dict[str, Any]] = {}
    for name, tagged in sets.items():
        texts = [e.text for _, e in tagged]
        spoken = [speech_style(t) for t in texts]
        parses = asyncio.run(parse_all(agent, texts + spoken))
        written, speech = parses[:len(texts)], parses[len(texts):]
        gold = [e.intent for _, e in tagged]
        parts = {name: list(range(len(tagged)))}
        for index, (part, _) in enumerate(tagged):
            if part != name:
                parts.setdefault(part, []).append(index)
        for part, rows in parts.items():
            pick = lambda values: [values[i] for i in rows]  # noqa: E731
            figures[part] = {"written": set_figures(pick(texts), pick(gold), pick(written)),
                             "speech": set_figures(pick(spoken), pick(gold), pick(speech))}
    return figures


def speech_gap(forms: Dict[str, Any]) -> float:
    """How far the speech-style form's in-domain macro-F1 falls behind the written form's."""
    return forms["written"]["in_domain_macro_f1"] - forms["speech"]["in_domain_macro_f1"]


def print_sets(figures: Dict[str, Dict[str, Any]]) -> None:
    from bench.heldout_sets import FRESH_PART

    print(f"\n{'set':13} {'form':8} {'n':>5} {'in-domain':>9} {'macro-F1':>9} {'95% interval':>14} {'accuracy':>9} "
          f"{'OOD':>5} {'acted on':>9} {'95% interval':>14}")
    for name, forms in figures.items():
        for form in FORMS:
            f = forms[form]
            ood_interval = f["out_of_domain_acted_on_interval"]
            print(f"{name:13} {form:8} {f['examples']:5d} {f['in_domain_examples']:9d} {f['in_domain_macro_f1']:9.3f} "
                  f"{SPAN.format(f['in_domain_macro_f1_interval']):>14} {f['accuracy']:9.3f} "
                  f"{f['out_of_domain_examples']:5d} {f['out_of_domain_acted_on_as_topic']:9.1%} "
                  f"{SHARE_SPAN.format(ood_interval) if ood_interval else '—':>14}")
        gap = speech_gap(forms)
        print(f"{name:13} speech-style falls behind the written form by {gap * 100:.1f} points of in-domain macro-F1")
    # The fresh collection's misreads are not printed: they must not steer the next round of training data.
    tuned_on = [misread for part, forms in figures.items() if part.startswith("public-") and part != FRESH_PART
                for misread in forms["written"]["misread"]]
    for text, gold, got in tuned_on[:25]:
        print(f"  public: {gold:>26} → {got:<26} «{text[:80]}»")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", help="model archive (default: the newest in models/)")
    parser.add_argument("--floor", type=float, help="fail when the project set's macro-F1 is below this")
    parser.add_argument("--public-floor", type=float,
                        help="fail when the collected set's in-domain macro-F1 (written) is below this")
    parser.add_argument("--public-max-ood", type=float,
                        help="fail when more than this share of the collected set's out-of-domain messages is acted on")
    parser.add_argument("--max-speech-gap", type=float,
                        help="fail when, on the project or the collected set, the speech-style form's in-domain "
                             "macro-F1 falls behind the written form's by more than this")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    from rasa.model import get_local_model

    from bench.understanding import _quiet_structlog

    _quiet_structlog()
    model = args.model or get_local_model("models")
    examples = load_examples()
    texts, gold = [t for t, _ in examples], [g for _, g in examples]
    agent = load_agent(model)
    started = time.process_time()  # the parses alone: the pipeline's CPU per message
    predicted = [classifier_choice(p) for p in asyncio.run(parse_all(agent, texts))]
    result = report(gold, predicted)
    result["nlu_cpu_ms_per_message"] = 1000 * (time.process_time() - started) / len(texts)
    print_report(result, [(t, g, p) for t, g, p in zip(texts, gold, predicted) if g != p])
    print(f"NLU pipeline CPU per message (this process, project set): {result['nlu_cpu_ms_per_message']:.2f} ms")
    sets = evaluate_sets(agent)
    print_sets(sets)
    if args.json:
        Path(args.json).write_text(json.dumps({**result, "sets": sets}, ensure_ascii=False, indent=1), encoding="utf-8")
    failed = False
    if args.floor is not None and result["macro_f1"] < args.floor:
        print(f"FAIL: macro-F1 {result['macro_f1']:.3f} is below the floor {args.floor}", file=sys.stderr)
        failed = True
    public_f1 = sets["public"]["written"]["in_domain_macro_f1"]
    if args.public_floor is not None and public_f1 < args.public_floor:
        print(f"FAIL: collected set in-domain macro-F1 {public_f1:.3f} is below the floor {args.public_floor}",
              file=sys.stderr)
        failed = True
    public_ood = sets["public"]["written"]["out_of_domain_acted_on_as_topic"]
    if args.public_max_ood is not None and public_ood > args.public_max_ood:
        print(f"FAIL: {public_ood:.1%} of the collected set's out-of-domain messages are acted on as a topic "
              f"(at most {args.public_max_ood:.0%})", file=sys.stderr)
        failed = True
    for name in ("project", "public"):
        gap = speech_gap(sets[name])
        if args.max_speech_gap is not None and gap > args.max_speech_gap:
            print(f"FAIL: on the {name} set speech-style input falls behind the written form by {gap * 100:.1f} "
                  f"points of in-domain macro-F1 (at most {args.max_speech_gap * 100:.1f})", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
