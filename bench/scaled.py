"""The scaled topology as a benchmark setup (`make bench BENCH_ARGS="--topology scaled"`): bot/scaled_stack.py with
1 or 2 Rasa workers, conversations in Redis or PostgreSQL, with CPU time per process group (the Rasa workers, the
action servers, Redis, PostgreSQL, HAProxy) and peak memory, measured like bench/servers.py measures one stack."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from bench.servers import cpu_seconds, peak_rss_mb
from bot.scaled_stack import ScaledStack


@dataclass(frozen=True)
class ScaledSetup:
    workers: int
    tracker_store: str  # "redis" | "postgresql"
    label: str


SCALED_SETUPS: Dict[str, ScaledSetup] = {
    "scaled-1-redis": ScaledSetup(1, "redis", "scaled, 1 worker, Redis"),
    "scaled-2-redis": ScaledSetup(2, "redis", "scaled, 2 workers, Redis"),
    "scaled-2-postgresql": ScaledSetup(2, "postgresql", "scaled, 2 workers, PostgreSQL"),
}


def _postgres_pids(stack: ScaledStack) -> List[int]:
    assert stack.postgres
    pid_file = stack.postgres.data / "postmaster.pid"
    return [int(pid_file.read_text().split()[0])] if pid_file.exists() else []


class ScaledServers:
    def __init__(self, workdir: Path, model: Path, setup: ScaledSetup) -> None:
        import os

        os.environ["ASSISTANT_MODEL"] = str(model)  # the workers load the benchmark's model
        self.stack = ScaledStack(workdir, workers=setup.workers, action_workers=setup.workers,
                                 tracker_store_kind=setup.tracker_store)
        self.rasa_startup_s = 0.0
        self.actions_startup_s = 0.0

    @property
    def base_url(self) -> str:
        return self.stack.base_url

    def _groups(self) -> Dict[str, List[int]]:
        stack = self.stack
        assert stack.redis and stack.redis.proc and stack.haproxy and stack.haproxy.proc
        actions = [p.pid for p in stack.procs if "rasa_sdk" in p.args]
        return {"rasa": [p.pid for p in stack.rasa_procs.values()], "actions": actions,
                "redis": [stack.redis.proc.pid], "postgres": _postgres_pids(stack), "haproxy": [stack.haproxy.proc.pid]}

    def cpu_seconds(self) -> Dict[str, float]:
        return {group: sum(cpu_seconds(pid) for pid in pids) for group, pids in self._groups().items()}

    def peak_memory_mb(self) -> Dict[str, float]:
        return {group: sum(peak_rss_mb(pid) for pid in pids) for group, pids in self._groups().items()}

    def __enter__(self) -> "ScaledServers":
        started = time.monotonic()
        try:
            self.stack.start()
        except BaseException:
            self.stack.stop()
            raise
        self.rasa_startup_s = time.monotonic() - started  # the whole topology, databases included
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.stop()
