"""Session-wide: the assistant (action server + Rasa server with the demo data), the Bot API emulator and one
Telegram bot process in long-polling mode. Tests that need a differently configured bot start their own."""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Callable, Iterator, List

import pytest

from bot.local_stack import ROOT, Stack
from tests.telegram.harness import BotProcess, Emulator, TelegramUser

_tokens = itertools.count(200001)


def new_token() -> str:
    return f"{next(_tokens)}:TEST-token-for-the-emulator"


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train` first")
    running = Stack(tmp_path_factory.mktemp("stack")).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    running = Emulator(tmp_path_factory.mktemp("emulator")).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("telegram")


@pytest.fixture(scope="session")
def bot(stack: Stack, emulator: Emulator, workdir: Path) -> Iterator[BotProcess]:
    running = BotProcess(workdir, new_token(), emulator.url, stack.base_url).start()
    yield running
    running.stop()


def ensure_alive(stack: Stack) -> None:
    """A clear failure when the assistant's processes are gone (rather than every test timing out on it)."""
    codes = [proc.poll() for proc in stack.procs]
    if any(code is not None for code in codes):
        pytest.fail(f"the assistant's action server / Rasa server exited ({codes}); see {stack.workdir}")


@pytest.fixture
def user(stack: Stack, bot: BotProcess, emulator: Emulator) -> TelegramUser:
    ensure_alive(stack)
    return TelegramUser(emulator, bot.token)


@pytest.fixture
def spawn_bot(stack: Stack, emulator: Emulator, workdir: Path) -> Iterator[Callable[..., BotProcess]]:
    """Start another bot process (own token, so its chats are separate) with settings of the test's choosing."""
    started: List[BotProcess] = []

    def spawn(rasa_url: str, **env: str) -> BotProcess:
        ensure_alive(stack)
        started.append(BotProcess(workdir, new_token(), emulator.url, rasa_url, **env).start())
        return started[-1]

    yield spawn
    for process in started:
        process.stop()
