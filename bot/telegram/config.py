"""Settings from the environment (secrets never live in files) and the script's phrases from domain.yml."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import urlparse

from bot.hold_phrases import HOLD_SET
from bot.domain_responses import plain_response
from bot.telegram.texts import Captions

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DOMAIN_FILE = ROOT / "domain.yml"  # DOMAIN_FILE names another
DEFAULT_API_URL = "https://api.telegram.org"


@dataclass(frozen=True)
class Phrases:
    hold: str
    apology: str
    captions: Captions  # Telegram's own notices


@dataclass(frozen=True)
class Settings:
    token: str
    api_url: str = DEFAULT_API_URL
    rasa_url: str = "http://localhost:5005"
    webhook_url: Optional[str] = None
    webhook_secret: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    poll_interval: float = 0.0
    poll_timeout: float = 10.0
    hold_after: float = 5.0  # seconds of silence from Rasa before the hold phrase
    reply_timeout: float = 60.0  # one Rasa request; not resent after this (it may have been processed)
    retry_window: float = 120.0  # how long a message waits for a Rasa server that is down
    domain_file: Path = DEFAULT_DOMAIN_FILE
    chats_redis_url: Optional[str] = None  # several fronts share their chats there (chat_state.RedisChatData)

    @property
    def base_url(self) -> str:
        """PTB appends the token to this: <root>/bot<token>/<method>."""
        return f"{self.api_url.rstrip('/')}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.api_url.rstrip('/')}/file/bot"

    @property
    def webhook_path(self) -> str:
        return urlparse(self.webhook_url or "").path.lstrip("/")

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Settings":
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise SystemExit("TELEGRAM_BOT_TOKEN is not set (the token BotFather gave the bot).")
        number = lambda name, default: float(env.get(name) or default)  # noqa: E731
        return cls(
            token=token,
            api_url=env.get("TELEGRAM_API_URL") or DEFAULT_API_URL,
            rasa_url=(env.get("RASA_URL") or f"http://localhost:{env.get('RASA_PORT') or 5005}").rstrip("/"),
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            # Telegram echoes this in X-Telegram-Bot-Api-Secret-Token; a random one is as good as a set one,
            # since the bot registers it itself on every start.
            webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or secrets.token_urlsafe(32),
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=int(env.get("TELEGRAM_WEBHOOK_PORT") or 8443),
            poll_interval=number("TELEGRAM_POLL_INTERVAL", 0.0),
            poll_timeout=number("TELEGRAM_POLL_TIMEOUT", 10.0),
            hold_after=number("RASA_HOLD_AFTER", 5.0),
            reply_timeout=number("RASA_REPLY_TIMEOUT", 60.0),
            retry_window=number("RASA_RETRY_WINDOW", 120.0),
            domain_file=Path(env.get("DOMAIN_FILE") or DEFAULT_DOMAIN_FILE),
            chats_redis_url=env.get("TELEGRAM_CHATS_REDIS_URL") or None,
        )


def load_phrases(domain_file: Path) -> Phrases:
    return Phrases(hold=plain_response(domain_file, HOLD_SET), apology=plain_response(domain_file, "utter_apology"),
                   captions=Captions.load(domain_file))
