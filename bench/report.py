"""The results: a table (Markdown, readable in a terminal), bench/results/latest.json (plus a copy per run
under runs/), and bench/results/report.md with its plots."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from bench.heldout_sets import collected_parts
from bench.intervals import SHARE_SPAN, SPAN

Row = Tuple[str, Dict[str, Any], str]  # (label, value per configuration: a figure or an interval, format)
GROUP_ORDER = ["order", "return", "autodial", "bonus_card", "info", "other", "out_of_scope"]
# The ratio columns, when both setups were measured: what the speed-ups are worth, and the project against Rasa's
# default configuration.
RATIOS = [("project", "project-no-speedups", "project/no speed-ups"), ("project", "default", "project/default"),
          ("project", "project-in-memory", "persistent/in-memory"),
          ("scaled-2-redis", "scaled-1-redis", "2 workers/1"), ("scaled-2-redis", "scaled-2-postgresql", "Redis/PostgreSQL")]


def _at(figures: Any, *path: str) -> Any:
    """figures[path[0]][path[1]]…, or None where this run did not measure it."""
    for key in path:
        figures = figures.get(key) if isinstance(figures, dict) else None
    return figures


def rows(results: Dict[str, Any]) -> List[Row]:
    configs = results["configs"]

    def pick(*path: str) -> Dict[str, Any]:
        return {name: _at(figures, *path) for name, figures in configs.items()}

    table: List[Row] = [("**understanding** (held-out set)", {}, "")]
    if any(c.get("understanding") for c in configs.values()):
        n = next(c["understanding"]["examples"] for c in configs.values() if c.get("understanding"))
        table += [(f"intent accuracy ↑ (n={n})", pick("understanding", "accuracy"), "{:.3f}"),
                  ("macro-F1 ↑", pick("understanding", "macro_f1"), "{:.3f}")]
        groups = next(c["understanding"]["groups"] for c in configs.values() if c.get("understanding"))
        for group in sorted(groups, key=lambda g: GROUP_ORDER.index(g) if g in GROUP_ORDER else 99):
            g = groups[group]
            table += [(f"  {group}: accuracy ↑ ({g['intents']} intent{'s' if g['intents'] > 1 else ''}, n={g['examples']})",
                       pick("understanding", "groups", group, "accuracy"), "{:.3f}"),
                      (f"  {group}: macro-F1 ↑", pick("understanding", "groups", group, "macro_f1"), "{:.3f}")]
        table += [("out-of-scope acted on as a topic ↓", pick("understanding", "out_of_scope_acted_on_as_topic"), "{:.1%}"),
                  ("  (classifier's choice, as nlu-eval) ↓", pick("understanding", "out_of_scope_routed_to_a_topic"), "{:.1%}"),
                  ("held-out messages → nlu_fallback", pick("understanding", "fallback_share"), "{:.1%}")]
        # Both held-out sets as written and as speech (bench.nlu_eval.evaluate_sets).
        sets = [("project", "project set"), ("public", "collected set")]
        sets += [(part, f"  {label}") for part, label in collected_parts()]
        for name, label in sets:
            if not any(_at(c, "understanding", "sets", name) for c in configs.values()):
                continue
            for form in ("written", "speech"):
                table += [(f"{label}, {form}: in-domain macro-F1 ↑",
                           pick("understanding", "sets", name, form, "in_domain_macro_f1"), "{:.3f}"),
                          (f"{label}, {form}:   its 95% interval",
                           pick("understanding", "sets", name, form, "in_domain_macro_f1_interval"), SPAN),
                          (f"{label}, {form}: out-of-domain acted on ↓",
                           pick("understanding", "sets", name, form, "out_of_domain_acted_on_as_topic"), "{:.1%}"),
                          (f"{label}, {form}:   its 95% interval",
                           pick("understanding", "sets", name, form, "out_of_domain_acted_on_interval"),
                           SHARE_SPAN)]

    table.append(("**speed** (REST, whole conversations)", {}, ""))
    for level in results["args"]["concurrency"]:
        key = str(level)
        table += [(f"latency p50 @{level} ↓ ms", pick("speed", "levels", key, "p50_ms"), "{:.0f}"),
                  (f"latency p95 @{level} ↓ ms", pick("speed", "levels", key, "p95_ms"), "{:.0f}"),
                  (f"latency p99 @{level} ↓ ms", pick("speed", "levels", key, "p99_ms"), "{:.0f}"),
                  (f"throughput @{level} ↑ msg/s", pick("speed", "levels", key, "throughput_msg_s"), "{:.1f}"),
                  (f"  CPU per message @{level}: Rasa server ↓ ms", pick("speed", "levels", key, "cpu_ms_per_message", "rasa"), "{:.1f}"),
                  (f"  CPU per message @{level}: action server ↓ ms", pick("speed", "levels", key, "cpu_ms_per_message", "actions"), "{:.1f}"),
                  (f"  CPU per message @{level}: Redis ↓ ms", pick("speed", "levels", key, "cpu_ms_per_message", "redis"), "{:.2f}"),
                  (f"  CPU per message @{level}: PostgreSQL ↓ ms", pick("speed", "levels", key, "cpu_ms_per_message", "postgres"), "{:.2f}"),
                  (f"  CPU per message @{level}: HAProxy ↓ ms", pick("speed", "levels", key, "cpu_ms_per_message", "haproxy"), "{:.2f}"),
                  (f"  customer found by phone @{level} ↑", pick("speed", "levels", key, "identified_share"), "{:.0%}"),
                  (f"  failed requests @{level}", pick("speed", "levels", key, "errors"), "{:.0f}")]
    table += [("Rasa server start-up ↓ s", pick("speed", "rasa_startup_s"), "{:.1f}"),
              ("action server start-up ↓ s", pick("speed", "actions_startup_s"), "{:.1f}"),
              ("peak RSS Rasa server ↓ MiB", pick("speed", "peak_rss_mb", "rasa"), "{:.0f}"),
              ("peak RSS action server ↓ MiB", pick("speed", "peak_rss_mb", "actions"), "{:.0f}"),
              ("**training** time ↓ s", pick("training", "seconds"), "{:.0f}")]
    return table


def targets(results: Dict[str, Any]) -> List[str]:
    """The benchmark's targets for this 2-core machine, each with the figure measured and ✓ or ✗ (— when this run
    did not measure what the target needs, e.g. with --only)."""
    configs = results["configs"]
    top = str(max(results["args"]["concurrency"]))
    f1 = [_at(configs, name, "understanding", "macro_f1") for name in ("project", "default")]
    throughput = [_at(configs, name, "speed", "levels", top, "throughput_msg_s") for name in ("project", "default")]
    p95 = _at(configs, "project", "speed", "levels", top, "p95_ms")
    startup = _at(configs, "project", "speed", "rasa_startup_s")
    rss_mib = _at(configs, "project", "speed", "peak_rss_mb", "rasa")
    rss_mb = rss_mib * 1.048576 if rss_mib is not None else None
    # the persistent tracker store (endpoints.yml) against the in-memory one: Rasa CPU per message, throughput @20
    cpu_pair = [_at(configs, name, "speed", "levels", top, "cpu_ms_per_message", "rasa")
                for name in ("project", "project-in-memory")]
    at_20 = "20" if "20" in results["configs"].get("project", {}).get("speed", {}).get("levels", {}) else top
    throughput_pair = [_at(configs, name, "speed", "levels", at_20, "throughput_msg_s")
                       for name in ("project", "project-in-memory")]
    # (target, the figures it needs, met?, how the figures read)
    checks: List[Tuple[str, List[Optional[float]], Callable[..., bool], Callable[..., str]]] = [
        ("macro-F1 ≥ 0.95 and above the default's", f1, lambda p, d: p >= 0.95 and p > d,
         lambda p, d: f"{p:.3f} vs {d:.3f}"),
        (f"throughput @{top} ≥ 4× the default's", throughput, lambda p, d: p >= 4 * d,
         lambda p, d: f"{p:.1f} / {d:.1f} msg/s = {p / d:.2f}×"),
        (f"latency p95 @{top} ≤ 250 ms", [p95], lambda v: v <= 250, lambda v: f"{v:.0f} ms"),
        ("Rasa server start-up ≤ 15 s", [startup], lambda v: v <= 15, lambda v: f"{v:.1f} s"),
        ("Rasa server peak RSS ≤ 700 MB", [rss_mb], lambda v: v <= 700, lambda v: f"{v:.0f} MB"),
        (f"persistent store: Rasa CPU per message @{top} ≤ in-memory + 1 ms", cpu_pair, lambda p, m: p <= m + 1,
         lambda p, m: f"{p:.1f} vs {m:.1f} ms ({p - m:+.1f})"),
        (f"persistent store: throughput @{at_20} ≥ 90% of in-memory", throughput_pair, lambda p, m: p >= 0.9 * m,
         lambda p, m: f"{p:.1f} / {m:.1f} msg/s = {p / m:.0%}"),
    ]
    return [f"- {'✓' if met(*figures) else '✗'} {label}: {read(*figures)}" if all(figures)
            else f"- — {label}: not measured in this run" for label, figures, met, read in checks]


def _cell(value: Any, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return fmt.format(value)


def _ratio(p: Any, d: Any) -> str:
    """p / d for two figures; an interval (or anything else) has none."""
    if not isinstance(p, (int, float)) or not isinstance(d, (int, float)) or d == 0 or math.isnan(p / d):
        return "—"
    return f"{p / d:.2f}"


def markdown_table(results: Dict[str, Any]) -> str:
    configs = results["configs"]
    names = list(configs)
    ratios = [(p, d, label) for p, d, label in RATIOS if p in configs and d in configs]
    header = ["metric", *(configs[n].get("label", n) for n in names), *(label for _, _, label in ratios)]
    lines: List[List[str]] = []
    for label, values, fmt in rows(results):
        if not fmt:
            lines.append([label] + [""] * (len(header) - 1))
            continue
        cells = [label] + [_cell(values.get(n), fmt) for n in names]
        if label.startswith("**training**"):
            cells[1:1 + len(names)] = [c + (" (cached)" if _at(configs, n, "training", "cached") else "")
                                       for c, n in zip(cells[1:], names)]
        cells += [_ratio(values.get(p), values.get(d)) for p, d, _ in ratios]
        lines.append(cells)
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

    def fmt_row(cells: List[str]) -> str:
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    separator = "|" + "|".join(("-" * (w + 1) + ":") if i else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    return "\n".join([fmt_row(header), separator, *map(fmt_row, lines)])


def _pyplot() -> Any:
    import logging

    import matplotlib

    logging.getLogger("matplotlib").setLevel(logging.ERROR)  # its style files' pyparsing deprecations
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_confusion(gold: List[str], predicted: List[str], out: Path, title: str) -> None:
    plt = _pyplot()
    from sklearn.metrics import confusion_matrix

    labels = sorted(set(gold) | set(predicted))
    matrix = confusion_matrix(gold, predicted, labels=labels)
    shares = matrix / matrix.sum(axis=1, keepdims=True).clip(min=1)
    fig, ax = plt.subplots(figsize=(15, 13))
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    for i, j in zip(*matrix.nonzero()):
        ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=5,
                color="white" if shares[i, j] > 0.5 else "black")
    ax.set_xlabel("predicted (classifier's choice)")
    ax.set_ylabel("held-out label")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_latency(latencies: Dict[str, List[float]], out: Path, title: str) -> None:
    import numpy as np

    plt = _pyplot()

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for name, values in latencies.items():
        if values:
            xs = np.sort(values)
            ax.plot(xs, np.arange(1, len(xs) + 1) / len(xs), label=f"{name} (n={len(xs)})")
    for q in (0.5, 0.95, 0.99):
        ax.axhline(q, color="grey", linewidth=0.5, linestyle=":")
    ax.set_xscale("log")
    ax.set_xlabel("latency per message, ms (log scale)")
    ax.set_ylabel("share of messages ≤ x")
    ax.set_title(title)
    ax.legend()
    ax.grid(True, which="both", linewidth=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def write(results: Dict[str, Any], out_dir: Path) -> Dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = results["timestamp"].replace(":", "").replace("-", "")[:15]
    (out_dir / "runs").mkdir(exist_ok=True)
    text = json.dumps(results, ensure_ascii=False, indent=1)
    files = {"json": out_dir / "latest.json", "history": out_dir / "runs" / f"{stamp}-{results['git']['commit'][:8]}.json"}
    files["json"].write_text(text, encoding="utf-8")
    files["history"].write_text(text, encoding="utf-8")

    configs = results["configs"]
    md = [f"# Benchmark: project configuration (with and without its Rasa speed-ups) vs Rasa's default configuration",
          "",
          f"{results['timestamp']} · commit `{results['git']['commit'][:10]}`"
          f"{' (uncommitted changes)' if results['git']['dirty'] else ''} · {results['machine']['cpus']} CPUs · "
          f"Rasa {results['machine']['rasa']} · {results['args']['conversations']} conversations per concurrency level "
          f"· run time {results['run_seconds'] / 60:.1f} min · tracker store: "
          f"{results['args'].get('tracker_store', 'endpoints')}",
          "",
          "↑ higher is better, ↓ lower is better; the ratios are project / project without the speed-ups "
          "(the same model, served by Rasa's own code: RASA_SPEEDUPS=0) and project / default. A model's understanding "
          "and training figures are in the column of the first setup that serves it. Latency is per message over "
          "`POST /webhooks/rest/webhook`, whole conversations («Здравствуйте» → «где моя посылка» → phone → «да» → "
          "«спасибо» → «до свидания») through the action server and the order store, one warm-up conversation "
          "excluded. Training time marked «cached» was measured when that model was last trained.",
          "",
          markdown_table(results), "", "Targets (this 2-core machine):", "", *targets(results), ""]
    project = configs.get("project", {}).get("understanding")
    if project:
        files["confusion"] = out_dir / "confusion_project.png"
        plot_confusion(project["gold"], project["predicted"], files["confusion"],
                       "Project model on tests/nlu/heldout.yml (counts; colour = share of the row)")
        md += ["## Confusion matrix of the project model (held-out set)", "",
               f"![confusion matrix]({files['confusion'].name})", ""]
    top = str(max(results["args"]["concurrency"]))
    latencies = {c.get("label", n): c["speed"]["levels"][top]["latencies_ms"] for n, c in configs.items()
                 if c.get("speed")}
    if latencies:
        files["latency"] = out_dir / f"latency_c{top}.png"
        plot_latency(latencies, files["latency"], f"Latency per message, {top} concurrent conversations (CDF)")
        md += [f"## Latency at {top} concurrent conversations", "", f"![latency CDF]({files['latency'].name})", ""]

    with_speed = {n: c["speed"]["levels"] for n, c in configs.items() if c.get("speed")}
    if with_speed:
        columns = [(n, level) for n in with_speed for level in with_speed[n]]
        md += ["## Median latency per message of the conversation, ms", "",
               "| message | " + " | ".join(f"{configs[n].get('label', n)} @{level}" for n, level in columns) + " |",
               "|---|" + "---:|" * len(columns)]
        turns = next(iter(with_speed.values()))[str(results["args"]["concurrency"][0])]["p50_by_turn_ms"]
        for turn in turns:
            md.append(f"| {turn} | " + " | ".join(
                _cell(with_speed[n][level]["p50_by_turn_ms"].get(turn), "{:.0f}") for n, level in columns) + " |")
        md.append("")

    with_nlu = {n: c["understanding"] for n, c in configs.items() if c.get("understanding")}
    if with_nlu:
        names = list(with_nlu)
        md += ["## F1 per intent", "", "| intent | n | " + " | ".join(names) + " |",
               "|---|---:|" + "---:|" * len(names)]
        for intent, row in next(iter(with_nlu.values()))["per_intent"].items():
            md.append(f"| {intent} | {row['support']} | "
                      + " | ".join(f"{with_nlu[n]['per_intent'][intent]['f1']:.2f}" for n in names) + " |")
        md.append("")
        for name, figures in with_nlu.items():
            md += [f"## Misread by the {name} model ({len(figures['errors'])}, first 25)", ""]
            md += [f"- `{e['gold']}` → `{e['predicted']}`: «{e['text'][:100]}»" for e in figures["errors"][:25]]
            md.append("")
    files["markdown"] = out_dir / "report.md"
    files["markdown"].write_text("\n".join(md), encoding="utf-8")
    return files
