"""The script's date rules on their boundaries, with CLOCK_TODAY pinned as the servers pin it."""
import datetime as dt

import pytest

from actions.refunds import refund_overdue
from actions.returns import return_period_expired

TODAY = "2026-11-20"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setenv("CLOCK_TODAY", TODAY)


def days_ago(n: int) -> dt.date:
    return dt.date.fromisoformat(TODAY) - dt.timedelta(days=n)


@pytest.mark.parametrize("days, expired", [(0, False), (13, False), (14, False), (15, True), (31, True)])
def test_return_within_14_days_of_buyout(days, expired):
    assert return_period_expired(days_ago(days)) is expired


def test_unknown_buyout_date_is_not_expired():
    assert return_period_expired(None) is False


@pytest.mark.parametrize("days, overdue", [(0, False), (29, False), (30, True), (31, True)])
def test_money_30_days_after_sending(days, overdue):
    assert refund_overdue(days_ago(days)) is overdue


def test_the_pinned_date_is_what_the_rules_use(monkeypatch):
    monkeypatch.setenv("CLOCK_TODAY", "2026-12-20")
    assert return_period_expired(days_ago(14)) is True  # 44 days before the new «today»
