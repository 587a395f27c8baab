"""The RabbitMQ sink against the real broker on this machine (127.0.0.1:5672).

Skipped only when the broker is unreachable outside CI; in CI it must be there."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pika
import pytest
import sqlalchemy as sa
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.outbox import NamedHandler
from opsdesk.webhooks import handlers
from opsdesk.webhooks.broker import BrokerSink
from opsdesk.webhooks.sender import HttpPoster
from opsdesk.worker.runner import Worker
from tests.conftest import _in_ci
from tests.factories.orders import make_shop, place
from tests.support.smtp import free_port

BROKER_URL = os.environ.get("OPSDESK_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


@pytest.fixture
def exchange() -> Iterator[tuple[str, BlockingChannel, str]]:
    """A fresh exchange and a queue bound to ``order.*`` on it: (exchange, channel, queue)."""
    try:
        connection = pika.BlockingConnection(pika.URLParameters(BROKER_URL))
    except pika.exceptions.AMQPConnectionError as exc:
        if _in_ci():
            pytest.fail(f"RabbitMQ is required in CI but unreachable: {exc!r}")
        pytest.skip("RabbitMQ not reachable")
    name = f"opsdesk.test.{uuid.uuid4().hex[:8]}"
    channel = connection.channel()
    channel.exchange_declare(name, exchange_type="topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, name, routing_key="order.*")
    yield name, channel, queue
    channel.exchange_delete(name)
    connection.close()


def worker(factory: sessionmaker[Session], sink: BrokerSink) -> Worker:
    wired = handlers.handlers(HttpPoster(timeout=2), sink)
    named = {
        k: [NamedHandler(f"{getattr(h, '__qualname__', h)}", h) for h in v]
        for k, v in wired.items()
    }
    return Worker(factory, named)


def take(channel: BlockingChannel, queue: str) -> list[tuple[str, pika.BasicProperties, bytes]]:
    got: list[tuple[str, pika.BasicProperties, bytes]] = []
    while True:
        method, properties, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            return got
        got.append((method.routing_key, properties, body))


def test_a_placed_order_is_published_persistent_under_its_topic(
    session_factory: sessionmaker[Session], exchange: tuple[str, BlockingChannel, str]
) -> None:
    name, channel, queue = exchange
    with session_factory() as s, s.begin():
        make_shop(s)
        order_id = place(s).id
    sink = BrokerSink(BROKER_URL, name)
    w = worker(session_factory, sink)
    while w.relay_once():
        pass
    sink.close()

    (message,) = take(channel, queue)  # stock reservations and the like are not topics
    routing_key, properties, body = message
    document = json.loads(body)
    assert routing_key == "order.placed" == document["topic"] == properties.type
    assert properties.delivery_mode == 2  # persistent
    assert properties.content_type == "application/json"
    assert document["data"]["order_id"] == order_id
    with session_factory() as s:
        event_id = s.scalar(
            sa.select(OutboxEvent.event_id).where(OutboxEvent.name == "OrderPlaced")
        )
    assert properties.message_id == event_id == document["id"]


def test_an_unreachable_broker_leaves_the_event_to_be_retried(
    session_factory: sessionmaker[Session], exchange: tuple[str, BlockingChannel, str]
) -> None:
    name, channel, queue = exchange
    with session_factory() as s, s.begin():
        make_shop(s)
        place(s)
    nowhere = BrokerSink(f"amqp://guest:guest@127.0.0.1:{free_port()}/%2F", name)
    worker(session_factory, nowhere).relay_once()
    with session_factory() as s:
        placed = s.scalars(sa.select(OutboxEvent).where(OutboxEvent.name == "OrderPlaced")).one()
        assert placed.processed_at is None
        assert placed.attempts == 1
        assert placed.last_error is not None
        assert "publish_event" in placed.last_error

    s2 = BrokerSink(BROKER_URL, name)  # the broker is back: the retry goes through
    with session_factory() as s, s.begin():
        s.execute(sa.update(OutboxEvent).values(available_at=utcnow() - timedelta(seconds=1)))
    w = worker(session_factory, s2)
    while w.relay_once():
        pass
    s2.close()
    assert [key for key, _p, _b in take(channel, queue)] == ["order.placed"]
