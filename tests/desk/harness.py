"""The operator desk as the tests meet it: its own process next to the local stack, accounts made with the
project's command, an HTTP session that logs in like a browser, and headless Chromium from Debian."""
from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import requests

from bot.local_stack import ROOT, VENV_BIN, Stack, free_port, stop_process, wait_until

CHROMIUM = os.environ.get("DESK_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "var" / "desk-screenshots"
PASSWORD = "correct horse battery"
PBX_OPERATORS = "sip:operators@pbx.test"  # where the assistant's jambonz channel transfers calls
JAMBONZ_SECRET = "desk-voice-secret"  # the fake jambonz signs its hooks with it


class DeskProcess:
    def __init__(self, stack: Stack, workdir: Path, **env: str) -> None:
        self.stack = stack
        self.workdir = workdir
        self.port = free_port()
        self.extra_env = env
        self.proc: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> Dict[str, str]:
        return {**self.stack.environment(), "RASA_URL": self.stack.base_url, "DESK_PORT": str(self.port),
                **self.extra_env}

    def start(self) -> "DeskProcess":
        self.proc = subprocess.Popen([str(VENV_BIN / "python"), "-m", "desk"], cwd=ROOT, env=self.environment(),
                                     stdout=open(self.workdir / "desk.log", "w"), stderr=subprocess.STDOUT)
        wait_until(lambda: requests.get(f"{self.url}/health", timeout=2).ok, 60, "operator desk", self.proc)
        return self

    def stop(self) -> None:
        stop_process(self.proc)

    def add_user(self, name: str, role: str) -> None:
        subprocess.run([str(VENV_BIN / "python"), "-m", "desk", "user", name, role], cwd=ROOT, check=True,
                       env={**self.environment(), "DESK_PASSWORD": PASSWORD}, capture_output=True)

    def login(self, name: str, password: str = PASSWORD) -> "DeskClient":
        return DeskClient(self.url).login(name, password)


class DeskClient:
    """An HTTP client with the cookies a browser would keep and the CSRF token the pages carry."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.csrf = ""

    def login(self, name: str, password: str) -> "DeskClient":
        response = self.try_login(name, password)
        assert response.status_code == 200 and "Очередь" in response.text, response.text[:300]
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', response.text).group(1)
        return self

    def try_login(self, name: str, password: str) -> requests.Response:
        page = self.http.get(f"{self.url}/login", timeout=10)
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        return self.http.post(f"{self.url}/login", data={"csrf": token, "name": name, "password": password,
                                                         "next": "/"}, timeout=30)

    def post(self, path: str, csrf: bool = True, **body: str) -> requests.Response:
        headers = {"X-CSRF-Token": self.csrf} if csrf else {}
        return self.http.post(f"{self.url}{path}", json=body, headers=headers, timeout=30)

    def get(self, path: str) -> requests.Response:
        return self.http.get(f"{self.url}{path}", timeout=30, allow_redirects=False)


class EventStream:
    """A desk page's server-sent events read over HTTP as the page's EventSource would, each with the moment it
    arrived (time.monotonic())."""

    def __init__(self, client: DeskClient, path: str) -> None:
        self.events: List[Tuple[float, Dict[str, Any]]] = []
        self._response = client.http.get(f"{client.url}{path}", stream=True, timeout=(5, None))
        assert self._response.status_code == 200, self._response.status_code
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self._response.iter_lines(chunk_size=65536):
                if line.startswith(b"data: "):  # UTF-8, as EventSource reads it
                    self.events.append((time.monotonic(), json.loads(line[len(b"data: "):].decode())))
        except Exception:  # closed by the test, or the desk went away: the waits below time out
            pass

    def mark(self) -> int:
        return len(self.events)

    def wait_for(self, holds: Callable[[Dict[str, Any]], bool], timeout: float, after: int = 0) -> float:
        """The arrival time of the first event after index `after` that `holds`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for arrived, data in self.events[after:]:
                if holds(data):
                    return arrived
            time.sleep(0.02)
        raise AssertionError(f"no such event within {timeout}s; the last: {self.events[-1:]!r}")

    def close(self) -> None:
        self._response.close()
