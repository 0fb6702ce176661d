"""Whether one model reads the held-out sets better than another, beyond noise: from two runs of
`python -m bench.nlu_eval --json …`, per set, part and form, the in-domain macro-F1 and the share of
out-of-domain messages acted on, before and after, and the difference with a paired bootstrap 95% interval
(bench.intervals). A difference whose interval holds zero is not one a round of training data should be kept
or dropped on.

    python -m bench.model_difference before.json after.json

Only aggregate figures are printed, so the fresh collection can be compared without showing its messages.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

from bench.intervals import Interval, Predictions, difference_intervals
from bench.nlu_eval import FORMS


def _sets(path: Path) -> Dict[str, Dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"{path}: not a bench.nlu_eval --json file ({error})")
    sets = data.get("sets") if isinstance(data, dict) else None
    if not isinstance(sets, dict):
        raise SystemExit(f"{path}: no «sets» (write it with python -m bench.nlu_eval --json {path})")
    return sets


def _predictions(figures: Dict[str, Any]) -> Predictions:
    return Predictions(figures["chosen"], figures["final"])


def compared(before: Dict[str, Dict[str, Any]],
             after: Dict[str, Dict[str, Any]]) -> Iterator[Tuple[str, str, Dict[str, Any], Dict[str, Any],
                                                                Optional[Tuple[Interval, Optional[Interval]]]]]:
    """(set, form, before's figures, after's figures, the differences' intervals or None when the two runs did not
    read the same messages with the same labels, or a run predates the per-message labels)."""
    for name in [n for n in before if n in after]:
        for form in FORMS:
            old, new = before[name].get(form), after[name].get(form)
            if not old or not new:
                continue
            same = (old.get("texts_digest") is not None and old.get("texts_digest") == new.get("texts_digest")
                    and old.get("gold") == new.get("gold"))
            yield name, form, old, new, (difference_intervals(old["gold"], _predictions(old), _predictions(new))
                                         if same else None)


def _row(name: str, form: str, old: Dict[str, Any], new: Dict[str, Any],
         differences: Optional[Tuple[Interval, Optional[Interval]]]) -> str:
    f1 = f"{old['in_domain_macro_f1']:.3f} → {new['in_domain_macro_f1']:.3f}"
    ood = f"{old['out_of_domain_acted_on_as_topic']:.1%} → {new['out_of_domain_acted_on_as_topic']:.1%}"
    if differences is None:
        return f"{name:13} {form:8} {f1:>15} {'not the same messages':>26} {ood:>15}"
    f1_change, ood_change = differences
    f1_text = f"{f1_change.value * 100:+.1f} [{f1_change.low * 100:+.1f}, {f1_change.high * 100:+.1f}]"
    ood_text = (f"{ood_change.value * 100:+.1f} [{ood_change.low * 100:+.1f}, {ood_change.high * 100:+.1f}]"
                if ood_change else "—")
    return f"{name:13} {form:8} {f1:>15} {f1_text:>26} {ood:>15} {ood_text:>26}"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path, help="bench.nlu_eval --json of the model compared against")
    parser.add_argument("after", type=Path, help="bench.nlu_eval --json of the model compared")
    args = parser.parse_args(argv)
    rows = list(compared(_sets(args.before), _sets(args.after)))
    if not rows:
        print("the two runs share no held-out set", file=sys.stderr)
        return 1
    print(f"{'set':13} {'form':8} {'macro-F1':>15} {'change, points [95%]':>26} {'OOD acted on':>15} "
          f"{'change, points [95%]':>26}")
    for row in rows:
        print(_row(*row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
