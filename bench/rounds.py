"""Several rounds of the same load, one setup after the other in each round, summed up by their medians.

On a shared machine one setup measured once can come out 15% off its neighbour for no reason of its own (a
background job, the page cache); interleaving the setups round by round spreads that noise over all of them,
and the median of the rounds drops a round that caught it."""
from __future__ import annotations

import statistics
from typing import Any, Dict, List

PER_ROUND = ("throughput_msg_s", "p50_ms", "p95_ms", "p99_ms", "mean_ms", "elapsed_s", "identified_share")


def median_of_rounds(rounds: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Per concurrency level: the median of each figure over the rounds, errors and messages summed, every
    latency kept (for the latency plot), and each round's own figures under "rounds"."""
    combined: Dict[str, Any] = {}
    for level in rounds[0]:
        runs = [r[level] for r in rounds]
        summary = dict(runs[0])
        for key in PER_ROUND:
            summary[key] = statistics.median(run[key] for run in runs)
        summary["cpu_ms_per_message"] = {
            process: statistics.median(run["cpu_ms_per_message"][process] for run in runs)
            for process in runs[0]["cpu_ms_per_message"]}
        summary["p50_by_turn_ms"] = {
            turn: statistics.median(run["p50_by_turn_ms"].get(turn, float("nan")) for run in runs)
            for turn in runs[0]["p50_by_turn_ms"]}
        summary["messages"] = sum(run["messages"] for run in runs)
        summary["errors"] = sum(run["errors"] for run in runs)
        summary["latencies_ms"] = [x for run in runs for x in run["latencies_ms"]]
        summary["rounds"] = [{key: run[key] for key in ("throughput_msg_s", "p95_ms", "cpu_ms_per_message")}
                             for run in runs]
        combined[level] = summary
    return combined
