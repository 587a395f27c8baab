"""The optional broker sink: the same events, published to a RabbitMQ topic exchange.

For stores whose other systems listen on a bus rather than an HTTP endpoint. Routing
key = topic (``order.placed``), so a queue binds ``order.*`` or ``#``. Messages are
persistent, the exchange durable, and every publish waits for the broker's confirm: a
publish that was not confirmed raises, and the outbox retries it (at least once; the
``message_id`` is the event id for consumers to drop duplicates).
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field

import pika
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.orm import Session

from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.metrics import metrics
from opsdesk.webhooks import catalog


@dataclass
class BrokerSink:
    url: str
    exchange: str = "opsdesk.events"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _connection: pika.BlockingConnection | None = field(default=None, repr=False)
    _channel: BlockingChannel | None = field(default=None, repr=False)

    def _open(self) -> BlockingChannel:
        if self._channel is not None and self._channel.is_open:
            return self._channel
        self.close()
        parameters = pika.URLParameters(self.url)
        parameters.blocked_connection_timeout = 30
        self._connection = pika.BlockingConnection(parameters)
        channel = self._connection.channel()
        channel.exchange_declare(self.exchange, exchange_type="topic", durable=True)
        channel.confirm_delivery()
        self._channel = channel
        return channel

    def publish(self, topic: str, event_id: str, body: str) -> None:
        """Publish and wait for the broker's confirm; raises when it is not confirmed."""
        properties = pika.BasicProperties(
            content_type="application/json", delivery_mode=pika.DeliveryMode.Persistent,
            message_id=event_id, type=topic,
        )  # fmt: skip
        with self._lock:
            try:
                self._open().basic_publish(self.exchange, topic, body.encode(), properties)
            except Exception:
                self.close()  # reconnect on the next try
                raise
        metrics().broker_published.inc()

    def publish_event(self, _session: Session, event: OutboxEvent) -> None:
        for topic in catalog.topics_of(event.name, event.payload):
            body = catalog.envelope(
                topic=topic, event_id=event.event_id, occurred_at=event.occurred_at,
                aggregate_type=event.aggregate_type, aggregate_id=event.aggregate_id,
                data=event.payload,
            )  # fmt: skip
            self.publish(topic, event.event_id, body)

    def close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            with contextlib.suppress(Exception):  # already broken: nothing to give back
                connection.close()
