"""`make bench` / `python -m bench`: the project's configuration against Rasa's default configuration
(bench/default_config.yml), trained on the same data, measured in the same run, one after the other; the
project's model is served twice, with the project's Rasa speed-ups and without them («project-no-speedups»).

Understanding on tests/nlu/heldout.yml; speed over the REST channel with whole conversations through the
action server and a throw-away order store; start-up time, peak memory, training time."""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import subprocess
import sys
import time
import warnings
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List

from bench import load, report, training, understanding
from bench.servers import Servers
from bench.rounds import median_of_rounds as rounds_median
from bench.scaled import SCALED_SETUPS, ScaledServers
from bench.setups import SETUPS

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"


def git_state() -> Dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    return {"commit": git("rev-parse", "HEAD") or "unknown", "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def hide_deprecation_warnings() -> None:
    """The libraries' deprecation chatter (jax, SQLAlchemy, matplotlib's pyparsing) would bury the output;
    filters alone do not hold, as imported libraries insert their own in front."""
    show = warnings.showwarning

    def show_unless_deprecation(message: Any, category: type, *args: Any, **kwargs: Any) -> None:
        if not issubclass(category, DeprecationWarning):
            show(message, category, *args, **kwargs)

    warnings.showwarning = show_unless_deprecation
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=100, help="conversations per concurrency level (100)")
    parser.add_argument("--concurrency", default="1,20", help="comma-separated concurrency levels (1,20)")
    parser.add_argument("--only", choices=list(SETUPS), action="append",
                        help="measure this setup only (repeat for several; default: all of them)")
    parser.add_argument("--skip-train", action="store_true", help="never train: use the models in bench/models/")
    parser.add_argument("--force-train", action="store_true", help="retrain even if nothing changed")
    parser.add_argument("--no-load", action="store_true", help="understanding only: no servers, no load test")
    parser.add_argument("--profile", action="store_true",
                        help="instead of the comparison: the project's Rasa server under cProfile at the highest "
                             "concurrency; writes the hottest functions to <out>/profile.txt")
    parser.add_argument("--tracker-store", choices=["endpoints", "sql"], default="endpoints",
                        help="where the Rasa server keeps conversations: as endpoints.yml says (the project's "
                             "persistent store; «project-in-memory» measures the in-memory one beside it) or in "
                             "SQLite through Rasa's SQLTrackerStore, for every setup")
    parser.add_argument("--topology", choices=["embedded", "scaled"], default="embedded",
                        help="scaled: the project's model served by the scaled topology (bot/scaled_stack.py: HAProxy, "
                             "1 and 2 Rasa workers, Redis or PostgreSQL) beside the embedded default, at 1, 20 and 100 "
                             "concurrent conversations unless --concurrency says otherwise")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure the setups' speed this many times, interleaved (every setup's servers run "
                             "at once, each loaded in turn), and report each figure's median over the rounds")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results directory (bench/results)")
    args = parser.parse_args(argv)
    if args.topology == "scaled" and args.concurrency == "1,20":
        args.concurrency = "1,20,100"
    args.concurrency = sorted({int(c) for c in args.concurrency.split(",")})
    if args.conversations < 1 or min(args.concurrency) < 1 or args.rounds < 1:
        parser.error("--conversations, --concurrency and --rounds must be positive")
    if args.rounds > 1 and (args.topology == "scaled" or args.profile):
        parser.error("--rounds is for the embedded setups' comparison only")
    return args


def measure(servers: Servers, args: argparse.Namespace) -> Dict[str, Any]:
    """Each concurrency level in turn, with the CPU time each server spent on it per message."""
    load.warm_up(servers.base_url)
    levels: Dict[str, Any] = {}
    for n, level in enumerate(args.concurrency):
        before = servers.cpu_seconds()
        result = asyncio.run(load.run_level(servers.base_url, level, args.conversations, first=n * args.conversations))
        after = servers.cpu_seconds()
        summary = result.summary()
        messages = max(summary["messages"], 1)
        summary["cpu_ms_per_message"] = {k: 1000 * (after[k] - before[k]) / messages for k in after}
        levels[str(level)] = summary
    return levels


def measure_in_rounds(names: List[str], trained: Dict[str, Any], configs: Dict[str, Any],
                      args: argparse.Namespace) -> None:
    """Every setup's servers up at once; then `args.rounds` rounds, each loading every setup in turn."""
    print(f"3/3 speed: {', '.join(names)} (all servers, then {args.rounds} rounds of {args.conversations} "
          f"conversations at each of {args.concurrency} concurrent, the setups in turn)", flush=True)
    with contextlib.ExitStack() as running:
        servers: Dict[str, Servers] = {}
        for name in names:
            setup = SETUPS[name]
            servers[name] = running.enter_context(Servers(
                workdir=args.out / "logs" / name, model=ROOT / trained[setup.config].model, env=setup.env,
                sql_tracker_store=args.tracker_store == "sql", tracker_store=setup.tracker_store,
                event_broker=setup.event_broker))
            print(f"  {name}: Rasa server up in {servers[name].rasa_startup_s:.1f} s", flush=True)
        rounds: Dict[str, List[Dict[str, Any]]] = {name: [] for name in names}
        for n in range(args.rounds):
            for name in names:
                rounds[name].append(measure(servers[name], args))
            print(f"  round {n + 1}/{args.rounds} done", flush=True)
        for name in names:
            configs[name]["speed"] = {"rasa_startup_s": servers[name].rasa_startup_s,
                                      "actions_startup_s": servers[name].actions_startup_s,
                                      "rounds": args.rounds, "levels": rounds_median(rounds[name]),
                                      "peak_rss_mb": servers[name].peak_memory_mb()}
    for name in names:
        (args.out / "logs" / name / "orders.db").unlink(missing_ok=True)


def measure_scaled(name: str, model: Path, args: argparse.Namespace) -> Dict[str, Any]:
    setup = SCALED_SETUPS[name]
    print(f"3/3 speed: {name} (the topology, then {args.conversations} conversations at each of "
          f"{args.concurrency} concurrent)", flush=True)
    with ScaledServers(args.out / "logs" / name, model, setup) as servers:
        print(f"  topology up in {servers.rasa_startup_s:.1f} s", flush=True)
        speed = {"rasa_startup_s": servers.rasa_startup_s, "levels": measure(servers, args)}  # type: ignore[arg-type]
        speed["peak_rss_mb"] = servers.peak_memory_mb()
    return {"label": setup.label, "speedups": True, "config": "bench: scaled topology", "speed": speed}


def profile(args: argparse.Namespace) -> int:
    """Where the Rasa server's time goes under load (the profiler itself roughly doubles the CPU time, so
    the latency figures of this run are not comparable with a normal one)."""
    import pstats
    import signal

    trained = training.ensure_model("project", force=args.force_train, skip=args.skip_train)
    level = max(args.concurrency)
    stats_file = args.out / "profile.prof"
    args.out.mkdir(parents=True, exist_ok=True)
    stats_file.unlink(missing_ok=True)
    with Servers(workdir=args.out / "logs" / "profile", model=ROOT / trained.model,
                 profile_out=stats_file) as servers:
        load.warm_up(servers.base_url)
        assert servers.rasa
        servers.rasa.send_signal(signal.SIGUSR1)
        time.sleep(0.5)
        result = asyncio.run(load.run_level(servers.base_url, level, args.conversations))
        servers.rasa.send_signal(signal.SIGUSR2)
        deadline = time.monotonic() + 30
        while not stats_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
    if not stats_file.exists():
        raise SystemExit(f"no profile written; see {args.out / 'logs' / 'profile' / 'rasa.log'}")
    summary = result.summary()
    text = args.out / "profile.txt"
    with open(text, "w") as out:
        out.write(f"Rasa server under cProfile: {summary['messages']} messages, {level} concurrent conversations, "
                  f"commit {git_state()['commit'][:10]}\n")
        stats = pstats.Stats(str(stats_file), stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
    print(f"{summary['messages']} messages profiled; the 45 functions with the most cumulative time and the 30 "
          f"with the most own time: {text.relative_to(ROOT) if text.is_relative_to(ROOT) else text} "
          f"(raw statistics: {stats_file.name}, for pstats or snakeviz)")
    return 0


def main(argv: List[str]) -> int:
    args = parse_args(argv)
    hide_deprecation_warnings()
    if args.profile:
        return profile(args)
    started = time.monotonic()
    names = [name for name in SETUPS if name in args.only] if args.only else list(SETUPS)
    if args.topology == "scaled":  # the embedded default beside every scaled setup
        names = ["project", *SCALED_SETUPS]
    configs = list(dict.fromkeys(SETUPS[name].config if name in SETUPS else "project"
                                 for name in names))  # each trained once
    import rasa

    results: Dict[str, Any] = {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git": git_state(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "rasa": rasa.__version__,
                    "platform": platform.platform()},
        "args": {"conversations": args.conversations, "concurrency": args.concurrency, "only": args.only,
                 "tracker_store": args.tracker_store},
        "configs": {},
    }

    print("1/3 models", flush=True)
    trained = {config: training.ensure_model(config, force=args.force_train, skip=args.skip_train)
               for config in configs}
    for config, t in trained.items():
        print(f"  {config}: {t.model} ({'cached, ' if t.cached else ''}trained in {t.seconds:.0f} s)")

    understood: Dict[str, Any] = {}
    for name in names:
        if name in SCALED_SETUPS:
            results["configs"][name] = measure_scaled(name, ROOT / trained["project"].model, args)
            continue
        setup = SETUPS[name]
        model = ROOT / trained[setup.config].model
        figures: Dict[str, Any] = {"label": setup.label, "speedups": setup.speedups,
                                   "config": str(training.CONFIGS[setup.config].relative_to(ROOT))}
        if setup.config not in understood:  # the model's figures, in the column of its first setup
            figures["training"] = asdict(trained[setup.config])
            print(f"2/3 understanding: {name}", flush=True)
            figures["understanding"] = understood[setup.config] = understanding.evaluate(model)
        if not args.no_load and args.rounds == 1:
            print(f"3/3 speed: {name} (servers, then {args.conversations} conversations at each of "
                  f"{args.concurrency} concurrent)", flush=True)
            with Servers(workdir=args.out / "logs" / name, model=model, env=setup.env,
                         sql_tracker_store=args.tracker_store == "sql", tracker_store=setup.tracker_store,
                         event_broker=setup.event_broker) as servers:
                print(f"  Rasa server up in {servers.rasa_startup_s:.1f} s", flush=True)
                figures["speed"] = {"rasa_startup_s": servers.rasa_startup_s,
                                    "actions_startup_s": servers.actions_startup_s, "levels": measure(servers, args)}
                figures["speed"]["peak_rss_mb"] = servers.peak_memory_mb()
            (args.out / "logs" / name / "orders.db").unlink(missing_ok=True)
        results["configs"][name] = figures
    if not args.no_load and args.rounds > 1:
        measure_in_rounds([n for n in names if n in SETUPS], trained, results["configs"], args)

    results["run_seconds"] = time.monotonic() - started
    files = report.write(results, args.out)
    print()
    print(report.markdown_table(results))
    print("\ntargets:")
    print("\n".join(report.targets(results)))
    print(f"\nrun time {results['run_seconds'] / 60:.1f} min · commit {results['git']['commit'][:10]}"
          f"{' (uncommitted changes)' if results['git']['dirty'] else ''}")
    for kind, path in files.items():
        print(f"  {kind:9} {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
