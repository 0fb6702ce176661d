"""Session-wide: the assistant (action server + Rasa server with the demo data, jambonz signed and transferring to
a test PBX) and the operator desk beside it, with two operator accounts and one supervisor."""
from __future__ import annotations

import os
from typing import Iterator

import pytest

from bot.local_stack import Customer, Stack
from tests.desk.harness import JAMBONZ_SECRET, PBX_OPERATORS, DeskProcess


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    voice = {"JAMBONZ_OPERATOR": PBX_OPERATORS, "JAMBONZ_WEBHOOK_SECRET": JAMBONZ_SECRET}
    running = Stack(tmp_path_factory.mktemp("stack"), env=voice).start()
    os.environ["ORDER_STORE_URL"] = running.store_url  # the tests read the same store
    yield running
    running.stop()


@pytest.fixture(scope="session")
def desk(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskProcess]:
    running = DeskProcess(stack, tmp_path_factory.mktemp("desk")).start()
    running.add_user("ivanova", "operator")
    running.add_user("petrov", "operator")
    running.add_user("smirnova", "supervisor")
    yield running
    running.stop()


@pytest.fixture
def customer(stack: Stack) -> Customer:
    return Customer(stack)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.desk.harness import CHROMIUM, CHROMIUM_FLAGS

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
