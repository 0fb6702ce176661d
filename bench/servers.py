"""One configuration's servers for the benchmark: a fresh action server and Rasa server on free local
ports, a throw-away order store loaded with demo/orders.json, start-up time and peak memory (VmHWM).

Like tests/support/stack.py, but started one after the other (the action server first), so that the Rasa
server's start-up time is measured on an otherwise idle machine, and for any model archive."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import requests

from tests.support.stack import endpoints_for, free_port, wait_until

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
DEMO_DATA = ROOT / "demo" / "orders.json"
TODAY = "2026-11-20"


def environment(store_url: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": str(ROOT), "ORDER_STORE_URL": store_url, "CLOCK_TODAY": TODAY,
        "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3", "ASSISTANT_NAME": "Алиса",
    })
    return env


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
class Servers:
    model: Path
    workdir: Path
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    actions: Optional[subprocess.Popen] = None
    rasa: Optional[subprocess.Popen] = None
    actions_startup_s: float = 0.0
    rasa_startup_s: float = 0.0
    profile_out: Optional[Path] = None  # run the Rasa server under cProfile (bench/profiled_rasa.py)
    sql_tracker_store: bool = False  # conversations in SQLite (Rasa's SQLTrackerStore) instead of in memory

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self) -> "Servers":
        self.workdir.mkdir(parents=True, exist_ok=True)
        store = self.workdir / "orders.db"
        store.unlink(missing_ok=True)
        env = environment(f"sqlite:///{store}")
        subprocess.run([str(VENV_BIN / "python"), "-m", "store.cli", "import", str(DEMO_DATA)],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        endpoints = self.workdir / "endpoints.yml"
        trackers = self.workdir / "trackers.db"
        trackers.unlink(missing_ok=True)
        sql = {"type": "SQL", "dialect": "sqlite", "db": str(trackers)} if self.sql_tracker_store else None
        endpoints.write_text(endpoints_for(f"http://127.0.0.1:{self.actions_port}/webhook", tracker_store=sql))

        started = time.monotonic()
        self.actions = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.actions_port)],
            cwd=ROOT, env=env, stdout=open(self.workdir / "actions.log", "w"), stderr=subprocess.STDOUT)
        wait_until(lambda: requests.get(f"http://127.0.0.1:{self.actions_port}/health", timeout=2).ok, 120,
                   "action server", self.actions)
        self.actions_startup_s = time.monotonic() - started

        # Start-up: from the process start to /status naming the loaded model.
        started = time.monotonic()
        rasa = [str(VENV_BIN / "rasa")]
        if self.profile_out:
            rasa = [str(VENV_BIN / "python"), "-m", "bench.profiled_rasa"]
            env["BENCH_PROFILE_OUT"] = str(self.profile_out)
        self.rasa = subprocess.Popen(
            [*rasa, "run", "--enable-api", "--port", str(self.rasa_port),
             "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml"), "--model", str(self.model)],
            cwd=ROOT, env=env, stdout=open(self.workdir / "rasa.log", "w"), stderr=subprocess.STDOUT)
        wait_until(lambda: requests.get(f"{self.base_url}/status", timeout=2).json().get("model_file"), 300,
                   "Rasa server", self.rasa)
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

    def __enter__(self) -> "Servers":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()
