"""Deflection figures: per topic, how many conversations the assistant finished without handing the customer to
an operator, why the others were handed over, and how customers rated the consultation. Counted by
store/analytics.py, the same module the supervisor's dashboard reads, so the two always agree."""
from __future__ import annotations

from typing import Dict

from store import analytics
from store.analytics import REASONS, Totals


def figures() -> Dict[str, Totals]:
    """Per topic, over every conversation folded from the event broker and the store."""
    analytics.refresh()
    return analytics.by_topic(analytics.conversations())


def report() -> str:
    rows = figures()
    if not rows:
        return "No conversations recorded yet."
    lines = [f"{'topic':28} {'conversations':>13} {'no hand-over':>12} {'share':>6} {'abandoned':>9} {'rating':>6}"]
    for topic, f in sorted(rows.items(), key=lambda kv: -kv[1].conversations):
        rating = f"{f.average_rating:.1f}" if f.average_rating is not None else "—"
        lines.append(f"{topic:28} {f.conversations:13d} {f.contained:12d} {f.contained_share:6.0%} {f.abandoned:9d} "
                     f"{rating:>6}")
    total = analytics.totals(analytics.conversations())
    lines.append(f"{'all conversations':28} {total.conversations:13d} {total.contained:12d} "
                 f"{total.contained_share:6.0%} {total.abandoned:9d}")
    if total.reasons:
        lines.append("\nhand-over reasons:")
        lines += [f"  {n:4d}  {REASONS.get(reason, reason)}" for reason, n in total.reasons.most_common()]
    return "\n".join(lines)
