"""Precision and recall per entity (phone, order number, ФИО, city, relative date) of the Russian text library
on tests/nlu/entities_heldout.yml, entities_unseen.yml and entities_third.yml, each text as written and in
its speech-style form.

A found entity is right when it equals the expected one (a phone or order number exactly, a person by
bot.russian.names.person_matches, a surname said alone by its key, a city by bot.russian.places.city_matches,
a date as the same number of days back); the person kind is the pipeline's ФИО (find_person) or, when there
is none, a surname said alone (find_surname, which the pipeline does not pass on: it identifies no one); anything else found is a false alarm, anything expected and not found a miss. With --floor,
exits 1 when a figure of the written form is below it (the regression guard of `make nlu-eval`).

    PYTHONPATH=. .venv/bin/python -m tests.nlu.entity_eval --floor 0.97
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

HELDOUT = Path(__file__).with_name("entities_heldout.yml")
# The first set, one written after the finders had been fixed on it, and a third written by someone who fixes
# no finder before the fixes for speech-style input (each measured once before any change).
SETS = (HELDOUT, Path(__file__).with_name("entities_unseen.yml"), Path(__file__).with_name("entities_third.yml"))
KINDS = ("phone", "order_number", "person", "city", "days_ago")
TODAY = dt.date(2026, 12, 3)  # any fixed day: the dates are relative to the message's day


def load(path: Path = HELDOUT) -> List[Dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]


def _found(text: str) -> Dict[str, List[Any]]:
    from bot.russian.dates import days_since
    from bot.russian.entities import FINDERS
    from bot.russian.names import find_surname

    found: Dict[str, List[Any]] = {kind: [m.value for m in FINDERS[kind](text)]
                                   for kind in ("phone", "order_number", "person", "city")}
    surname = find_surname(text) if not found["person"] else None
    found["person"] += [surname.value] if surname else []
    days = days_since(text, TODAY)
    found["days_ago"] = [] if days is None else [days]
    return found


def _same(kind: str, got: Any, expected: Any) -> bool:
    if kind == "person":
        from bot.russian.names import name_key, person_matches

        last, first, middle = (expected + [None, None])[:3]
        if first:
            return person_matches(str(got), last, first, middle)
        return name_key(str(got).split()[0]) == name_key(last)
    if kind == "city":
        from bot.russian.places import city_matches

        return city_matches(str(got), expected)
    return str(got) == str(expected)


def evaluate(examples: List[Dict[str, Any]], transform: Optional[Any] = None) -> Dict[str, Any]:
    counts = {kind: {"tp": 0, "fp": 0, "fn": 0} for kind in KINDS}
    errors: List[Tuple[str, str, str]] = []
    for example in examples:
        text = transform(example["text"]) if transform else example["text"]
        found = _found(text)
        for kind in KINDS:
            expected = example.get(kind)
            got = found[kind]
            right = [g for g in got if expected is not None and _same(kind, g, expected)]
            counts[kind]["tp"] += 1 if right else 0
            counts[kind]["fn"] += 1 if expected is not None and not right else 0
            wrong = [g for g in got if g not in right]
            counts[kind]["fp"] += len(wrong)
            if (expected is not None and not right) or wrong:
                errors.append((kind, text, f"expected {expected!r}, found {got!r}"))
    figures: Dict[str, Any] = {}
    for kind, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        figures[kind] = {"precision": precision, "recall": recall, "expected": c["tp"] + c["fn"]}
    return {"per_entity": figures, "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--floor", type=float, help="fail when a written-form precision or recall is below this")
    parser.add_argument("--errors", type=int, default=20, help="how many misreads to list per form (default 20)")
    parser.add_argument("--set", dest="sets", type=Path, action="append",
                        help="an entity set to measure (repeatable; default: every set in SETS)")
    args = parser.parse_args()
    low: List[Tuple[str, str, str, float]] = []
    for path in args.sets or list(SETS):
        low += [(path.name, *item) for item in _report(path, args.errors, args.floor)]
    if low:
        print(f"FAIL: below {args.floor}: {low}", file=sys.stderr)
        return 1
    return 0


def _report(path: Path, errors: int, floor: Optional[float]) -> List[Tuple[str, str, float]]:
    """Print one set's figures and misreads; the written-form figures below ``floor``."""
    from bench.speech_style import speech_style

    examples = load(path)
    results = {"written": evaluate(examples), "speech": evaluate(examples, speech_style)}
    print(f"{path.name} ({len(examples)} messages)")
    print(f"{'entity':14} {'n':>3}  {'written P':>9} {'R':>6}  {'speech P':>9} {'R':>6}")
    for kind in KINDS:
        w, s = results["written"]["per_entity"][kind], results["speech"]["per_entity"][kind]
        print(f"{kind:14} {w['expected']:3d}  {w['precision']:9.3f} {w['recall']:6.3f}  {s['precision']:9.3f} {s['recall']:6.3f}")
    for form, result in results.items():
        for kind, text, what in result["errors"][:errors]:
            print(f"  {form:7} {kind:12} «{text[:70]}»: {what}")
    if floor is None:
        return []
    return [(kind, name, value) for kind, row in results["written"]["per_entity"].items()
            for name, value in row.items() if name in ("precision", "recall") and value < floor]


if __name__ == "__main__":
    sys.exit(main())
