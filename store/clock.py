"""The one place that says what day it is, so date rules can be tested (CLOCK_TODAY=YYYY-MM-DD)."""
import datetime as dt
import os


def today() -> dt.date:
    value = os.environ.get("CLOCK_TODAY", "").strip()
    if value:
        return dt.date.fromisoformat(value)
    return dt.date.today()


def now() -> dt.datetime:
    """Current time; on a pinned CLOCK_TODAY the date is pinned and the time of day kept."""
    real = dt.datetime.now()
    return dt.datetime.combine(today(), real.time())
