"""The scaled topology started locally on real engines: PostgreSQL (the order store, and the tracker store when
chosen), Redis (Rasa's RedisLockStore, and the tracker store when chosen), several Rasa server processes and
several action servers, each group behind HAProxy. Used by `make serve-scaled`, the scaled tests and the
benchmark; every server runs on a free port in a throw-away directory and goes away with `stop()`.

PostgreSQL refuses to run as root: as root, the cluster belongs to a system user made for it (`DB_USER`), and
initdb/pg_ctl run as that user through `runuser`. The programs come from Debian (scripts/install_scaled_deps.sh).
"""
from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests

from bot.local_stack import (ROOT, VENV_BIN, Stack, accepts_connections, endpoints_for, free_port, stop_process,
                             wait_until)

DB_USER = "assistant-db"
TELEGRAM_PATH = "/telegram/"  # the Telegram webhook's path prefix at the load balancer
TRACKER_STORES = ("redis", "postgresql")


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: scripts/install_scaled_deps.sh")
    return found[-1].parent


@dataclass
class Postgres:
    """A throw-away PostgreSQL cluster: trust authentication on 127.0.0.1 only, databases `orders`, `trackers`.
    Its directory is a fresh one of its own under the system's temporary directory (the cluster's owner must
    reach it, and a test's directory is private to root), deleted by `stop()`."""

    port: int = field(default_factory=free_port)
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="assistant-pg-")))

    @property
    def data(self) -> Path:
        return self.workdir / "pgdata"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _as_owner(self, *command: str) -> List[str]:
        if os.geteuid() != 0:
            return list(command)
        return ["runuser", "-u", DB_USER, "--", *command]

    def _ensure_owner(self) -> None:
        if os.geteuid() != 0:
            return
        try:
            pwd.getpwnam(DB_USER)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", DB_USER],
                           check=True)
        shutil.chown(self.workdir, DB_USER)
        os.chmod(self.workdir, 0o700)

    def start(self) -> "Postgres":
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._ensure_owner()
        bin_dir = postgres_bin()
        subprocess.run(self._as_owner(str(bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres",
                                      "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"),
                       check=True, capture_output=True)
        self.resume()
        for database in ("orders", "trackers"):
            subprocess.run(self._as_owner(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                                          "-U", "postgres", database), check=True, capture_output=True)
        return self

    def resume(self) -> None:
        """Starts the server on its cluster (again, after `halt()`)."""
        options = (f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=on "
                   f"-c max_connections=200 -c shared_buffers=64MB")
        subprocess.run(self._as_owner(str(postgres_bin() / "pg_ctl"), "-D", str(self.data), "-o", options,
                                      "-l", str(self.workdir / "postgres.log"), "-w", "start"),
                       check=True, capture_output=True)

    def halt(self) -> None:
        """Stops the server, keeping its data (`resume()` starts it again)."""
        if self.data.exists():
            subprocess.run(self._as_owner(str(postgres_bin() / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                                          "-w", "stop"), capture_output=True)

    def stop(self) -> None:
        self.halt()
        shutil.rmtree(self.workdir, ignore_errors=True)


@dataclass
class Redis:
    """redis-server in the foreground with its append-only file (fsync every second): the conversations it holds
    outlive a restart of Redis."""

    workdir: Path
    port: int = field(default_factory=free_port)
    proc: Optional[subprocess.Popen] = None

    def start(self) -> "Redis":
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.workdir),
             "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--protected-mode", "yes"],
            stdout=open(self.workdir / "redis.log", "a"), stderr=subprocess.STDOUT)
        wait_until(lambda: accepts_connections(self.port), 30, "redis-server", self.proc)
        return self

    def stop(self) -> None:
        stop_process(self.proc, 20)
        self.proc = None

    def restart(self, down_seconds: float = 0.0) -> None:
        """Stopped, away for `down_seconds`, started again on the same port with the same data."""
        self.stop()
        time.sleep(down_seconds)
        self.start()


@dataclass
class HAProxy:
    """Round robin over the Rasa workers and over the action servers; a dead server is taken out by the
    health check and the request it was given goes to another one (`retries`, `option redispatch`). Telegram's
    webhook (`TELEGRAM_PATH`) goes from the assistant's front door to the Telegram front."""

    workdir: Path
    rasa_ports: List[int]
    action_ports: List[int]
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    telegram_ports: List[int] = field(default_factory=lambda: [free_port(), free_port()])  # the Telegram fronts' webhooks
    proc: Optional[subprocess.Popen] = None

    def config(self) -> str:
        def servers(name: str, ports: List[int], health: str) -> str:
            lines = [f"backend {name}", "  balance roundrobin", f"  option httpchk GET {health}",
                     "  retry-on conn-failure empty-response response-timeout", "  retries 3", "  option redispatch"]
            # a worker busy with 100 conversations answers /status late: only a refused connection or three
            # missed checks in a row (6 s) take it out; a killed worker refuses at once (retry-on conn-failure)
            lines += [f"  server {name}{n} 127.0.0.1:{port} check inter 2s fall 3 rise 1"
                      for n, port in enumerate(ports, 1)]
            return "\n".join(lines)

        return "\n".join([
            "global", "  maxconn 4096", f"  stats socket {self.workdir / 'haproxy.sock'} mode 600",
            "defaults", "  mode http", "  timeout connect 2s", "  timeout client 120s", "  timeout server 120s",
            "  timeout check 10s",
            f"frontend rasa\n  bind 127.0.0.1:{self.rasa_port}\n  acl telegram path_beg {TELEGRAM_PATH}\n"
            "  use_backend telegram_front if telegram\n  default_backend rasa_workers",
            f"frontend actions\n  bind 127.0.0.1:{self.actions_port}\n  default_backend action_workers",
            servers("rasa_workers", self.rasa_ports, "/status"),
            servers("action_workers", self.action_ports, "/health"),
            # the Telegram fronts share their chats' state in Redis; a TCP check takes a dead one out, and the update
            # it was given goes to another (with no front yet, Telegram gets 503 and sends the update again later)
            "\n".join(["backend telegram_front", "  retry-on conn-failure empty-response", "  retries 3",
                       "  option redispatch"] + [f"  server telegram_front{n} 127.0.0.1:{port} check inter 1s fall 1"
                                                " rise 1" for n, port in enumerate(self.telegram_ports, 1)]), ""])

    def start(self) -> "HAProxy":
        self.workdir.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "haproxy.cfg"
        config.write_text(self.config())
        self.proc = subprocess.Popen(["haproxy", "-db", "-f", str(config)],
                                     stdout=open(self.workdir / "haproxy.log", "w"), stderr=subprocess.STDOUT)
        wait_until(lambda: accepts_connections(self.rasa_port) and accepts_connections(self.actions_port), 30, "haproxy", self.proc)
        return self

    def stop(self) -> None:
        stop_process(self.proc, 20)

    def requests_served(self, backend: str = "rasa_workers") -> Dict[int, int]:
        """Requests each server of a backend has been given so far, by port (HAProxy's `show stat`)."""
        with socket.socket(socket.AF_UNIX) as stats:
            stats.connect(str(self.workdir / "haproxy.sock"))
            stats.sendall(b"show stat\n")
            raw = b""
            while chunk := stats.recv(65536):
                raw += chunk
        lines = raw.decode().lstrip("# ").splitlines()
        header = lines[0].split(",")
        ports = {"rasa_workers": self.rasa_ports, "action_workers": self.action_ports,
                 "telegram_front": self.telegram_ports}[backend]
        served: Dict[int, int] = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(",")))
            if row.get("pxname") == backend and row.get("svname", "").startswith(backend):
                served[ports[int(row["svname"][len(backend):]) - 1]] = int(row["stot"] or 0)
        return served


@dataclass
class ScaledStack(Stack):
    """`workers` Rasa servers and `action_workers` action servers behind HAProxy, on Redis and PostgreSQL."""

    workers: int = 2
    action_workers: int = 2
    tracker_store_kind: str = "redis"  # or "postgresql"
    postgres: Optional[Postgres] = None
    redis: Optional[Redis] = None
    haproxy: Optional[HAProxy] = None
    rasa_ports: List[int] = field(default_factory=list)
    action_ports: List[int] = field(default_factory=list)
    rasa_procs: Dict[int, subprocess.Popen] = field(default_factory=dict)
    haproxy_port: Optional[int] = None  # where HAProxy takes the assistant's requests; default: a free port
    telegram_procs: Dict[int, subprocess.Popen] = field(default_factory=dict)
    telegram_secret: Dict[str, str] = field(default_factory=dict)  # one webhook secret per bot, for all its fronts

    @property
    def store_url(self) -> str:
        assert self.postgres, "start() first"
        return self.postgres.url("orders")

    @property
    def base_url(self) -> str:
        assert self.haproxy, "start() first"
        return f"http://127.0.0.1:{self.haproxy.rasa_port}"

    def tracker_store(self) -> Dict[str, Any]:
        assert self.redis and self.postgres
        if self.tracker_store_kind == "redis":
            # kept as long as a session lasts (60 min) and then some: Redis forgets them by itself
            return {"type": "redis", "url": "127.0.0.1", "port": self.redis.port, "db": 0,
                    "key_prefix": "assistant", "record_exp": 2 * 3600}
        return {"type": "SQL", "dialect": "postgresql", "url": "127.0.0.1", "port": self.postgres.port,
                "db": "trackers", "username": "postgres", "password": ""}

    def environment(self) -> Dict[str, str]:
        env = super().environment()
        if self.redis is not None:  # the jambonz calls' state shared by the workers: a call's hooks go to any of them
            env["VOICE_CALLS_REDIS_URL"] = f"redis://127.0.0.1:{self.redis.port}/2"
            # the desk's live events (a hand-over written by any action server reaches every desk process at once)
            env["DESK_EVENTS_REDIS_URL"] = f"redis://127.0.0.1:{self.redis.port}/3"
            env["TELEGRAM_CHATS_REDIS_URL"] = f"redis://127.0.0.1:{self.redis.port}/4"  # shared by the fronts
        return env

    def endpoints(self) -> Path:
        import yaml

        assert self.redis and self.haproxy
        config = yaml.safe_load(endpoints_for(f"http://127.0.0.1:{self.haproxy.actions_port}/webhook",
                                              self.tracker_store()))
        config["lock_store"] = {"type": "redis", "url": "127.0.0.1", "port": self.redis.port, "db": 1,
                                "key_prefix": "assistant"}
        path = self.workdir / "endpoints.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True))
        return path

    def _process(self, name: str, command: List[str]) -> subprocess.Popen:
        proc = subprocess.Popen(command, cwd=ROOT, env=self.environment(),
                                stdout=open(self.workdir / f"{name}.log", "a"), stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def start_rasa_worker(self, port: int) -> subprocess.Popen:
        model = Path(os.environ.get("ASSISTANT_MODEL") or ROOT / "models")
        proc = self._process(f"rasa-{port}", [
            str(VENV_BIN / "python"), "-m", "bot.rasa_cli", "run", "--enable-api", "--port", str(port),
            "--endpoints", str(self.workdir / "endpoints.yml"),
            "--credentials", str(self.credentials or ROOT / "credentials.yml"), "--model", str(model)])
        self.rasa_procs[port] = proc
        return proc

    def start_action_worker(self, port: int) -> subprocess.Popen:
        return self._process(f"actions-{port}", [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                                                 "--port", str(port)])

    def wait_for_worker(self, port: int) -> None:
        wait_until(lambda: requests.get(f"http://127.0.0.1:{port}/status", timeout=2).json().get("model_file"),
                   300, f"Rasa worker {port}", self.rasa_procs[port])

    def start(self) -> "ScaledStack":
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.postgres = Postgres().start()
        self.redis = Redis(self.workdir / "redis").start()
        self.import_demo()
        self.rasa_ports = [free_port() for _ in range(self.workers)]
        self.action_ports = [free_port() for _ in range(self.action_workers)]
        self.haproxy = HAProxy(self.workdir / "haproxy", self.rasa_ports, self.action_ports,
                               rasa_port=self.haproxy_port or free_port()).start()
        self.endpoints()
        actions = {port: self.start_action_worker(port) for port in self.action_ports}
        for port in self.rasa_ports:
            self.start_rasa_worker(port)
        for port, proc in actions.items():
            wait_until(lambda: requests.get(f"http://127.0.0.1:{port}/health", timeout=2).ok, 120,
                       f"action server {port}", proc)
        for port in self.rasa_ports:
            self.wait_for_worker(port)
        wait_until(lambda: requests.get(f"{self.base_url}/status", timeout=2).ok, 30, "HAProxy → Rasa")
        return self

    def start_telegram_front(self, token: str, public_url: Optional[str] = None, front: int = 0,
                             **env: str) -> subprocess.Popen:
        """Telegram front number `front` in webhook mode behind HAProxy: Telegram posts to `public_url` (default:
        HAProxy's address), HAProxy passes the path to one of the fronts, which asks the Rasa workers through HAProxy.
        The fronts share the chats' state in Redis and one webhook secret (each front registers the webhook)."""
        assert self.haproxy, "start() first"
        webhook = (public_url or self.base_url).rstrip("/") + TELEGRAM_PATH + "webhook"
        secret = self.telegram_secret.setdefault(token, secrets.token_urlsafe(32))
        settings = {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_WEBHOOK_URL": webhook, "RASA_URL": self.base_url,
                    "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1", "TELEGRAM_WEBHOOK_SECRET": secret,
                    "TELEGRAM_WEBHOOK_PORT": str(self.haproxy.telegram_ports[front]), **env}
        log = self.workdir / f"telegram-{front}.log"
        started = log.read_text(encoding="utf-8").count("Application started") if log.exists() else 0
        proc = subprocess.Popen([str(VENV_BIN / "python"), "-m", "bot.telegram"], cwd=ROOT,
                                env={**self.environment(), **settings}, stdout=open(log, "a"),
                                stderr=subprocess.STDOUT)
        self.procs.append(proc)
        wait_until(lambda: log.read_text(encoding="utf-8").count("Application started") > started, 60,
                   "Telegram front", proc)
        self.telegram_procs[front] = proc
        return proc

    def kill_telegram_front(self, front: int) -> None:
        """SIGKILL, as a crash would end it."""
        proc = self.telegram_procs.pop(front)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        self.procs.remove(proc)

    def kill_worker(self, port: int) -> None:
        """SIGKILL: a worker that crashes, as opposed to one that is stopped."""
        proc = self.rasa_procs.pop(port)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        self.procs.remove(proc)

    def stop(self) -> None:
        super().stop()
        self.rasa_procs.clear()
        for server in (self.haproxy, self.redis, self.postgres):
            if server is not None:
                server.stop()


def main(argv: Optional[List[str]] = None) -> None:
    """`make serve-scaled`: the topology on this machine until interrupted (a demo and a load-test target: the
    databases are throw-away, loaded with the demo data)."""
    import argparse

    parser = argparse.ArgumentParser(description="several Rasa workers behind HAProxy, on Redis and PostgreSQL")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("RASA_WORKERS", 2)))
    parser.add_argument("--action-workers", type=int, default=int(os.environ.get("ACTION_WORKERS", 2)))
    parser.add_argument("--tracker-store", choices=TRACKER_STORES, default="redis")
    parser.add_argument("--port", type=int, default=int(os.environ.get("RASA_PORT", 5005)),
                        help="where HAProxy takes the assistant's requests (5005)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="assistant-scaled-"))
    stack = ScaledStack(workdir, workers=args.workers, action_workers=args.action_workers,
                        tracker_store_kind=args.tracker_store)
    stack.haproxy_port = args.port

    def stop_on_signal(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt  # SIGTERM ends it like Ctrl-C (the servers it started have their own handlers)

    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        stack.start()
        assert stack.haproxy and stack.postgres and stack.redis
        if os.environ.get("TELEGRAM_BOT_TOKEN"):  # Telegram posts to TELEGRAM_PUBLIC_URL + /telegram/webhook
            for front in range(len(stack.haproxy.telegram_ports)):
                stack.start_telegram_front(os.environ["TELEGRAM_BOT_TOKEN"], os.environ.get("TELEGRAM_PUBLIC_URL"),
                                           front=front)
            print(f"{len(stack.telegram_procs)} Telegram fronts in webhook mode behind HAProxy "
                  f"({TELEGRAM_PATH}webhook), their chats in Redis", flush=True)
        print(f"assistant at {stack.base_url} (REST: /webhooks/rest/webhook): {args.workers} Rasa worker(s) "
              f"{stack.rasa_ports}, {args.action_workers} action server(s) {stack.action_ports} behind HAProxy; "
              f"Redis :{stack.redis.port}, PostgreSQL :{stack.postgres.port} ({stack.store_url}); logs in {workdir}",
              flush=True)
        env = stack.environment()
        print("operator desks on this topology (as many as wanted, each on its own DESK_PORT): "
              f"ORDER_STORE_URL={stack.store_url} DESK_EVENTS_REDIS_URL={env['DESK_EVENTS_REDIS_URL']} "
              f"RASA_URL={stack.base_url} make desk", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
