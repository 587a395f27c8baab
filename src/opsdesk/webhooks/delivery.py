"""Sending one queued delivery: sign, post, record what the receiver answered."""

from __future__ import annotations

import time

from sqlalchemy.orm import Session

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.metrics import metrics
from opsdesk.webhooks import signing
from opsdesk.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from opsdesk.webhooks.sender import Poster

TOPIC_HEADER = "X-OpsDesk-Topic"
EVENT_HEADER = "X-OpsDesk-Event-Id"
DELIVERY_HEADER = "X-OpsDesk-Delivery-Id"


class DeliveryFailed(OpsDeskError):
    """Raised to the outbox, which retries later (with backoff) or parks the delivery."""


def deliver(session: Session, job: OutboxEvent, poster: Poster) -> None:
    delivery = session.get(WebhookDelivery, int(job.payload["delivery_id"]))
    if delivery is None or delivery.status is not DeliveryStatus.PENDING:
        return  # deleted with its subscription, or already done
    subscription = session.get(WebhookSubscription, delivery.subscription_id)
    if subscription is None or not subscription.active:
        delivery.status = DeliveryStatus.SKIPPED
        return
    headers = signing.headers(subscription.secret, int(time.time()), delivery.body) | {
        TOPIC_HEADER: delivery.topic,
        EVENT_HEADER: delivery.event_id,
        DELIVERY_HEADER: str(delivery.id),
    }
    answer = poster.post(subscription.url, delivery.body, headers)
    metrics().webhook_attempts.labels("delivered" if answer.ok else "failed").inc()
    if not answer.ok:
        raise DeliveryFailed(answer.describe())
    delivery.status = DeliveryStatus.DELIVERED
    delivery.attempts = job.attempts + 1
    delivery.response_code = answer.status
    delivery.latency_ms = answer.latency_ms
    delivery.delivered_at = utcnow()
