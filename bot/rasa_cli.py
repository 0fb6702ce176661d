"""The project's way to start Rasa: `python -m bot.rasa_cli run …` / `train …` is Rasa's own CLI with the
speed-ups of bot/rasa_speedups.py installed; `rasa …` started directly runs without them.

The speed-ups are installed from Rasa's `configure_commandline` plugin hook: Rasa calls it once it has parsed
the command line and set up logging (so the line saying which speed-ups are on is logged like Rasa's own),
and before the command runs (so before any model is trained or loaded)."""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional, Text

import pluggy

hookimpl = pluggy.HookimplMarker("rasa")


class SpeedUpsAtStart:
    """A Rasa plugin whose only hook installs the speed-ups."""

    @hookimpl
    def configure_commandline(self, cmdline_arguments: argparse.Namespace) -> Optional[Text]:
        from bot import action_faults, rasa_speedups

        rasa_speedups.install()
        action_faults.install()  # not a speed-up: on with RASA_SPEEDUPS=0 too
        return None  # no endpoints file of ours: Rasa's own choice stands


def main(argv: Optional[List[str]] = None) -> None:
    from rasa.__main__ import main as rasa_main
    from rasa.plugin import plugin_manager

    manager = plugin_manager()
    if not any(isinstance(plugin, SpeedUpsAtStart) for plugin in manager.get_plugins()):
        manager.register(SpeedUpsAtStart())
    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]  # Rasa's CLI reads sys.argv
    rasa_main()


if __name__ == "__main__":
    main()
