"""Retention: past the configured days a conversation's transcript is gone and nothing names the customer, while
the dashboard's figures stay the same."""
import datetime as dt
import sqlite3
import threading

import pytest
from sqlalchemy import select

from store import analytics, broker_events, queries, retention
from store.analytics_models import TranscriptOpening
from store.db import session_scope
from tests.desk.analytics_seed import PHONE, seed_throwaway_stores


@pytest.fixture(autouse=True)
def seeded(tmp_path, monkeypatch):
    seed_throwaway_stores(tmp_path, monkeypatch)
    with session_scope() as s:
        s.add(TranscriptOpening(conversation_id="an-s2", supervisor="smirnova", reason="жалоба",
                                opened_at=dt.datetime(2026, 11, 18)))


def test_old_conversations_lose_transcripts_and_identities_but_keep_their_figures():
    before = analytics.totals((analytics.refresh(), analytics.conversations())[1])
    result = retention.purge(days=5, at=dt.datetime(2026, 11, 25))  # keeps 20.11 onwards: only an-s6 (23.11)

    assert result.conversations == 5 and result.events > 0
    left = broker_events.events_of(["an-s1", "an-s2", "an-s6"])
    assert left["an-s1"] == [] and left["an-s2"] == [] and left["an-s6"]
    after = analytics.totals(analytics.conversations())
    assert (after.conversations, after.contained, after.handed_over, after.abandoned) == (6, 1, 4, 1)
    assert after.ratings == before.ratings and after.reasons == before.reasons
    assert analytics.conversations(analytics.Filters(phone=PHONE)) == []  # nobody is found by phone any more
    assert analytics.conversations(analytics.Filters(order_id="AN1002")) == []
    tickets = queries.tickets()
    assert all(t.summary == retention.ERASED and t.customer_id is None for t in tickets if t.conversation_id != "an-s6")
    assert not any(t.conversation_id.startswith("an-s") and t.conversation_id != "an-s6" for t in tickets)
    with session_scope() as s:
        assert list(s.execute(select(TranscriptOpening.conversation_id)).scalars()) == [retention.anonymous_id("an-s2")]

    analytics.refresh()  # nothing comes back on the next fold
    assert analytics.totals(analytics.conversations()).conversations == 6


def test_nothing_within_the_retention_period_is_touched():
    assert retention.purge(days=30, at=dt.datetime(2026, 11, 25)).conversations == 0
    assert broker_events.events_of(["an-s1"])["an-s1"]


def test_the_purge_waits_for_the_broker_writing_to_the_events_file():
    # The server's broker may be in a write when the purge runs: sqlite3's 5 s wait failed the purge.
    path = broker_events.broker_url()[len("sqlite:///"):]
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(6.0, lambda: writer.execute("COMMIT"))
    release.start()
    try:
        result = retention.purge(days=5, at=dt.datetime(2026, 11, 25))
    finally:
        release.join()
        writer.close()
    assert result.conversations == 5 and result.events > 0
    assert broker_events.events_of(["an-s1"])["an-s1"] == []
