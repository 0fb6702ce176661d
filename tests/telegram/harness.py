"""Telegram as a customer meets it, for the tests: the Bot API emulator (node, tests/telegram/emulator), the real
bot application as a separate process (`python -m bot.telegram`), a Telegram user who writes, shares contacts,
presses buttons and reads what the bot shows, and a controllable proxy in front of the Rasa server."""
from __future__ import annotations

import http.server
import itertools
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import requests

from bot.local_stack import ROOT, VENV_BIN, free_port, stop_process, wait_until

EMULATOR_DIR = Path(__file__).resolve().parent / "emulator"
BOT_USERNAME = "TestSupportBot"  # what the emulator front answers to getMe
BOT_ID = 666


class Emulator:
    """The Bot API emulator with its compatibility front (server.js) on a free local port."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.proc: Optional[subprocess.Popen] = None
        self.url = ""

    def start(self) -> "Emulator":
        subprocess.run([str(EMULATOR_DIR / "install.sh")], check=True)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(["node", "server.js", "--port", "0"], cwd=EMULATOR_DIR, stdout=subprocess.PIPE,
                                     stderr=open(self.workdir / "emulator.log", "w"), text=True)
        line = self.proc.stdout.readline()  # "LISTENING <port>"
        if not line.startswith("LISTENING"):
            raise RuntimeError(f"the emulator did not start: {line!r}; see {self.workdir / 'emulator.log'}")
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"
        return self

    def stop(self) -> None:
        stop_process(self.proc)

    def post(self, path: str, body: Dict[str, Any]) -> Any:
        response = requests.post(f"{self.url}{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json()

    def control(self, what: str, token: str) -> List[Dict[str, Any]]:
        response = requests.get(f"{self.url}/__control/{what}", params={"token": token}, timeout=10)
        response.raise_for_status()
        return response.json()["result"]

    def block(self, token: str, chat_id: int) -> None:
        self.post("/__control/block", {"token": token, "chat_id": chat_id})

    def flood(self, token: str, count: int, retry_after: int) -> None:
        self.post("/__control/flood", {"token": token, "count": count, "retry_after": retry_after})

    def raw_update(self, token: str, update: Dict[str, Any]) -> int:
        return self.post("/__control/update", {"token": token, "update": update})["result"]

    def stored_message(self, token: str, message_id: int) -> Dict[str, Any]:
        """A bot message as it is now (after edits)."""
        for item in self.post("/getUpdatesHistory", {"token": token})["result"]:
            if "chat_id" in item.get("message", {}) and item["messageId"] == message_id:
                return item["message"]
        raise KeyError(message_id)


@dataclass
class BotMessage:
    """A message of the bot as the user's Telegram app gets it."""

    message_id: int
    chat_id: int
    text: str
    reply_markup: Optional[Dict[str, Any]]
    raw: Dict[str, Any]

    @property
    def inline_buttons(self) -> List[Dict[str, Any]]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    @property
    def button_titles(self) -> List[str]:
        return [button["text"] for button in self.inline_buttons]

    @property
    def keyboard(self) -> Optional[List[List[Dict[str, Any]]]]:
        """The reply keyboard this message sets (rows of buttons), if any."""
        keyboard = (self.reply_markup or {}).get("keyboard")
        return [[b if isinstance(b, dict) else {"text": b} for b in row] for row in keyboard] if keyboard else None

    @property
    def keyboard_titles(self) -> List[str]:
        return [button["text"] for row in self.keyboard or [] for button in row]

    def as_telegram_message(self) -> Dict[str, Any]:
        """The message as Telegram attaches it to a callback query."""
        return {"message_id": self.message_id, "date": int(time.time()), "text": self.text,
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Поддержка", "username": BOT_USERNAME},
                "chat": {"id": self.chat_id, "type": "private"}, "reply_markup": self.reply_markup}


_ids = itertools.count(int(time.time()) % 100000 * 10 + 100000)


class TelegramUser:
    """A person in a Telegram chat with the bot (private by default)."""

    def __init__(self, emulator: Emulator, token: str, user_id: Optional[int] = None, first_name: str = "Мария",
                 chat: Optional[Dict[str, Any]] = None) -> None:
        self.emulator = emulator
        self.token = token
        self.id = user_id or next(_ids)
        self.first_name = first_name
        self.chat = chat or {"id": self.id, "type": "private", "first_name": first_name}
        self.seen: List[BotMessage] = []  # everything the bot sent to this chat, in order
        self._answers_before = 0

    @property
    def sender(self) -> Dict[str, Any]:
        return {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": "ru"}

    def message(self, **fields: Any) -> Dict[str, Any]:
        return {"botToken": self.token, "from": self.sender, "chat": self.chat, "date": int(time.time()), **fields}

    # --- what the user does ---

    def send(self, **fields: Any) -> None:
        self.emulator.post("/sendMessage", self.message(**fields))

    def send_text(self, text: str) -> None:
        self.send(text=text)

    def send_command(self, command: str) -> None:
        length = len(command.split()[0])
        self.emulator.post("/sendCommand", self.message(
            text=command, entities=[{"offset": 0, "length": length, "type": "bot_command"}]))

    def share_contact(self, phone: str, owner_id: Optional[int] = None, forwarded_from: Optional[int] = None) -> None:
        """The «Поделиться номером телефона» button sends the user's own card; owner_id makes it someone else's."""
        contact = {"phone_number": phone, "first_name": self.first_name, "user_id": owner_id or self.id}
        extra: Dict[str, Any] = {}
        if forwarded_from:
            extra["forward_origin"] = {"type": "user", "date": int(time.time()) - 60,
                                       "sender_user": {"id": forwarded_from, "is_bot": False, "first_name": "Друг"}}
        self.send(contact=contact, **extra)

    def press(self, message: BotMessage, title: str) -> None:
        """Press an inline button of a bot message."""
        button = next(b for b in message.inline_buttons if b["text"] == title)
        self._answers_before = len(self.emulator.control("answers", self.token))
        self.emulator.post("/sendCallback", {"botToken": self.token, "from": self.sender, "date": int(time.time()),
                                             "message": message.as_telegram_message(), "data": button["callback_data"]})

    def press_answer(self, timeout: float = 10) -> Dict[str, Any]:
        """How the bot answered the last press (answerCallbackQuery): the button stops spinning."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answers = self.emulator.control("answers", self.token)
            if len(answers) > self._answers_before:
                return answers[-1]
            time.sleep(0.1)
        raise AssertionError("the button press was not answered (answerCallbackQuery)")

    def raw_update(self, **update: Any) -> None:
        self.emulator.raw_update(self.token, update)

    # --- what the user sees ---

    def _fetch(self) -> List[BotMessage]:
        result = self.emulator.post("/getUpdates", {"token": self.token, "chatId": self.chat["id"]})["result"]
        fresh = [BotMessage(item["messageId"], int(item["message"]["chat_id"]), item["message"].get("text", ""),
                            item["message"].get("reply_markup"), item["message"]) for item in result]
        self.seen += fresh
        return fresh

    def replies(self, until: Optional[Callable[[List[BotMessage]], bool]] = None, timeout: float = 60,
                quiet: float = 1.0) -> List[BotMessage]:
        """The bot's next messages: until `until` holds (or any arrived), then until it stays quiet a moment."""
        got: List[BotMessage] = []
        deadline = time.monotonic() + timeout
        last_new = time.monotonic()
        while time.monotonic() < deadline:
            fresh = self._fetch()
            if fresh:
                got += fresh
                last_new = time.monotonic()
            done = until(got) if until else bool(got)
            if done and time.monotonic() - last_new >= quiet:
                return got
            time.sleep(0.1)
        texts = [m.text for m in got]
        raise AssertionError(f"the bot did not answer as expected within {timeout:.0f}s; got {texts}")

    def replies_with(self, fragment: str, timeout: float = 60) -> List[BotMessage]:
        return self.replies(lambda got: any(fragment in m.text for m in got), timeout=timeout)

    def silence(self, seconds: float = 2.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            fresh = self._fetch()
            assert not fresh, f"the bot was expected to stay silent, but sent {[m.text for m in fresh]}"
            time.sleep(0.1)

    def says(self, text: str, **wait: Any) -> List[BotMessage]:
        self.send_text(text)
        return self.replies(**wait)


def joined(messages: List[BotMessage]) -> str:
    return "\n".join(m.text for m in messages)


class BotProcess:
    """The real Telegram front (`python -m bot.telegram`), configured only through its environment."""

    def __init__(self, workdir: Path, token: str, api_url: str, rasa_url: str, **env: str) -> None:
        self.workdir = workdir
        self.token = token
        self.env = {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_URL": api_url, "RASA_URL": rasa_url,
                    "TELEGRAM_POLL_INTERVAL": "0.1", "RASA_HOLD_AFTER": "30",
                    "TELEGRAM_CHATS_DB": str(workdir / "telegram_chats.db"), **env}
        self.log = workdir / f"bot-{token.split(':')[0]}.log"
        self.proc: Optional[subprocess.Popen] = None

    def start(self) -> "BotProcess":
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT), **self.env}
        self.proc = subprocess.Popen([str(VENV_BIN / "python"), "-m", "bot.telegram"], cwd=ROOT, env=env,
                                     stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        wait_until(lambda: "Application started" in self.log_text(), 60, "Telegram bot", self.proc)
        return self

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8") if self.log.exists() else ""

    def stop(self, timeout: float = 30) -> Optional[int]:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise


class RasaProxy:
    """Stands between the bot and the Rasa server: absent (the server is down), slow, or passing through."""

    def __init__(self, target: str, port: Optional[int] = None, delay: float = 0.0) -> None:
        self.target = target
        self.port = port or free_port()
        self.delay = delay
        self.server: Optional[http.server.ThreadingHTTPServer] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "RasaProxy":
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                time.sleep(proxy.delay)
                answer = requests.post(proxy.target + self.path, data=body, timeout=60,
                                       headers={"Content-Type": "application/json"})
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
