"""The speech service started from the Rasa side (tests, the benchmark) on a free port, in its own venv."""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import requests

from bot.local_stack import free_port, stop_process, wait_until

ROOT = Path(__file__).resolve().parents[1]
SPEECH_PYTHON = ROOT / ".venv-speech" / "bin" / "python"


@dataclass
class LocalSpeechService:
    cache_dir: Path
    workers: int = 1
    api_key: Optional[str] = None
    port: int = field(default_factory=free_port)
    log_path: Optional[Path] = None
    process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 240.0) -> "LocalSpeechService":
        if not SPEECH_PYTHON.exists():
            raise RuntimeError("the speech service's venv is missing: run scripts/install_speech.sh")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SPEECH_API_KEY": self.api_key or ""}
        log = open(self.log_path or self.cache_dir.parent / "speech.log", "ab")
        self.process = subprocess.Popen(
            [str(SPEECH_PYTHON), "-m", "speech", "--port", str(self.port), "--workers", str(self.workers),
             "--cache-dir", str(self.cache_dir)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        wait_until(lambda: requests.get(f"{self.url}/health", timeout=2).json().get("ready"), timeout,
                   "speech service", self.process)
        return self

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None
