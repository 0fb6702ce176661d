"""What `make bench` measures side by side: a trained configuration (bench/training.py) served with or without
the project's Rasa speed-ups (bot/rasa_speedups.py), so one run shows what the speed-ups are worth; and with
conversations in memory only, so that it shows what the persistent store costs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

# Today's in-memory store without the SQLite log under it: what persistence costs, measured in the same run.
IN_MEMORY = {"type": "bot.tracker_store.ExpiringInMemoryTrackerStore", "max_conversations": 20000}


@dataclass(frozen=True)
class Setup:
    config: str  # the trained configuration: a key of training.CONFIGS
    speedups: bool  # installed in the Rasa server (bot/rasa_cli.py), or Rasa's own code (RASA_SPEEDUPS=0)
    label: str  # the column of the report
    tracker_store: Optional[Dict[str, Any]] = None  # instead of endpoints.yml's (the persistent store)
    event_broker: bool = True  # endpoints.yml's event broker (the supervisor's figures), or none

    @property
    def env(self) -> Dict[str, str]:
        return {} if self.speedups else {"RASA_SPEEDUPS": "0"}


SETUPS: Dict[str, Setup] = {
    "project": Setup("project", True, "project"),
    "project-no-speedups": Setup("project", False, "project, no speed-ups"),
    "project-in-memory": Setup("project", True, "project, in-memory store", IN_MEMORY),
    "project-no-broker": Setup("project", True, "project, no event broker", event_broker=False),
    "default": Setup("default", False, "default"),  # Rasa's default configuration, as Rasa ships it
}
