"""A throw-away RabbitMQ node (Debian's rabbitmq-server) on free ports in a temporary directory: the queue between
Rasa's Pika event broker and the analytics consumer in the tests and `make serve-scaled`.

The node keeps its own Erlang port mapper (ERL_EPMD_PORT), cookie (HOME) and node name, so it never meets the
package's service or another test's node; `stop()` shuts it down the way RabbitMQ intends (SIGTERM → rabbitmqctl
stop) and `start()` again brings the same node back with its durable queues and the messages not yet consumed.
`python -m bot.rabbitmq_server` runs one in the foreground and prints its AMQP URL.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional

from bot.local_stack import ROOT, accepts_connections, free_port, wait_until

RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")
INSTALL_SCRIPT = ROOT / "scripts" / "install_rabbitmq.sh"
START_TIMEOUT = 60  # seconds; a cold node on a loaded machine takes ~5


def ensure_installed() -> None:
    """scripts/install_rabbitmq.sh: immediate when the package is there, apt-get otherwise."""
    subprocess.run([str(INSTALL_SCRIPT)], check=True)


@dataclass
class RabbitMQ:
    """One node; `url` is what Rasa's Pika broker and the consumer connect to (guest is allowed from localhost)."""

    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="assistant-rabbitmq-")))
    port: int = field(default_factory=free_port)
    dist_port: int = field(default_factory=free_port)
    epmd_port: int = field(default_factory=free_port)
    node: str = field(default_factory=lambda: f"assistant-{uuid.uuid4().hex[:8]}@localhost")
    proc: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def environment(self) -> Dict[str, str]:
        (self.workdir / "enabled_plugins").write_text("[].\n")  # no management plugin: nothing else listens
        env = dict(os.environ)
        env.update({
            "HOME": str(self.workdir),  # the Erlang cookie, shared with rabbitmqctl through the same HOME
            "RABBITMQ_NODENAME": self.node, "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port), "RABBITMQ_DIST_PORT": str(self.dist_port),
            "ERL_EPMD_PORT": str(self.epmd_port), "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_MNESIA_BASE": str(self.workdir / "mnesia"), "RABBITMQ_LOG_BASE": str(self.workdir / "log"),
            "RABBITMQ_CONFIG_FILE": str(self.workdir / "rabbitmq"),  # absent: the defaults
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(self.workdir / "advanced.config"),
            "RABBITMQ_CONF_ENV_FILE": str(self.workdir / "rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.workdir / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(self.workdir / "rabbitmq.pid"),
        })
        return env

    def _ctl(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
        return subprocess.run([str(RABBITMQ_BIN / "rabbitmqctl"), "--node", self.node, *args],
                              env=self.environment(), capture_output=True, text=True, timeout=timeout)

    def start(self) -> "RabbitMQ":
        """Start the node (again, after `stop()`: same ports, same data) and wait until it accepts clients."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = open(self.workdir / "server.log", "a")
        self.proc = subprocess.Popen([str(RABBITMQ_BIN / "rabbitmq-server")], env=self.environment(), cwd=self.workdir,
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:  # the AMQP listener opens last, once the node has booted
            wait_until(lambda: accepts_connections(self.port), START_TIMEOUT, "rabbitmq-server", self.proc)
        except (RuntimeError, TimeoutError) as error:
            self.stop()
            raise RuntimeError(f"{error} (log: {self.workdir / 'server.log'})") from error
        return self

    def queue_depth(self, queue: str) -> int:
        """Messages in `queue` not yet acknowledged by a consumer (ready + unacknowledged)."""
        listed = self._ctl("list_queues", "--quiet", "--no-table-headers", "name", "messages")
        for line in listed.stdout.splitlines():
            name, _, count = line.strip().rpartition("\t")
            if name == queue:
                return int(count)
        return 0

    def connections(self) -> int:
        """Clients connected now (Rasa's broker and the consumer reconnect after a restart)."""
        listed = self._ctl("list_connections", "--quiet", "--no-table-headers", "name")
        return len([line for line in listed.stdout.splitlines() if line.strip()])

    def stop(self) -> None:
        """Shut the node down cleanly; its data stays in `workdir` for another `start()`."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the server script answers with `rabbitmqctl stop`
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None
        # The node's own port mapper outlives it (Erlang starts epmd detached).
        subprocess.run(["epmd", "-port", str(self.epmd_port), "-kill"], capture_output=True,
                       env=self.environment(), check=False)

    def remove(self) -> None:
        """Stop and delete the node's directory."""
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def main() -> None:
    ensure_installed()
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    server = RabbitMQ()
    try:
        server.start()
        print(f"RabbitMQ {server.node}: {server.url} (data in {server.workdir}); Ctrl-C stops it", flush=True)
        while not stopping.wait(1):
            if server.proc is None or server.proc.poll() is not None:
                raise SystemExit(f"rabbitmq-server exited (log: {server.workdir / 'server.log'})")
    finally:
        server.remove()


if __name__ == "__main__":
    main()
