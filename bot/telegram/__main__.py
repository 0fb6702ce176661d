"""python -m bot.telegram — the Telegram front end (settings: see bot/telegram/config.py)."""
from __future__ import annotations

import logging
import os

from bot.telegram.app import run
from bot.telegram.config import Settings


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO").upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    run(Settings.from_env())


if __name__ == "__main__":
    main()
