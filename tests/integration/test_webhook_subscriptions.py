"""Webhooks end to end on both databases: a real order fans out to subscribers, each is
posted signed to a real HTTP endpoint, retried with backoff, parked, replayed."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import registry, webhooks
from opsdesk.config import Settings
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.outbox import NamedHandler, RetryPolicy
from opsdesk.webhooks import handlers, signing
from opsdesk.webhooks.log import DeliveryState
from opsdesk.webhooks.sender import HttpPoster
from opsdesk.worker.runner import Worker
from tests.factories.orders import make_shop, place
from tests.support.webhook_receiver import Receiver, webhook_receiver

Factory = sessionmaker[Session]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as r:
        yield r


def worker(factory: Factory, max_attempts: int = 8) -> Worker:
    wired = handlers.handlers(HttpPoster(timeout=5))
    named = {k: [NamedHandler(f"webhooks.{h.__name__}", h) for h in v] for k, v in wired.items()}
    return Worker(factory, named, retry=RetryPolicy(max_attempts=max_attempts))


def relay_all(w: Worker) -> None:
    while w.relay_once():
        pass


def subscribe(factory: Factory, url: str, *topics: str, active: bool = True) -> tuple[int, str]:
    with factory() as s, s.begin():
        sub, secret = webhooks.create_subscription(
            s, url=url, topics=list(topics), actor="admin:test"
        )
        sub.active = active
        return sub.id, secret


def place_order(factory: Factory) -> int:
    with factory() as s, s.begin():
        make_shop(s)
        return place(s).id


def make_due_now(factory: Factory) -> None:
    with factory() as s, s.begin():
        s.execute(sa.update(OutboxEvent).values(available_at=utcnow() - timedelta(seconds=1)))


def log(factory: Factory, **filters: object) -> list[webhooks.DeliveryView]:
    with factory() as s:
        return webhooks.delivery_log(s, **filters)  # type: ignore[arg-type]


def test_a_placed_order_reaches_its_subscriber_signed_and_only_them(
    session_factory: Factory, receiver: Receiver
) -> None:
    sub_id, secret = subscribe(session_factory, receiver.url, "order.placed")
    subscribe(session_factory, receiver.url + "/tickets-only", "ticket.created")
    subscribe(session_factory, receiver.url + "/switched-off", "order.placed", active=False)
    order_id = place_order(session_factory)

    relay_all(worker(session_factory))

    (got,) = receiver.received
    assert got.path == "/hooks/opsdesk"
    assert signing.verify(secret, got.body, got.headers["x-opsdesk-timestamp"],
                          got.headers["x-opsdesk-signature"], now=int(time.time()))  # fmt: skip
    assert not signing.verify("whsec_someone-else", got.body, got.headers["x-opsdesk-timestamp"],
                              got.headers["x-opsdesk-signature"], now=int(time.time()))  # fmt: skip
    document = json.loads(got.body)
    assert document["topic"] == got.headers["x-opsdesk-topic"] == "order.placed"
    assert document["aggregate"] == {"type": "order", "id": str(order_id)}
    assert document["data"]["order_id"] == order_id
    assert got.headers["x-opsdesk-event-id"] == document["id"]
    (entry,) = log(session_factory)
    assert (entry.subscription_id, entry.state, entry.attempts) == (
        sub_id,
        DeliveryState.DELIVERED,
        1,
    )
    assert entry.response_code == 200
    assert entry.latency_ms is not None
    assert entry.last_error is None


def test_a_failing_subscriber_is_retried_with_backoff_without_holding_up_others(
    session_factory: Factory, receiver: Receiver
) -> None:
    with webhook_receiver() as healthy:
        down, _ = subscribe(session_factory, receiver.url, "order.placed")
        up, _ = subscribe(session_factory, healthy.url, "order.placed")
        receiver.statuses = [503]
        place_order(session_factory)
        w = worker(session_factory)
        relay_all(w)
        assert len(healthy.received) == 1
        assert len(receiver.received) == 1

    states = {e.subscription_id: e for e in log(session_factory)}
    assert states[up].state is DeliveryState.DELIVERED
    failing = states[down]
    assert failing.state is DeliveryState.RETRYING
    assert failing.attempts == 1
    assert failing.last_error is not None
    assert "HTTP 503" in failing.last_error
    assert "maintenance" in failing.last_error
    assert failing.next_attempt_at is not None
    assert failing.next_attempt_at > utcnow()
    relay_all(w)  # not due yet: the backoff holds it
    assert len(receiver.received) == 1

    make_due_now(session_factory)
    relay_all(w)
    assert len(receiver.received) == 2
    retried = {e.subscription_id: e for e in log(session_factory)}[down]
    assert (retried.state, retried.attempts, retried.response_code) == (
        DeliveryState.DELIVERED,
        2,
        200,
    )
    first, second = receiver.received
    assert first.body == second.body  # same bytes, same event id: receivers can dedupe
    assert first.headers["x-opsdesk-event-id"] == second.headers["x-opsdesk-event-id"]


def test_a_parked_delivery_is_replayed_and_a_delivered_one_sent_anew(
    session_factory: Factory, receiver: Receiver
) -> None:
    sub_id, _ = subscribe(session_factory, receiver.url, "order.placed")
    receiver.statuses = [500, 500]
    place_order(session_factory)
    w = worker(session_factory, max_attempts=2)
    relay_all(w)
    make_due_now(session_factory)
    relay_all(w)
    (parked,) = log(session_factory, state=DeliveryState.PARKED)
    assert parked.attempts == 2
    assert len(receiver.received) == 2

    with session_factory() as s, s.begin():
        webhooks.replay(s, parked.id)
    relay_all(w)
    (done,) = log(session_factory)
    assert done.id == parked.id
    assert done.state is DeliveryState.DELIVERED
    assert len(receiver.received) == 3

    with session_factory() as s, s.begin():
        again = webhooks.replay(s, done.id)
        assert again.id != done.id
        assert again.replay_of_id == done.id
    relay_all(w)
    newest, older = log(session_factory, subscription_id=sub_id)
    assert (newest.replay_of_id, newest.state) == (done.id, DeliveryState.DELIVERED)
    assert newest.event_id == older.event_id
    assert receiver.received[3].body == receiver.received[2].body


def test_a_delivery_still_in_flight_cannot_be_replayed(
    session_factory: Factory, receiver: Receiver
) -> None:
    subscribe(session_factory, receiver.url, "order.placed")
    place_order(session_factory)
    w = worker(session_factory)
    w.relay_once()  # the order's events fan out; the delivery itself is queued
    queued = [e for e in log(session_factory) if e.state is DeliveryState.QUEUED]
    assert queued
    with session_factory() as s, s.begin(), pytest.raises(webhooks.service.Conflict):
        webhooks.replay(s, queued[0].id)


def test_switching_a_subscription_off_skips_what_was_queued_for_it(
    session_factory: Factory, receiver: Receiver
) -> None:
    sub_id, _ = subscribe(session_factory, receiver.url, "order.placed")
    place_order(session_factory)
    w = worker(session_factory)
    w.relay_once()
    with session_factory() as s, s.begin():
        webhooks.update_subscription(s, sub_id, active=False)
    relay_all(w)
    assert receiver.received == []
    assert [e.state for e in log(session_factory)] == [DeliveryState.SKIPPED]


def test_the_worker_runs_the_webhook_handlers_and_the_broker_sink_only_when_set(
    settings: Settings,
) -> None:
    wired = registry.after_commit_handlers(settings)
    assert [h.name for h in wired["WebhookDeliveryRequested"]] == [
        "opsdesk.webhooks.handlers.handlers.<locals>.send"
    ]
    assert "opsdesk.webhooks.handlers.fan_out" in [h.name for h in wired["OrderPlaced"]]
    assert not any("BrokerSink" in h.name for h in wired["OrderPlaced"])
    with_broker = registry.after_commit_handlers(
        settings.model_copy(update={"broker_url": "amqp://guest:guest@127.0.0.1:5672/%2F"})
    )
    assert any(h.name.endswith("BrokerSink.publish_event") for h in with_broker["ShipmentDelayed"])
