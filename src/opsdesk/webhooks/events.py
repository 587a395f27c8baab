"""Events of the webhooks module (one per delivery, so each retries on its own)."""

from __future__ import annotations

from typing import ClassVar

from opsdesk.kernel.events import DomainEvent


class WebhookDeliveryRequested(DomainEvent):
    """One subscriber is to get one event: the outbox retries it with backoff, alone."""

    name: ClassVar[str] = "WebhookDeliveryRequested"
    aggregate_type: ClassVar[str] = "webhook_delivery"
    delivery_id: int

    def aggregate_id(self) -> str:
        return str(self.delivery_id)
