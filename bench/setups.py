"""What `make bench` measures side by side: a trained configuration (bench/training.py) served with or without
the project's Rasa speed-ups (bot/rasa_speedups.py), so one run shows what the speed-ups are worth."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict


@dataclass(frozen=True)
class Setup:
    config: str  # the trained configuration: a key of training.CONFIGS
    speedups: bool  # installed in the Rasa server (bot/rasa_cli.py), or Rasa's own code (RASA_SPEEDUPS=0)
    label: str  # the column of the report

    @property
    def env(self) -> Dict[str, str]:
        return {} if self.speedups else {"RASA_SPEEDUPS": "0"}


SETUPS: Dict[str, Setup] = {
    "project": Setup("project", True, "project"),
    "project-no-speedups": Setup("project", False, "project, no speed-ups"),
    "default": Setup("default", False, "default"),  # Rasa's default configuration, as Rasa ships it
}
