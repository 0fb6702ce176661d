"""Past dates in Russian: bot/russian/dates.py against dateparser, each run through tests/unit/test_nlu_dates.py.

The test module runs once per parser in a fresh interpreter, with this file loaded as a pytest plugin that
puts the parser behind ``bot.russian.dates.parse_past_date`` (so the cases are the tests themselves, not a
copy). Printed per parser: tests passed, import time, first call, mean time per call over the texts the
tests passed in, and attempts to open a network connection (refused). dateparser is not a project
dependency; to reproduce, put it next to the project without touching .venv (1.2.0 is the newest release
that accepts the regex and pytz versions Rasa pins):

    .venv/bin/pip install --no-deps --target /tmp/dateparser-bench dateparser==1.2.0
    PYTHONPATH=.:/tmp/dateparser-bench .venv/bin/python bench/dates_comparison.py
"""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
TESTS = "tests/unit/test_nlu_dates.py"
PARSER_ENV, OUTPUT_ENV = "DATES_COMPARISON_PARSER", "DATES_COMPARISON_OUTPUT"
REPEATS = 20

Parser = Callable[[str, dt.date], Optional[dt.date]]


def _dateparser_parser() -> Parser:
    import dateparser
    from dateparser.search import search_dates

    def parse(text: str, today: dt.date) -> Optional[dt.date]:
        """Russian, the past, relative to ``today``; the whole text first, then the first date inside it;
        a date after ``today`` is no answer (as the project's parser does)."""
        if not isinstance(text, str) or not text.strip():
            return None
        settings = {"RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)), "PREFER_DATES_FROM": "past"}
        found = dateparser.parse(text, languages=["ru"], settings=settings)
        if found is None:
            hits = search_dates(text, languages=["ru"], settings=settings) or []
            found = hits[0][1] if hits else None
        date = found.date() if found is not None else None
        return date if date is not None and date <= today else None

    return parse


def _project_parser() -> Parser:
    from bot.russian.dates import parse_past_date

    return parse_past_date


PARSERS: Dict[str, Callable[[], Parser]] = {"dateparser": _dateparser_parser,
                                            "bot/russian/dates.py": _project_parser}


# --- pytest plugin side (inside the child interpreter) ---

class _Probe:
    def __init__(self) -> None:
        self.passed = self.failed = self.network_attempts = 0
        self.failures: List[str] = []
        self.calls: List[Tuple[Any, dt.date]] = []
        self.first_call_ms: Optional[float] = None
        self.import_ms = 0.0
        self.parse: Optional[Parser] = None


_probe = _Probe()


def _refuse_connections() -> None:
    def refuse(sock: socket.socket, address: Any) -> None:
        _probe.network_attempts += 1
        raise OSError(f"network is off for the comparison: {address}")

    socket.socket.connect = refuse  # type: ignore[method-assign]


def pytest_configure(config: Any) -> None:
    name = os.environ.get(PARSER_ENV)
    if not name:
        return
    _refuse_connections()
    started = time.perf_counter()
    _probe.parse = PARSERS[name]()
    _probe.import_ms = (time.perf_counter() - started) * 1000
    parse = _probe.parse
    import bot.russian.dates as dates

    def recorded(text: str, today: dt.date) -> Optional[dt.date]:
        _probe.calls.append((text, today))
        if _probe.first_call_ms is None:
            started = time.perf_counter()
            result = parse(text, today)
            _probe.first_call_ms = (time.perf_counter() - started) * 1000
            return result
        return parse(text, today)

    dates.parse_past_date = recorded  # days_since reads the module global, the tests import this name


def pytest_runtest_logreport(report: Any) -> None:
    if os.environ.get(PARSER_ENV) and report.when == "call":
        if report.passed:
            _probe.passed += 1
        else:
            _probe.failed += 1
            test_id = report.nodeid.split("::", 1)[1]  # pytest writes non-ASCII ids as \u escapes
            _probe.failures.append(test_id.encode("ascii", "backslashreplace").decode("unicode_escape"))


def pytest_sessionfinish(session: Any) -> None:
    if not os.environ.get(PARSER_ENV) or _probe.parse is None:
        return
    started = time.perf_counter()
    for _ in range(REPEATS):
        for text, today in _probe.calls:
            _probe.parse(text, today)
    per_call_ms = (time.perf_counter() - started) * 1000 / max(1, REPEATS * len(_probe.calls))
    Path(os.environ[OUTPUT_ENV]).write_text(json.dumps({
        "passed": _probe.passed, "total": _probe.passed + _probe.failed, "failures": _probe.failures,
        "import_ms": _probe.import_ms, "first_call_ms": _probe.first_call_ms or 0.0, "per_call_ms": per_call_ms,
        "network_attempts": _probe.network_attempts}, ensure_ascii=False))


# --- runner side ---

def run(name: str) -> Dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = {**os.environ, PARSER_ENV: name, OUTPUT_ENV: out.name,
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p",
                        "bench.dates_comparison", TESTS], cwd=ROOT, env=env, capture_output=True, check=False)
        return json.loads(Path(out.name).read_text() or "{}")


def main() -> None:
    results = {name: run(name) for name in PARSERS}
    print(f"{TESTS}, each parser in a fresh interpreter with the network refused\n")
    print(f"{'parser':<22}{'tests passed':>14}{'import, ms':>12}{'1st call, ms':>14}{'per call, ms':>14}"
          f"{'network':>9}")
    for name, r in results.items():
        if not r:
            print(f"{name:<22}  not importable here: see this script's docstring")
            continue
        passed = f"{r['passed']}/{r['total']}"
        print(f"{name:<22}{passed:>14}{r['import_ms']:>12.0f}{r['first_call_ms']:>14.1f}{r['per_call_ms']:>14.3f}"
              f"{r['network_attempts']:>9}")
    for name, r in results.items():
        if r.get("failures"):
            print(f"\n{name} failed:")
            for failure in r["failures"]:
                print("  " + failure)


if __name__ == "__main__":
    main()
