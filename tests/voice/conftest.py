"""One assistant (action server + Rasa server with the voice channels) for all voice tests, and the
FastAGI server as `make fastagi` runs it, pointed at that assistant."""
from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator, List

import pytest

from bot.local_stack import ROOT, VENV_BIN, Stack, free_port
from tests.voice.schemas import JambonzSchemas, jambonz_schemas

CREDENTIALS = Path(__file__).with_name("credentials.yml")
WEBHOOK_SECRET = "voice-test-secret"  # as in credentials.yml


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train` first")
    running = Stack(tmp_path_factory.mktemp("voice-stack"), credentials=CREDENTIALS)
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


@pytest.fixture(scope="session")
def schemas() -> JambonzSchemas:
    return jambonz_schemas()


@pytest.fixture(scope="session")
def fastagi_port(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    log = open(tmp_path_factory.mktemp("fastagi") / "fastagi.log", "w")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "INFO"}
    proc = subprocess.Popen([str(VENV_BIN / "python"), "-m", "bot.voice.fastagi", "--host", "127.0.0.1",
                             "--port", str(port), "--assistant-url", f"{stack.base_url}/webhooks/voice/webhook",
                             "--no-input-timeout", "5"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        if proc.poll() is not None:
            pytest.fail(f"the FastAGI server exited with {proc.returncode} (log: {log.name})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the FastAGI server did not start listening")
            time.sleep(0.2)
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


NOT_UNDERSTOOD_CANDIDATES: List[str] = [
    "синий трактор едет по полю", "зелёный крокодил", "ква ква", "пум пум", "лалала", "ну",
    "жёлтая подводная лодка", "кот в сапогах идёт гулять",
    # words of no dictionary: NothingSaidGuard keeps them not understood, whatever the training data teaches
    "абырвалг", "бдыщ", "гыгы", "шмяк",
]


@pytest.fixture(scope="session")
def not_understood(stack: Stack) -> List[str]:
    """Two utterances the current model really does not understand (nlu_fallback → utter_default)."""
    import requests

    found = [text for text in NOT_UNDERSTOOD_CANDIDATES
             if requests.post(f"{stack.base_url}/model/parse", json={"text": text}, timeout=30)
             .json()["intent"]["name"] == "nlu_fallback"]
    if len(found) < 2:
        pytest.fail(f"the model understands almost everything now; add nonsense to NOT_UNDERSTOOD_CANDIDATES ({found})")
    return found[:2]
