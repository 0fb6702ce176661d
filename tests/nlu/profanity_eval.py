"""Precision / recall of bot.russian.profanity.find_profanity on tests/nlu/profanity_labelled.tsv.

The file is ``label<TAB>text`` per line (1 = profanity or insult, 0 = clean); blank lines and
lines starting with ``#`` are skipped.  Prints precision, recall, F1, speed and every
misclassified line; with --min-precision / --min-recall exits 1 when a figure is below its
floor (the regression guard of `make test`).

    PYTHONPATH=. .venv/bin/python -m tests.nlu.profanity_eval --min-precision 0.97 --min-recall 0.95
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import List, Tuple

LABELLED = Path(__file__).with_name("profanity_labelled.tsv")


def load(path: Path = LABELLED) -> List[Tuple[int, str]]:
    """(label, text) pairs; raises ValueError on a malformed line."""
    rows: List[Tuple[int, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in ("0", "1"):
            raise ValueError(f"{path}:{number}: expected 'label<TAB>text', got {line!r}")
        rows.append((int(label), text))
    return rows


def evaluate(rows: List[Tuple[int, str]]) -> dict:
    from bot.russian.profanity import find_profanity

    find_profanity("прогрев")  # the first call pays for lazy imports
    tp = fp = fn = tn = 0
    errors = []
    started = time.perf_counter()
    for label, text in rows:
        found = find_profanity(text)
        if found and label:
            tp += 1
        elif found:
            fp += 1
            errors.append(("FP", text, found))
        elif label:
            fn += 1
            errors.append(("FN", text, found))
        else:
            tn += 1
    elapsed = time.perf_counter() - started
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "messages": len(rows), "positives": tp + fn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": precision, "recall": recall, "f1": f1,
        "ms_per_message": 1000 * elapsed / max(1, len(rows)), "errors": errors,
    }


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=LABELLED)
    parser.add_argument("--min-precision", type=float, default=None)
    parser.add_argument("--min-recall", type=float, default=None)
    parser.add_argument("--max-false-alarms", type=float, default=None,
                        help="fail when more than this share of the clean messages (label 0) is flagged")
    args = parser.parse_args(argv)

    result = evaluate(load(args.file))
    print(
        f"profanity detector on {args.file.name}: {result['messages']} messages, "
        f"{result['positives']} profane"
    )
    print(
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"F1 {result['f1']:.3f}  (tp {result['tp']}, fp {result['fp']}, fn {result['fn']}, "
        f"tn {result['tn']}; {result['ms_per_message']:.3f} ms/message)"
    )
    false_alarms = result["fp"] / max(1, result["fp"] + result["tn"])
    print(f"false alarms on clean messages (angry complaints among them): {false_alarms:.1%}")
    if result["errors"]:
        print("misclassified:")
        for kind, text, found in result["errors"]:
            print(f"  {kind}  {text}" + (f"   <- {found}" if found else ""))
    else:
        print("misclassified: none")

    failed = []
    if args.min_precision is not None and result["precision"] < args.min_precision:
        failed.append(f"precision {result['precision']:.3f} < {args.min_precision}")
    if args.min_recall is not None and result["recall"] < args.min_recall:
        failed.append(f"recall {result['recall']:.3f} < {args.min_recall}")
    if args.max_false_alarms is not None and false_alarms > args.max_false_alarms:
        failed.append(f"false alarms {false_alarms:.3f} > {args.max_false_alarms}")
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
