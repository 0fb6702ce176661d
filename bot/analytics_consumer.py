"""The analytics consumer of the scaled topology: reads the events Rasa's Pika broker publishes to RabbitMQ and writes
them into the SQL event broker's `events` table, the one store/analytics.py reads.

A batch is acknowledged only after its transaction committed, so a consumer killed mid-way leaves the rest in the
queue (durable, persistent messages); a message RabbitMQ delivers again (written, then killed before the ack) is
recognised by its identical row and not written twice. A lost connection — RabbitMQ restarted — is retried.

    python -m bot.analytics_consumer [--endpoints endpoints-with-pika.yml | --amqp-url amqp://… --queue …] [--db …]

Defaults: RABBITMQ_URL, EVENTS_QUEUE, and the table store/broker_events.py reads (EVENT_BROKER_URL or endpoints.yml).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence
from urllib.parse import urlparse

import aio_pika
import yaml
from aio_pika.abc import AbstractIncomingMessage
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from store.broker_events import EVENTS, broker_url, events_engine

logger = logging.getLogger(__name__)
DEFAULT_QUEUE = "rasa_events"
DEFAULT_EXCHANGE = "rasa-exchange"  # Rasa's PikaEventBroker default (a fanout exchange)
BATCH_SIZE = 500  # messages in flight, unacknowledged, at most
BATCH_WAIT = 0.2  # seconds a batch gathers messages before one commit
RETRY_SECONDS = 1.0


def pika_event_broker(amqp_url: str, queue: str = DEFAULT_QUEUE, exchange: str = DEFAULT_EXCHANGE) -> Dict[str, Any]:
    """The `event_broker` section of an endpoints file for Rasa's Pika broker publishing to `amqp_url`."""
    parsed = urlparse(amqp_url)
    return {"type": "pika", "url": parsed.hostname or "localhost", "port": parsed.port or 5672,
            "username": parsed.username or "guest", "password": parsed.password or "guest",
            "queues": [queue], "exchange_name": exchange}


def with_pika_broker(endpoints_text: str, amqp_url: str, queue: str = DEFAULT_QUEUE) -> str:
    """An endpoints file's text with its event broker replaced by Rasa's Pika broker (the scaled topology's)."""
    config = yaml.safe_load(endpoints_text) or {}
    config["event_broker"] = pika_event_broker(amqp_url, queue)
    return yaml.safe_dump(config, allow_unicode=True)


def amqp_url_of(broker: Dict[str, Any]) -> str:
    """The AMQP URL of a Pika `event_broker` section (the consumer's side of `pika_event_broker`)."""
    return (f"amqp://{broker.get('username', 'guest')}:{broker.get('password', 'guest')}"
            f"@{broker.get('url', 'localhost')}:{broker.get('port', 5672)}/")


class EventTable:
    """The `events` table; one transaction per batch."""

    def __init__(self, url: str) -> None:
        # The desk, the purge and the test's readers open the same file: wait for them rather than die at start.
        self.engine: Engine = events_engine(url, future=True)
        EVENTS.metadata.create_all(self.engine)

    def write(self, bodies: Sequence[str], redelivered: Sequence[bool]) -> int:
        """Append the events; a redelivered one already in the table is skipped. Returns the rows written."""
        rows: List[Dict[str, Any]] = []
        with self.engine.begin() as connection:
            for body, again in zip(bodies, redelivered):
                sender_id = _sender_of(body)
                if again and connection.execute(select(EVENTS.c.id).where(
                        EVENTS.c.sender_id == sender_id, EVENTS.c.data == body).limit(1)).first():
                    continue
                rows.append({"sender_id": sender_id, "data": body})
            if rows:
                connection.execute(insert(EVENTS), rows)
        return len(rows)


def _sender_of(body: str) -> Optional[str]:
    try:
        return json.loads(body).get("sender_id")
    except (ValueError, AttributeError):
        return None


@dataclass
class Consumer:
    amqp_url: str
    queue: str
    exchange: str
    table: EventTable

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop`; a lost or refused connection is retried."""
        while not stop.is_set():
            try:
                await self._consume(stop)
            except (aio_pika.exceptions.AMQPException, ConnectionError, OSError, asyncio.TimeoutError) as error:
                logger.warning("RabbitMQ: %s; reconnecting in %.0f s", error or type(error).__name__, RETRY_SECONDS)
            if not stop.is_set():
                await asyncio.sleep(RETRY_SECONDS)

    async def _consume(self, stop: asyncio.Event) -> None:
        connection = await aio_pika.connect(self.amqp_url, timeout=10)
        lost = asyncio.Event()
        connection.close_callbacks.add(lambda *_: lost.set())
        async with connection:
            channel = await connection.channel()
            await channel.set_qos(prefetch_count=BATCH_SIZE)
            # Declared as Rasa's broker declares them, so either may start first.
            exchange = await channel.declare_exchange(self.exchange, aio_pika.ExchangeType.FANOUT)
            queue = await channel.declare_queue(self.queue, durable=True)
            await queue.bind(exchange, "")
            inbox: "asyncio.Queue[AbstractIncomingMessage]" = asyncio.Queue()
            await queue.consume(inbox.put)
            logger.info("consuming %s into the events table", self.queue)
            while not (stop.is_set() or lost.is_set()):
                batch = await _next_batch(inbox, stop, lost)
                if batch:
                    await self._store(batch)
            if lost.is_set():
                raise ConnectionError("connection lost")

    async def _store(self, batch: List[AbstractIncomingMessage]) -> None:
        bodies = [message.body.decode("utf-8") for message in batch]
        written = await asyncio.to_thread(self.table.write, bodies, [bool(m.redelivered) for m in batch])
        await batch[-1].ack(multiple=True)  # only now: a crash before this line redelivers the batch
        logger.debug("%d events written (%d received)", written, len(batch))


async def _next_batch(inbox: "asyncio.Queue[AbstractIncomingMessage]", stop: asyncio.Event,
                      lost: asyncio.Event) -> List[AbstractIncomingMessage]:
    first = asyncio.ensure_future(inbox.get())
    stopped = asyncio.ensure_future(stop.wait())
    disconnected = asyncio.ensure_future(lost.wait())
    await asyncio.wait({first, stopped, disconnected}, return_when=asyncio.FIRST_COMPLETED)
    for waiter in (stopped, disconnected):
        waiter.cancel()
    if not first.done():
        first.cancel()
        return []
    batch = [first.result()]
    deadline = asyncio.get_running_loop().time() + BATCH_WAIT
    while len(batch) < BATCH_SIZE:
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            break
        try:
            batch.append(await asyncio.wait_for(inbox.get(), timeout=left))
        except asyncio.TimeoutError:
            break
    return batch


def _parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--amqp-url", default=os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/"))
    parser.add_argument("--queue", default=os.environ.get("EVENTS_QUEUE", DEFAULT_QUEUE))
    parser.add_argument("--exchange", default=os.environ.get("EVENTS_EXCHANGE", DEFAULT_EXCHANGE))
    parser.add_argument("--endpoints", type=Path, help="an endpoints file with Rasa's Pika broker: its URL and queue")
    parser.add_argument("--db", default=None, help="SQLAlchemy URL of the events table (default: as the desk reads)")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("aiormq").setLevel(logging.ERROR)
    args = _parse(argv)
    if args.endpoints:
        broker = (yaml.safe_load(args.endpoints.read_text(encoding="utf-8")) or {}).get("event_broker") or {}
        if broker.get("type") != "pika":
            raise SystemExit(f"{args.endpoints}: no `event_broker: type: pika`")
        args.amqp_url, args.queue = amqp_url_of(broker), (broker.get("queues") or [DEFAULT_QUEUE])[0]
        args.exchange = broker.get("exchange_name", DEFAULT_EXCHANGE)
    db = args.db or broker_url()
    if not db:
        raise SystemExit("no events table: --db, EVENT_BROKER_URL or an SQL event broker in endpoints.yml")
    consumer = Consumer(args.amqp_url, args.queue, args.exchange, EventTable(db))

    async def run() -> None:
        stop = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):  # finish the batch in hand, then stop
            asyncio.get_running_loop().add_signal_handler(signum, stop.set)
        await consumer.run(stop)

    asyncio.run(run())


if __name__ == "__main__":
    main()
