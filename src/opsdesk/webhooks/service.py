"""Use cases of the event feed: subscriptions, fan-out of events, delivery, replay.

The caller owns the transaction (an API request, a worker handler). Each delivery is
its own outbox event, so a subscriber that is down retries with the outbox's backoff
without holding up the others, and its attempts and last error are the outbox's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel import outbox
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, NotFound
from opsdesk.kernel.events import OutboxEvent, record
from opsdesk.webhooks import catalog, policy, signing
from opsdesk.webhooks.events import WebhookDeliveryRequested
from opsdesk.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription


def create_subscription(
    session: Session, *, url: str, topics: list[str], description: str = "", actor: str = ""
) -> tuple[WebhookSubscription, str]:
    """A new subscriber and its signing secret (returned in plain this once)."""
    secret = signing.new_secret()
    subscription = WebhookSubscription(
        url=policy.checked_url(url), topics=policy.checked_topics(topics), secret=secret,
        description=description.strip()[:200], active=True, created_by=actor,
    )  # fmt: skip
    session.add(subscription)
    session.flush()
    return subscription, secret


def get_subscription(session: Session, subscription_id: int) -> WebhookSubscription:
    found = session.get(WebhookSubscription, subscription_id)
    if found is None:
        raise NotFound("webhook subscription", subscription_id)
    return found


def list_subscriptions(session: Session) -> Sequence[WebhookSubscription]:
    return session.scalars(sa.select(WebhookSubscription).order_by(WebhookSubscription.id)).all()


def update_subscription(
    session: Session,
    subscription_id: int,
    *,
    url: str | None = None,
    topics: list[str] | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> WebhookSubscription:
    subscription = get_subscription(session, subscription_id)
    if url is not None:
        subscription.url = policy.checked_url(url)
    if topics is not None:
        subscription.topics = policy.checked_topics(topics)
    if description is not None:
        subscription.description = description.strip()[:200]
    if active is not None:
        subscription.active = active
    session.flush()
    return subscription


def rotate_secret(session: Session, subscription_id: int) -> tuple[WebhookSubscription, str]:
    subscription = get_subscription(session, subscription_id)
    subscription.secret = signing.new_secret()
    session.flush()
    return subscription, subscription.secret


def delete_subscription(session: Session, subscription_id: int) -> None:
    session.delete(get_subscription(session, subscription_id))
    session.flush()


def fan_out(session: Session, event: OutboxEvent) -> int:
    """One delivery (and its outbox job) per active subscriber of the event's topics."""
    topics = catalog.topics_of(event.name, event.payload)
    if not topics:
        return 0
    subscribers = session.scalars(
        sa.select(WebhookSubscription).where(WebhookSubscription.active.is_(True))
    ).all()  # a handful of rows: the topic lists are matched here, on every backend alike
    made = 0
    for topic in topics:
        body = catalog.envelope(
            topic=topic, event_id=event.event_id, occurred_at=event.occurred_at,
            aggregate_type=event.aggregate_type, aggregate_id=event.aggregate_id,
            data=event.payload,
        )  # fmt: skip
        for subscription in (s for s in subscribers if topic in s.topics):
            _queue(session, subscription.id, topic, event.event_id, body)
            made += 1
    return made


def _queue(
    session: Session,
    subscription_id: int,
    topic: str,
    event_id: str,
    body: str,
    replay_of: int | None = None,
) -> WebhookDelivery:
    delivery = WebhookDelivery(
        subscription_id=subscription_id, topic=topic, event_id=event_id, body=body,
        status=DeliveryStatus.PENDING, attempts=0, replay_of_id=replay_of,
    )  # fmt: skip
    session.add(delivery)
    session.flush()
    delivery.job_event_id = record(session, WebhookDeliveryRequested(delivery_id=delivery.id))
    return delivery


def replay(
    session: Session, delivery_id: int, *, now: datetime | None = None, only_for: int | None = None
) -> WebhookDelivery:
    """Send one event to its subscriber again: a parked delivery gets a fresh round of
    attempts; a finished one is sent anew as a new delivery (same event id and body, so
    the receiver can tell it is the same event). One still being tried: 409."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or only_for not in (None, delivery.subscription_id):
        raise NotFound("webhook delivery", delivery_id)
    job = _job_of(session, delivery)
    if delivery.status is DeliveryStatus.PENDING:
        if job is None or job.parked_at is None:
            raise Conflict(f"webhook delivery {delivery_id} is still being tried")
        outbox.requeue_parked(session, job.id, now=now or utcnow())
        return delivery
    get_subscription(session, delivery.subscription_id)
    return _queue(
        session, delivery.subscription_id, delivery.topic, delivery.event_id, delivery.body,
        replay_of=delivery.id,
    )  # fmt: skip


def _job_of(session: Session, delivery: WebhookDelivery) -> OutboxEvent | None:
    if delivery.job_event_id is None:
        return None
    return session.scalars(
        sa.select(OutboxEvent).where(OutboxEvent.event_id == delivery.job_event_id)
    ).first()
