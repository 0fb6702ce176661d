"""The assistant started locally as a customer meets it: action server + Rasa server on free ports, a throw-away
order store loaded with the demo data, a pinned CLOCK_TODAY. Used by the tests, the benchmark and the voice demo."""
from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
DEMO_DATA = ROOT / "demo" / "orders.json"
TEST_TODAY = "2026-11-20"


def endpoints_for(action_server_url: str, tracker_store: Optional[Dict[str, Any]] = None,
                  events_db: Optional[Path] = None, event_broker: bool = True) -> str:
    """The project's endpoints.yml with the action server at another address (and another tracker store; the SQL
    event broker's SQLite file elsewhere, or no event broker at all)."""
    import yaml

    config = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    config["action_endpoint"]["url"] = action_server_url
    if tracker_store:
        config["tracker_store"] = tracker_store
    if not event_broker:
        config.pop("event_broker", None)
    broker = config.get("event_broker") or {}
    if events_db is not None and broker.get("dialect", "sqlite") == "sqlite" and "db" in broker:
        broker["db"] = str(events_db)
    return yaml.safe_dump(config, allow_unicode=True)


_HANDED_OUT: set = set()  # ports free_port() has given this process


def free_port() -> int:
    """A port free now and not given before by this process: each pick closes its socket, so two picks for two
    servers of one stack could otherwise coincide (a RabbitMQ node's epmd and distribution ports once did)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def wait_until(check, timeout: float, what: str, proc: Optional[subprocess.Popen] = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {proc.returncode}")
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{what}: not ready after {timeout:.0f}s")


def accepts_connections(port: int) -> bool:
    """Something listens on this local port (a server started in the background is up)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def stop_process(proc: Optional[subprocess.Popen], timeout: float = 10.0) -> None:
    """Terminate a child server, and kill it if it has not stopped within `timeout` seconds."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


@dataclass
class Stack:
    workdir: Path
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    env: Dict[str, str] = field(default_factory=dict)
    procs: List[subprocess.Popen] = field(default_factory=list)
    credentials: Optional[Path] = None  # default: the repository's credentials.yml

    @property
    def store_url(self) -> str:
        return f"sqlite:///{self.workdir / 'orders.db'}"

    @property
    def events_url(self) -> str:
        """Rasa's SQL event broker writes this stack's events here (not into var/)."""
        return f"sqlite:///{self.workdir / 'events.db'}"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def environment(self) -> Dict[str, str]:
        env = dict(os.environ)
        env.update({
            "PYTHONPATH": str(ROOT), "ORDER_STORE_URL": self.store_url, "CLOCK_TODAY": TEST_TODAY,
            "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3", "ASSISTANT_NAME": "Алиса",
            "EVENT_BROKER_URL": self.events_url,
            "CONVERSATIONS_DB": str(self.workdir / "conversations.db"),
            "PENDING_ACTIONS_DB": str(self.workdir / "pending_actions.db"),
            "VOICE_CALLS_DB": str(self.workdir / "voice_calls.db"),
            "TELEGRAM_CHATS_DB": str(self.workdir / "telegram_chats.db"),
        })
        env.update(self.env)
        return env

    def import_demo(self) -> None:
        subprocess.run([str(VENV_BIN / "python"), "-m", "store.cli", "import", str(DEMO_DATA)], cwd=ROOT,
                       env=self.environment(), check=True, capture_output=True)

    def write_endpoints(self, tracker_store: Optional[Dict[str, Any]] = None, event_broker: bool = True) -> Path:
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(endpoints_for(f"http://127.0.0.1:{self.actions_port}/webhook", tracker_store,
                                           self.workdir / "events.db", event_broker))
        return endpoints

    def start_action_server(self) -> subprocess.Popen:
        proc = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.actions_port)],
            cwd=ROOT, env=self.environment(), stdout=open(self.workdir / "actions.log", "w"), stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def start_rasa_server(self, endpoints: Path, model: Optional[Path] = None,
                          rasa: Sequence[str] = (str(VENV_BIN / "python"), "-m", "bot.rasa_cli"),
                          env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
        """`rasa run` with the REST channel and the HTTP API, through the project's entry point (bot/rasa_cli.py:
        with the speed-ups unless RASA_SPEEDUPS=0); `rasa`: another way to start the same CLI. `model`: a model
        file or folder, by default $ASSISTANT_MODEL or models/ (the newest model there)."""
        model = model or Path(os.environ.get("ASSISTANT_MODEL") or ROOT / "models")
        proc = subprocess.Popen(
            [*rasa, "run", "--enable-api", "--port", str(self.rasa_port), "--endpoints", str(endpoints),
             "--credentials", str(self.credentials or ROOT / "credentials.yml"), "--model", str(model)],
            cwd=ROOT, env={**self.environment(), **(env or {})}, stdout=open(self.workdir / "rasa.log", "w"),
            stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def wait_for_action_server(self, proc: subprocess.Popen) -> None:
        wait_until(lambda: requests.get(f"http://127.0.0.1:{self.actions_port}/health", timeout=2).ok, 120,
                   "action server", proc)

    def wait_for_rasa_server(self, proc: subprocess.Popen) -> None:
        """Until /status names the loaded model."""
        wait_until(lambda: requests.get(f"{self.base_url}/status", timeout=2).json().get("model_file"), 300,
                   "Rasa server", proc)

    def start(self) -> "Stack":
        """Both servers at once (the tests' way: the shortest start)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.import_demo()
        actions = self.start_action_server()
        rasa = self.start_rasa_server(self.write_endpoints())
        self.wait_for_action_server(actions)
        self.wait_for_rasa_server(rasa)
        return self

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs.clear()

    def send(self, sender: str, message: str, metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        body: Dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        response = requests.post(f"{self.base_url}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return response.json()


class Customer:
    """One conversation: what the customer writes and the texts the assistant answers."""

    def __init__(self, stack: Stack, sender: Optional[str] = None) -> None:
        self.stack = stack
        self.sender = sender or f"test-{uuid.uuid4().hex[:10]}"
        self.transcript: List[str] = []

    def says(self, message: str, metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        replies = self.stack.send(self.sender, message, metadata)
        self.transcript.append(f"> {message}")
        self.transcript += [f"< {r.get('text') or r.get('custom')}" for r in replies]
        return replies

    def says_text(self, message: str) -> str:
        return "\n".join(r["text"] for r in self.says(message) if r.get("text"))

    def tickets(self) -> List[Any]:
        os.environ["ORDER_STORE_URL"] = self.stack.store_url
        from store import queries

        return queries.tickets(self.sender)
