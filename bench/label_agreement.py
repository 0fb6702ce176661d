"""How far two people agree on the collected set's labels, and where the model stands against that.

The collectors labelled each message of tests/nlu/heldout_public*.yml as they found it; a second labelling
(tests/nlu/second_labels.tsv) was done later by people who saw neither those labels nor the model, from the same
basis (SPEC.md §1, domain.yml). Scoring the second labeller exactly as the model is scored (in-domain macro-F1
against the collectors' labels, out-of-domain messages labelled with a topic) shows how much of the model's
shortfall is the labels' own disagreement. With --model, the model is scored on every message and on the
messages both labellers agree on.

    python -m bench.label_agreement [--model models/….tar.gz]
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Tuple

from sklearn.metrics import cohen_kappa_score

from bench.heldout_sets import (HELD_OUT, Example, collected_examples, collected_files, collected_part, collected_parts,
                                normalised)
from bench.intervals import SPAN
from bench.nlu_eval import label_figures, load_agent, parse_all, set_figures
from bench.understanding import _quiet_structlog

SECOND_LABELS = HELD_OUT / "second_labels.tsv"


class SecondLabel(NamedTuple):
    intent: str
    sure: bool  # the second labeller's own mark: unsure where the message could be read two ways


class Labelled(NamedTuple):
    part: str
    example: Example  # the collector's label is example.intent
    second: SecondLabel


def load_second_labels(path: Path = SECOND_LABELS) -> Dict[str, SecondLabel]:
    """``text<TAB>intent<TAB>sure (1/0)`` per line; ``#`` lines are comments. Keyed by the text as
    `normalised`, the collected set's own test of two texts being one message."""
    labels: Dict[str, SecondLabel] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[2] not in ("0", "1"):
            raise ValueError(f"{path.name}:{number}: expected text, intent and 1/0, got {line!r}")
        labels[normalised(fields[0])] = SecondLabel(fields[1], fields[2] == "1")
    return labels


def labelled_examples(second: Dict[str, SecondLabel]) -> Tuple[List[Labelled], int]:
    """Every collected example that has a second label, with its part of the collected set; and how many
    collected examples there are."""
    collected = [(collected_part(path), e) for path in collected_files() for e in collected_examples(path)]
    labelled = [Labelled(part, e, second[normalised(e.text)]) for part, e in collected if normalised(e.text) in second]
    return labelled, len(collected)


def agreement(rows: List[Labelled]) -> Dict[str, Any]:
    """The second labeller scored as the model is, against the collectors' labels, plus raw agreement and
    Cohen's kappa over all labels (out_of_scope included)."""
    texts = [r.example.text for r in rows]
    first = [r.example.intent for r in rows]
    second = [r.second.intent for r in rows]
    figures = label_figures(texts, first, second, second)
    figures["agreement"] = sum(a == b for a, b in zip(first, second)) / len(rows)
    figures["kappa"] = float(cohen_kappa_score(first, second)) if len(set(first + second)) > 1 else 1.0
    figures["unsure"] = sum(not r.second.sure for r in rows) / len(rows)
    return figures


def by_part(rows: List[Labelled]) -> List[Tuple[str, List[Labelled]]]:
    """The whole collected set first, then each part in the order it was gathered (parts without rows left out)."""
    groups = [("collected, all", rows)]
    groups += [(label, [r for r in rows if r.part == part]) for part, label in collected_parts()]
    return [(name, group) for name, group in groups if group]


def print_agreement(rows: List[Labelled]) -> None:
    print(f"{'part':44} {'n':>5} {'in-dom':>6} {'macro-F1':>9} {'95% interval':>13} {'OOD':>5} {'labelled a topic':>16} "
          f"{'agree':>6} {'kappa':>6} {'unsure':>6}")
    for name, group in by_part(rows):
        f = agreement(group)
        print(f"{name:44} {f['examples']:5d} {f['in_domain_examples']:6d} {f['in_domain_macro_f1']:9.3f} "
              f"{SPAN.format(f['in_domain_macro_f1_interval']):>13} "
              f"{f['out_of_domain_examples']:5d} {f['out_of_domain_acted_on_as_topic']:16.1%} "
              f"{f['agreement']:6.1%} {f['kappa']:6.3f} {f['unsure']:6.1%}")


def model_figures(model: str, rows: List[Labelled]) -> Dict[str, Dict[str, Any]]:
    """The model against the collectors' labels: on every message, and on those both labellers gave one label."""
    _quiet_structlog()
    parses = asyncio.run(parse_all(load_agent(model), [r.example.text for r in rows]))
    subsets = {"every message": range(len(rows)),
               "both labellers agree": [i for i, r in enumerate(rows) if r.example.intent == r.second.intent]}
    return {name: set_figures([rows[i].example.text for i in picked], [rows[i].example.intent for i in picked],
                              [parses[i] for i in picked])
            for name, picked in subsets.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="also score this model archive on every message and on the agreed ones")
    args = parser.parse_args()
    rows, total = labelled_examples(load_second_labels())
    print(f"second labels: {len(rows)} of the collected set's {total} messages")
    print("\nthe second labeller scored as the model is (the collectors' labels as the truth):")
    print_agreement(rows)
    if args.model:
        print(f"\nthe model ({args.model}) against the collectors' labels, collected set:")
        for name, f in model_figures(args.model, rows).items():
            print(f"  {name:22} n {f['examples']:5d}  in-domain macro-F1 {f['in_domain_macro_f1']:.3f} "
                  f"({SPAN.format(f['in_domain_macro_f1_interval'])})  "
                  f"out-of-domain acted on {f['out_of_domain_acted_on_as_topic']:.1%} of {f['out_of_domain_examples']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
