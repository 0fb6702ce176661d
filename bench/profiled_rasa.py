"""`python -m bot.rasa_cli` (Rasa with the project's speed-ups) under cProfile, for `python -m bench --profile`:
the profiler runs between SIGUSR1 and SIGUSR2 (so start-up and warm-up are left out); SIGUSR2 writes the
statistics to $BENCH_PROFILE_OUT."""
from __future__ import annotations

import cProfile
import os
import signal
import sys
from typing import Any

profiler = cProfile.Profile()


def _start(*_: Any) -> None:
    profiler.enable()


def _stop_and_write(*_: Any) -> None:
    profiler.disable()
    profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])


if __name__ == "__main__":
    signal.signal(signal.SIGUSR1, _start)
    signal.signal(signal.SIGUSR2, _stop_and_write)
    from bot.rasa_cli import main

    main(sys.argv[1:])
