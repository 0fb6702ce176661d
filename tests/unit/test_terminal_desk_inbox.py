"""The terminal chat shows what an operator writes from the desk: each message once, none when the desk is down."""
from __future__ import annotations

from typing import List

import httpx

from bot.terminal_chat import DeskInbox

OUTBOX = [
    {"id": 3, "author": "ivanova", "text": "Здравствуйте, Мария Петровна, я оператор.", "at": "2026-11-20T10:00:00"},
    {"id": 7, "author": "ivanova", "text": "Уточняю информацию по заказу.", "at": "2026-11-20T10:00:05"},
]


def _desk(seen_after: List[str]) -> httpx.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/customer/rest/terminal-1/messages"
        after = int(request.url.params["after"])
        seen_after.append(str(after))
        return httpx.Response(200, json={"messages": [m for m in OUTBOX if m["id"] > after],
                                         "operator_connected": True})
    return httpx.Client(transport=httpx.MockTransport(answer))


def test_each_operator_message_is_shown_once_in_order() -> None:
    asked: List[str] = []
    inbox = DeskInbox("http://desk", "terminal-1", _desk(asked))
    first = inbox.poll()
    assert [line.split("\033[0m ")[1] for line in first] == [m["text"] for m in OUTBOX]
    assert all("Оператор:" in line for line in first)
    assert inbox.poll() == []
    assert asked == ["0", "7"]


def test_a_desk_that_does_not_answer_shows_nothing() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)
    inbox = DeskInbox("http://desk", "terminal-1", httpx.Client(transport=httpx.MockTransport(down)))
    assert inbox.poll() == []
    broken = DeskInbox("http://desk", "terminal-1",
                       httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(500))))
    assert broken.poll() == []
