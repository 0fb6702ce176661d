"""The desk's CPU with N queue pages open and nothing happening, its streams polling the store or told of changes
through Redis: `python -m tests.desk.measure_live_events [N] [--before DIR]` (DIR: an older `desk/` package, e.g.
`git archive <commit> desk | tar -x -C DIR`, measured the same way). A throw-away SQLite store with 15 tickets."""
from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional

import requests

from bot.local_stack import ROOT, VENV_BIN, free_port, stop_process, wait_until
from tests.desk.harness import PASSWORD, DeskClient

IDLE_SECONDS = 30


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prepare_store(workdir: Path) -> Dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ORDER_STORE_URL": f"sqlite:///{workdir}/orders.db",
           "DESK_PASSWORD": PASSWORD}
    python = str(VENV_BIN / "python")
    subprocess.run([python, "-m", "store.cli", "import", str(ROOT / "demo" / "orders.json")], env=env, cwd=ROOT,
                   check=True, capture_output=True)
    subprocess.run([python, "-m", "desk", "user", "ivanova", "operator"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    tickets = ("from store import queries\n"
               "for n in range(15): queries.create_ticket(kind='operator', reason=f'r{n}', conversation_id=f'm-{n}', "
               "customer_id=None, order_id=None, summary='s', channel='rest')")
    subprocess.run([python, "-c", tickets], env=env, cwd=ROOT, check=True)
    return env


def desk_cpu(env: Dict[str, str], pages: int, workdir: Path, name: str) -> float:
    """Share of one core the desk used while `pages` queue pages stayed open and idle."""
    port = free_port()
    proc = subprocess.Popen([str(VENV_BIN / "python"), "-m", "desk"], cwd=ROOT,
                            env={**env, "DESK_PORT": str(port), "RASA_URL": "http://127.0.0.1:9"},
                            stdout=open(workdir / f"desk-{name}.log", "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    streams: List[requests.Response] = []
    try:
        wait_until(lambda: requests.get(f"{url}/health", timeout=2).ok, 60, "desk", proc)
        client = DeskClient(url).login("ivanova", PASSWORD)
        streams = [client.http.get(f"{url}/api/events", stream=True, timeout=(5, None)) for _ in range(pages)]
        for response in streams:
            threading.Thread(target=lambda r=response: [None for _ in r.iter_content(65536)], daemon=True).start()
        time.sleep(3)
        before, started = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(IDLE_SECONDS)
        return (cpu_seconds(proc.pid) - before) / (time.monotonic() - started)
    finally:
        for response in streams:
            response.close()
        stop_process(proc)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", type=int, nargs="?", default=20)
    parser.add_argument("--before", type=Path, help="a directory holding an older desk/ package")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="desk-live-events-"))
    env = prepare_store(workdir)
    redis_port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        setups = {"polling": env, "redis": {**env, "DESK_EVENTS_REDIS_URL": f"redis://127.0.0.1:{redis_port}/3"}}
        if args.before:
            setups = {"before": {**env, "PYTHONPATH": f"{args.before}:{ROOT}"}, **setups}
        for name, setup in setups.items():
            share = desk_cpu(setup, args.pages, workdir, name)
            print(f"{name}: {args.pages} queue pages open, idle {IDLE_SECONDS} s: desk CPU {share * 100:.1f} % of a core")
    finally:
        redis.terminate()
        redis.wait(timeout=20)


if __name__ == "__main__":
    main()
