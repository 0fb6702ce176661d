"""Chat with the running assistant in the terminal, over the REST channel (as any chat front end would).

Buttons are shown numbered; typing the number presses one. Ctrl-D or «/выход» ends the chat.
"""
from __future__ import annotations

import argparse
import sys
import uuid
from typing import Any, Dict, List

import requests


def show(replies: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    buttons: List[Dict[str, Any]] = []
    for reply in replies:
        if reply.get("text"):
            print(f"\033[1;34mАссистент:\033[0m {reply['text']}")
        for button in reply.get("buttons") or []:
            buttons.append(button)
            print(f"    [{len(buttons)}] {button.get('title')}")
        handover = (reply.get("custom") or {}).get("handover")
        if handover:
            print(f"    (обращение №{handover['ticket_id']} передано: {handover['kind']})")
    return buttons


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:5005/webhooks/rest/webhook")
    args = parser.parse_args()
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print("Напишите сообщение ассистенту (например, «Здравствуйте, где моя посылка?»). Выход: Ctrl-D.")
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
            response = requests.post(args.url, json={"sender": sender, "message": text}, timeout=60)
            response.raise_for_status()
        except requests.RequestException as exc:
            print(f"(ассистент недоступен: {exc})", file=sys.stderr)
            continue
        buttons = show(response.json())


if __name__ == "__main__":
    sys.exit(main())
