"""One RabbitMQ node (bot/rabbitmq_server.py), the assistant publishing to it through Rasa's Pika broker, and the
analytics consumer as a process the tests can kill and start again."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest
import requests

from bot.analytics_consumer import with_pika_broker
from bot.local_stack import VENV_BIN, ROOT, Customer, Stack, endpoints_for
from bot.rabbitmq_server import RabbitMQ, ensure_installed

PIKA_ENDPOINTS = "endpoints-pika.yml"


class ConsumerProcess:
    """`python -m bot.analytics_consumer` writing into the stack's events table."""

    def __init__(self, stack: Stack, rabbit: RabbitMQ, log: Path) -> None:
        self.stack, self.rabbit, self.log = stack, rabbit, log
        self.endpoints = stack.workdir / PIKA_ENDPOINTS  # the Rasa server's: the consumer reads its queue from it
        self.proc: Optional[subprocess.Popen] = None

    def start(self) -> "ConsumerProcess":
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "bot.analytics_consumer", "--endpoints", str(self.endpoints)], cwd=ROOT, env=self.stack.environment(),
            stdout=open(self.log, "a"), stderr=subprocess.STDOUT)
        return self

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, whatever it holds unacknowledged goes back to the queue."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="session")
def rabbit() -> Iterator[RabbitMQ]:
    ensure_installed()
    node = RabbitMQ()
    try:
        yield node.start()
    finally:
        node.remove()


@pytest.fixture(scope="session")
def stack(rabbit: RabbitMQ, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("stack"))
    running.workdir.mkdir(parents=True, exist_ok=True)
    running.import_demo()
    endpoints = running.workdir / PIKA_ENDPOINTS
    endpoints.write_text(with_pika_broker(endpoints_for(f"http://127.0.0.1:{running.actions_port}/webhook"),
                                          rabbit.url))
    actions = running.start_action_server()
    rasa = running.start_rasa_server(endpoints)
    try:
        running.wait_for_action_server(actions)
        running.wait_for_rasa_server(rasa)
    except Exception:
        running.stop()
        raise
    # This process reads what the consumer wrote, as the desk does.
    os.environ["ORDER_STORE_URL"] = running.store_url
    os.environ["EVENT_BROKER_URL"] = running.events_url
    yield running
    running.stop()


@pytest.fixture
def consumer(stack: Stack, rabbit: RabbitMQ) -> Iterator[ConsumerProcess]:
    process = ConsumerProcess(stack, rabbit, stack.workdir / "consumer.log").start()
    yield process
    process.stop()


@pytest.fixture
def customer(stack: Stack) -> Customer:
    return Customer(stack)


def tracker_events(stack: Stack, sender: str) -> List[Dict[str, Any]]:
    response = requests.get(f"{stack.base_url}/conversations/{sender}/tracker", timeout=10)
    response.raise_for_status()
    return response.json()["events"]


def event_keys(events: List[Dict[str, Any]]) -> List[tuple]:
    return sorted((e.get("event"), e.get("timestamp"), e.get("text") or e.get("name")) for e in events)


def wait_for(check, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout:.0f} s")
        time.sleep(0.2)
