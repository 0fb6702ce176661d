"""Chat with the running assistant in the terminal, over the REST channel (as any chat front end would).

Buttons are shown numbered; typing the number presses one. Ctrl-D or «/выход» ends the chat. Messages go
through the shared Rasa client (bot.rasa_client): a server that is still starting is waited for a little.
What an operator writes from the desk after taking the chat is polled from the desk's REST outbox
(`GET <desk>/customer/rest/<sender>/messages`) and shown as it comes.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import uuid
from typing import Any, Dict, List, Optional

import httpx

from bot.contract import Handover, read_custom
from bot.rasa_client import RasaClient, RasaUnavailable, server_url

RETRY_WINDOW = 10.0  # seconds a message waits for a server that is down
REPLY_TIMEOUT = 60.0
DESK_POLL_SECONDS = 2.0


class DeskInbox:
    """The desk's messages for one REST conversation, each returned once (the desk numbers them)."""

    def __init__(self, desk_url: str, sender: str, client: Optional[httpx.Client] = None) -> None:
        self.url = f"{desk_url.rstrip('/')}/customer/rest/{sender}/messages"
        self.client = client or httpx.Client(timeout=5.0)
        self.last_id = 0

    def poll(self) -> List[str]:
        """New messages as lines to show; none while the desk is unreachable (it may not run at all)."""
        try:
            response = self.client.get(self.url, params={"after": self.last_id})
            response.raise_for_status()
            messages = response.json().get("messages") or []
        except (httpx.HTTPError, ValueError):
            return []
        lines = []
        for message in messages:
            self.last_id = max(self.last_id, int(message.get("id") or 0))
            if message.get("text"):
                lines.append(f"\033[1;35mОператор:\033[0m {message['text']}")
        return lines


def _show_desk_messages(inbox: DeskInbox, stop: threading.Event) -> None:
    while not stop.wait(DESK_POLL_SECONDS):
        for line in inbox.poll():
            print(f"\r{line}\n\033[1;32mВы:\033[0m ", end="", flush=True)


def show(replies: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    buttons: List[Dict[str, Any]] = []
    for reply in replies:
        if reply.get("text"):
            print(f"\033[1;34mАссистент:\033[0m {reply['text']}")
        for button in reply.get("buttons") or []:
            buttons.append(button)
            print(f"    [{len(buttons)}] {button.get('title')}")
        for payload in read_custom(reply.get("custom")):
            if isinstance(payload, Handover):
                print(f"    (обращение №{payload.ticket_id} передано: {payload.kind})")
    return buttons


async def ask(url: str, sender: str, text: str, retry_window: float = RETRY_WINDOW) -> List[Dict[str, Any]]:
    """One message to the assistant and its replies (one short-lived client per message: a terminal is slow)."""
    async with RasaClient(server_url(url), reply_timeout=REPLY_TIMEOUT, retry_window=retry_window) as rasa:
        return await rasa.send(sender, text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:5005/webhooks/rest/webhook",
                        help="the Rasa server, or its REST webhook")
    parser.add_argument("--retry-window", type=float, default=RETRY_WINDOW)
    parser.add_argument("--desk-url", default=os.environ.get("DESK_URL", ""),
                        help="the operator desk, whose messages to this chat are shown (none: not polled)")
    args = parser.parse_args()
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print("Напишите сообщение ассистенту (например, «Здравствуйте, где моя посылка?»). Выход: Ctrl-D.")
    if args.desk_url:
        threading.Thread(target=_show_desk_messages, args=(DeskInbox(args.desk_url, sender), threading.Event()),
                         daemon=True).start()
    buttons: List[Dict[str, Any]] = []
    while True:
        try:
            text = input("\033[1;32mВы:\033[0m ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if text in ("/выход", "/exit", "/quit"):
            return 0
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            replies = asyncio.run(ask(args.url, sender, text, args.retry_window))
        except RasaUnavailable as exc:
            print(f"(ассистент недоступен: {exc})", file=sys.stderr)
            continue
        buttons = show(replies)


if __name__ == "__main__":
    sys.exit(main())
