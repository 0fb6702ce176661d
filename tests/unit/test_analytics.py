"""The supervisor's figures on a seeded set of conversations with known counts; `make deflection` agrees."""
import pytest

from store import analytics
from store.deflection import figures
from tests.desk.analytics_seed import DAY1, DAY2, EXPECTED, PHONE, seed_throwaway_stores


@pytest.fixture(autouse=True)
def seeded(tmp_path, monkeypatch):
    seed_throwaway_stores(tmp_path, monkeypatch)
    analytics.refresh()


def test_the_seeded_conversations_give_the_known_figures():
    t = analytics.totals(analytics.conversations())
    assert (t.conversations, t.contained, t.handed_over, t.abandoned) == (6, 1, 4, 1)
    assert dict(t.reasons) == EXPECTED["reasons"]
    assert t.identification_rate == EXPECTED["identification_rate"]
    assert t.misunderstood_rate == EXPECTED["misunderstood_rate"]
    assert t.average_rating == pytest.approx(EXPECTED["average_rating"])
    assert t.rating_distribution == EXPECTED["rating_distribution"]
    assert (t.median_seconds_to_human, t.median_handling_seconds) == (90.0, 450.0)


def test_per_day_per_week_and_filters():
    facts = analytics.conversations()
    assert {d: x.conversations for d, x in analytics.by_period(facts, "day").items()} == EXPECTED["per_day"]
    assert {d: x.conversations for d, x in analytics.by_period(facts, "week").items()} == EXPECTED["per_week"]
    telegram = analytics.conversations(analytics.Filters(channel="telegram"))
    assert sorted(f.conversation_id for f in telegram) == ["an-s2", "an-s6"]
    assert [f.channel for f in analytics.conversations(analytics.Filters(channel="voice"))] == ["voice"]
    returns = analytics.conversations(analytics.Filters(topic="return_defect", date_from=DAY2, date_to=DAY2))
    assert [f.conversation_id for f in returns] == ["an-s3"]
    assert {f.conversation_id for f in analytics.conversations(analytics.Filters(phone="8 916 111-22-33"))} == {
        "an-s1", "an-s2", "an-s5"}
    assert [f.conversation_id for f in analytics.conversations(analytics.Filters(order_id="AN1002"))] == ["an-s5"]
    assert [f.conversation_id for f in analytics.conversations(analytics.Filters(outcome="abandoned"))] == ["an-s5"]
    assert DAY1 in analytics.by_period(facts, "week")


def test_make_deflection_counts_the_same_conversations():
    per_topic = figures()
    assert (per_topic["order_status"].conversations, per_topic["order_status"].contained) == (4, 1)
    assert (per_topic["return_defect"].conversations, per_topic["return_defect"].handed_over) == (2, 2)
    dashboard = analytics.totals(analytics.conversations())
    assert sum(t.conversations for t in per_topic.values()) == dashboard.conversations  # one topic each here
    assert sum(t.contained for t in per_topic.values()) == dashboard.contained


def test_a_refresh_picks_up_a_rating_given_later_and_rebuilds_nothing_twice():
    from store import queries

    assert analytics.refresh() >= 0
    queries.record_rating("an-s5", 2)
    analytics.refresh()
    assert analytics.totals(analytics.conversations()).ratings.count(2) == 1


def test_a_chart_asked_by_name_is_the_dashboards_chart_of_that_name():
    from desk import charts

    facts = analytics.conversations()
    every = charts.tables(facts, "day")
    assert len(every) == 7
    for name, table in every.items():
        assert charts.table(name, facts, "day") == table
    assert charts.table("no-such-chart", facts, "day") is None
    assert every["conversations"].rows and every["rating_distribution"].rows


def test_a_chat_hand_over_nobody_could_take_counts_as_handed_over_and_a_dropped_topic_as_abandoned():
    import datetime as dt

    from store.models import Ticket
    from store.vocabulary import NO_OPERATOR_CALLBACK, OPERATOR_REQUESTED

    def outcome(reason: str):
        ticket = Ticket(kind="callback", reason=reason, conversation_id="c", created_at=dt.datetime(2026, 11, 20))
        fact = analytics.build_facts("c", [], analytics._StoreRows(tickets=[ticket]))
        return fact.outcome, fact.handover_reason

    assert outcome(f"{OPERATOR_REQUESTED}; {NO_OPERATOR_CALLBACK}") == (analytics.HANDED_OVER, "operator_unavailable")
    assert outcome("разговор прервался: где посылка; перезвонить клиенту 1 раз") == (analytics.ABANDONED, None)
