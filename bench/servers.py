"""One configuration's servers for the benchmark: the test stack's action server and Rasa server
(bot/local_stack.py: free local ports, a throw-away order store loaded with demo/orders.json), but
started one after the other, the action server first, so that the Rasa server's start-up time is measured
on an otherwise idle machine; for any model archive; with start-up time, CPU time and peak memory."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from bot.local_stack import ROOT, VENV_BIN, Stack


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set) of a process and its descendants, in MiB."""
    total_kb = 0
    for p in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total_kb += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total_kb / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants so far."""
    total = 0.0
    for p in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def descendants(pid: int) -> List[int]:
    found: List[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in map(int, children.read_text().split()):
            found += [child, *descendants(child)]
    return found


@dataclass
class Servers(Stack):
    model: Path = ROOT / "models"
    actions: Optional[subprocess.Popen] = None
    rasa: Optional[subprocess.Popen] = None
    actions_startup_s: float = 0.0
    rasa_startup_s: float = 0.0
    profile_out: Optional[Path] = None  # run the Rasa server under cProfile (bench/profiled_rasa.py)
    sql_tracker_store: bool = False  # conversations in SQLite (Rasa's SQLTrackerStore) instead of in memory
    tracker_store: Optional[Dict[str, object]] = None  # another tracker store than endpoints.yml's
    event_broker: bool = True  # endpoints.yml's event broker, or none (what the analytics events cost)

    def start(self) -> "Servers":
        self.workdir.mkdir(parents=True, exist_ok=True)
        for old in ("orders.db", "trackers.db", "conversations.db", "conversations.db-wal", "conversations.db-shm"):
            (self.workdir / old).unlink(missing_ok=True)
        self.import_demo()
        sql = {"type": "SQL", "dialect": "sqlite", "db": str(self.workdir / "trackers.db")}
        endpoints = self.write_endpoints(sql if self.sql_tracker_store else self.tracker_store, self.event_broker)

        started = time.monotonic()
        self.actions = self.start_action_server()
        self.wait_for_action_server(self.actions)
        self.actions_startup_s = time.monotonic() - started

        started = time.monotonic()  # start-up: from the process start to /status naming the loaded model
        if self.profile_out:
            profiled = [str(VENV_BIN / "python"), "-m", "bench.profiled_rasa"]
            self.rasa = self.start_rasa_server(endpoints, self.model, profiled,
                                               env={"BENCH_PROFILE_OUT": str(self.profile_out)})
        else:
            self.rasa = self.start_rasa_server(endpoints, self.model)
        self.wait_for_rasa_server(self.rasa)
        self.rasa_startup_s = time.monotonic() - started
        return self

    def peak_memory_mb(self) -> Dict[str, float]:
        assert self.rasa and self.actions
        return {"rasa": peak_rss_mb(self.rasa.pid), "actions": peak_rss_mb(self.actions.pid)}

    def cpu_seconds(self) -> Dict[str, float]:
        assert self.rasa and self.actions
        return {"rasa": cpu_seconds(self.rasa.pid), "actions": cpu_seconds(self.actions.pid)}

    def stop(self) -> None:
        """SIGINT first (Sanic's clean shutdown, like Ctrl-C), then SIGTERM, then SIGKILL."""
        for proc in (self.rasa, self.actions):
            if proc is None or proc.poll() is not None:
                continue
            for sig, wait_s in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                proc.send_signal(sig)
                try:
                    proc.wait(timeout=wait_s)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self.rasa = self.actions = None
        self.procs.clear()

    def __enter__(self) -> "Servers":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()
