"""The desk's settings, all from the environment (defaults suit `make desk` next to `make serve`)."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

from store.livechat import parse_working_hours

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class DeskSettings:
    host: str = "127.0.0.1"
    port: int = 5080
    rasa_url: str = "http://127.0.0.1:5005"
    domain_file: Path = ROOT / "domain.yml"
    hold_extend_after: float = 120.0  # seconds a waiting customer hears nothing before «спасибо за ожидание…»
    working_hours: Optional[Tuple[dt.time, dt.time]] = None
    cookie_secure: bool = False  # set DESK_COOKIE_SECURE=1 behind HTTPS

    @classmethod
    def from_env(cls) -> "DeskSettings":
        env = os.environ
        return cls(
            host=env.get("DESK_HOST", cls.host),
            port=int(env.get("DESK_PORT", cls.port)),
            rasa_url=env.get("RASA_URL", cls.rasa_url).rstrip("/"),
            domain_file=Path(env.get("DESK_DOMAIN_FILE", str(cls.domain_file))),
            hold_extend_after=float(env.get("DESK_HOLD_EXTEND_SECONDS", cls.hold_extend_after)),
            working_hours=parse_working_hours(env.get("DESK_WORKING_HOURS", "")),
            cookie_secure=env.get("DESK_COOKIE_SECURE", "") == "1",
        )
