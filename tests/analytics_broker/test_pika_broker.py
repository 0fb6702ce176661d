"""The scaled topology's event path: Rasa's Pika broker → RabbitMQ → bot.analytics_consumer → the `events` table →
the supervisor's figures (store/analytics.py), with the consumer killed and RabbitMQ restarted along the way."""
from __future__ import annotations

import json

from bot.analytics_consumer import DEFAULT_QUEUE, EventTable
from bot.local_stack import Customer
from store import analytics, broker_events
from tests.analytics_broker.conftest import event_keys, tracker_events, wait_for


def _stored(sender: str):  # type: ignore[no-untyped-def]
    return broker_events.events_of([sender])[sender]


def _all_stored(stack, sender: str) -> bool:  # type: ignore[no-untyped-def]
    return event_keys(_stored(sender)) == event_keys(tracker_events(stack, sender))


def _facts(sender: str):  # type: ignore[no-untyped-def]
    analytics.refresh()
    [facts] = [f for f in analytics.conversations() if f.conversation_id == sender]
    return facts


def test_a_handed_over_conversation_reaches_the_dashboard_through_a_consumer_killed_mid_way(
        stack, rabbit, consumer, customer: Customer) -> None:
    customer.says_text("где заказ 89001009901")
    customer.says_text("да")
    wait_for(lambda: _all_stored(stack, customer.sender), 20, "the first turns in the events table")

    consumer.kill()
    assert "ориентировочно 26 ноября" in customer.says_text("где соковыжималка")
    handover = customer.says("позовите оператора")
    assert any(r.get("custom", {}).get("handover") for r in handover)
    wait_for(lambda: rabbit.queue_depth(DEFAULT_QUEUE) > 0, 10, "the later turns waiting in RabbitMQ")
    assert not _all_stored(stack, customer.sender)  # nobody consumed them

    consumer.start()
    wait_for(lambda: _all_stored(stack, customer.sender), 30, "every turn in the events table")
    assert rabbit.queue_depth(DEFAULT_QUEUE) == 0

    facts = _facts(customer.sender)
    assert (facts.outcome, facts.handover_reason) == (analytics.HANDED_OVER, "operator_request")
    assert facts.channel == "rest" and facts.user_messages == 4
    said = [line.text for line in broker_events.transcript(_stored(customer.sender)) if line.who == "customer"]
    assert said == ["где заказ 89001009901", "да", "где соковыжималка", "позовите оператора"]


def test_the_event_path_survives_a_restart_of_rabbitmq(stack, rabbit, consumer, customer: Customer) -> None:
    customer.says_text("где заказ 89001009901")
    wait_for(lambda: _all_stored(stack, customer.sender), 20, "the first turn in the events table")

    # Both ends reconnect on their own: Rasa's broker and the running consumer.
    rabbit.stop()
    rabbit.start()
    wait_for(lambda: rabbit.connections() >= 2, 30, "Rasa's broker and the consumer reconnected")
    customer.says_text("да")
    wait_for(lambda: _all_stored(stack, customer.sender), 20, "the turn after the restart in the events table")

    # What waits in the queue when RabbitMQ restarts is still there for the consumer (durable, persistent).
    consumer.kill()
    customer.says_text("где соковыжималка")
    wait_for(lambda: rabbit.queue_depth(DEFAULT_QUEUE) > 0, 10, "the turn waiting in RabbitMQ")
    rabbit.stop()
    rabbit.start()
    consumer.start()
    wait_for(lambda: _all_stored(stack, customer.sender), 30, "the turn kept across the restart in the events table")

    facts = _facts(customer.sender)
    assert facts.user_messages == 3 and facts.outcome == analytics.CONTAINED


def test_a_batch_delivered_again_after_a_crash_is_not_written_twice(tmp_path) -> None:
    # Killed after the commit and before the ack, the consumer gets the same messages again from RabbitMQ.
    table = EventTable(f"sqlite:///{tmp_path / 'events.db'}")
    bodies = [json.dumps({"sender_id": "c1", "event": "user", "text": "да", "timestamp": 1.0 + i}) for i in range(3)]
    assert table.write(bodies[:2], [False, False]) == 2
    assert table.write(bodies, [True, True, False]) == 1
    with table.engine.connect() as connection:
        rows = connection.execute(broker_events.EVENTS.select()).all()
    assert sorted(json.loads(r.data)["timestamp"] for r in rows) == [1.0, 2.0, 3.0]
