"""Deflection figures from stored conversations, tickets and ratings (through store/analytics.py)."""
import pytest

from store import queries
from store.deflection import figures, report


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDER_STORE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.setenv("EVENT_BROKER_URL", f"sqlite:///{tmp_path / 'events.db'}")


def test_per_topic_deflection_reasons_and_ratings():
    queries.record_topic("c1", "order_status")
    queries.record_topic("c2", "order_status")
    queries.record_topic("c3", "return_defect")
    queries.create_ticket("operator", "статус без ответа по скрипту", "c2")
    queries.create_ticket("supervisor", "Проверен", "c1")  # back-office work, not a hand-over
    queries.create_ticket("operator", "клиент просит соединить с оператором", "c4")  # no topic answered
    queries.record_rating("c1", 5)
    queries.record_rating("c3", 3)
    f = figures()
    assert (f["order_status"].conversations, f["order_status"].contained) == (2, 1)
    assert f["order_status"].reasons == {"script_transfer": 1}
    assert f["order_status"].average_rating == 5
    assert f["return_defect"].contained == 1 and f["return_defect"].average_rating == 3
    assert f["(без темы)"].contained == 0
    text = report()
    assert "all conversations" in text and "клиент попросил оператора" in text


def test_empty_store():
    assert report() == "No conversations recorded yet."
