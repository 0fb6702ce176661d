"""Six conversations with known figures, written the way production writes them: events through the event
broker's table, topics, tickets, ratings and live chats into the store. The unit and browser tests count them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Dict, List

from store import broker_events
from store.db import session_scope
from store.models import Customer, CustomerPhone, LiveChat, Rating, Ticket, TopicAnswered
from store.vocabulary import OPERATOR_REQUESTED, TWICE_MISUNDERSTOOD

DAY1, DAY2, DAY3 = dt.date(2026, 11, 16), dt.date(2026, 11, 17), dt.date(2026, 11, 23)  # Mon, Tue, next Mon
PHONE = "+79161112233"
# What the dashboard must show for them (all channels, all topics).
EXPECTED = {
    "conversations": 6, "contained": 1, "handed_over": 4, "abandoned": 1,
    "reasons": {"operator_request": 1, "second_misunderstanding": 1, "identification_failed": 1, "profanity": 1},
    "identification_rate": 0.75, "misunderstood_rate": 0.2, "average_rating": 10 / 3,
    "rating_distribution": {1: 1, 2: 0, 3: 0, 4: 1, 5: 1},
    "median_seconds_to_human": 90.0, "median_handling_seconds": 450.0,
    "per_day": {DAY1: 2, DAY2: 3, DAY3: 1}, "per_week": {DAY1: 5, DAY3: 1},
}
MISUNDERSTOOD = ["а можно кредит оформить на пылесос", "кредит на пылесос дадите", "мне нужен кредит на технику"]


def _at(day: dt.date, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0)) + dt.timedelta(minutes=minute)


def _user(when: dt.datetime, text: str, intent: str = "greet", channel: str = "rest", telegram: bool = False) -> Dict[str, Any]:
    return {"event": "user", "timestamp": when.timestamp(), "text": text, "input_channel": channel,
            "metadata": {"telegram": {"chat_id": 1}} if telegram else {},
            "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "text": text}}


def _bot(when: dt.datetime, text: str) -> Dict[str, Any]:
    return {"event": "bot", "timestamp": when.timestamp(), "text": text}


def _slot(when: dt.datetime, name: str, value: Any) -> Dict[str, Any]:
    return {"event": "slot", "timestamp": when.timestamp(), "name": name, "value": value}


def _identified(when: dt.datetime, customer: str = "AN-1") -> List[Dict[str, Any]]:
    return [_slot(when, "identity_query", PHONE), _slot(when, "customer_id", customer), _slot(when, "identified", True)]


def seed_throwaway_stores(tmp_path: Path, monkeypatch: Any) -> None:
    """The order store and the event broker's table in SQLite files under `tmp_path`, seeded."""
    monkeypatch.setenv("ORDER_STORE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.setenv("EVENT_BROKER_URL", f"sqlite:///{tmp_path / 'events.db'}")
    seed()


def seed() -> None:
    d1, d2, d3 = DAY1, DAY2, DAY3
    conversations = {
        "an-s1": [_user(_at(d1, 0), "Здравствуйте"), _bot(_at(d1, 0), "Здравствуйте! Чем могу помочь?"),
                  _user(_at(d1, 1), f"где заказ, мой телефон {PHONE}", "order_status"), *_identified(_at(d1, 1)),
                  _slot(_at(d1, 1), "order_id", "AN1001"),
                  _bot(_at(d1, 1), "Ваш заказ в пути."), _user(_at(d1, 2), "спасибо", "thank")],
        "an-s2": [_user(_at(d1, 30), "где заказ", "order_status", telegram=True), *_identified(_at(d1, 30)),
                  _user(_at(d1, 31), "соедините с оператором", "operator_request", telegram=True)],
        "an-s3": [_user(_at(d2, 0), "Добрый день"), _user(_at(d2, 1), MISUNDERSTOOD[0], "nlu_fallback"),
                  _bot(_at(d2, 1), "Уточните, пожалуйста, вопрос."), _user(_at(d2, 2), MISUNDERSTOOD[1], "nlu_fallback")],
        "an-s4": [_user(_at(d2, 20), "где мой заказ", "order_status", "voice"), _slot(_at(d2, 20), "identity_query", "Петров"),
                  _slot(_at(d2, 21), "identification_failed", True),
                  _user(_at(d2, 22), "оператора", "operator_request", "voice")],
        "an-s5": [_user(_at(d2, 40), "где заказ", "order_status"), *_identified(_at(d2, 40)),
                  _user(_at(d2, 41), "AN1002", "inform")],
        "an-s6": [_user(_at(d3, 0), MISUNDERSTOOD[2], "nlu_fallback", telegram=True),
                  _user(_at(d3, 1), "да вы …", "profanity", telegram=True), _slot(_at(d3, 1), "profanity_strikes", 1.0),
                  _user(_at(d3, 2), "…", "profanity", telegram=True), _slot(_at(d3, 2), "profanity_strikes", 2.0),
                  _slot(_at(d3, 2), "conversation_closed", True)],
    }
    for conversation_id, events in conversations.items():
        broker_events.publish(conversation_id, events)
    with session_scope() as s:
        s.add(Customer(id="AN-1", last_name="Аналитикова", first_name="Анна", city="Москва"))
        s.flush()
        s.add(CustomerPhone(phone=PHONE, customer_id="AN-1"))
        for conversation_id, topic, day in (("an-s1", "order_status", d1), ("an-s2", "order_status", d1),
                                            ("an-s3", "return_defect", d2), ("an-s4", "order_status", d2),
                                            ("an-s5", "order_status", d2), ("an-s6", "return_defect", d3)):
            s.add(TopicAnswered(conversation_id=conversation_id, topic=topic, created_at=_at(day, 1)))
        tickets = [
            Ticket(kind="operator", reason=OPERATOR_REQUESTED, conversation_id="an-s2",
                   channel="telegram", customer_id="AN-1", created_at=_at(d1, 31)),
            Ticket(kind="operator", reason=TWICE_MISUNDERSTOOD, conversation_id="an-s3",
                   channel="rest", created_at=_at(d2, 2)),
            Ticket(kind="operator", reason=OPERATOR_REQUESTED, conversation_id="an-s4",
                   channel="voice", created_at=_at(d2, 22)),
            Ticket(kind="callback", reason="разговор прервался: тема не закончена", conversation_id="an-s5",
                   channel="rest", customer_id="AN-1", order_id="AN1002", created_at=_at(d2, 60)),
            Ticket(kind="supervisor", reason="back-office, not a hand-over", conversation_id="an-s1",
                   channel="rest", created_at=_at(d1, 2)),
        ]
        s.add_all(tickets)
        s.flush()
        start2, start3 = _at(d1, 31), _at(d2, 2)
        s.add(LiveChat(ticket_id=tickets[0].id, conversation_id="an-s2", channel="telegram", state="closed",
                       operator="ivanova", requested_at=start2, taken_at=start2 + dt.timedelta(seconds=120),
                       ended_at=start2 + dt.timedelta(seconds=720)))
        s.add(LiveChat(ticket_id=tickets[1].id, conversation_id="an-s3", channel="rest", state="returned",
                       operator="petrov", requested_at=start3, taken_at=start3 + dt.timedelta(seconds=60),
                       ended_at=start3 + dt.timedelta(seconds=360)))
        s.add_all([Rating(conversation_id="an-s1", rating=5, created_at=_at(d1, 3)),
                   Rating(conversation_id="an-s2", rating=4, created_at=_at(d1, 50)),
                   Rating(conversation_id="an-s6", rating=1, created_at=_at(d3, 3))])
