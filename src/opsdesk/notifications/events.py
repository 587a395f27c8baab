from __future__ import annotations

from opsdesk.kernel.events import DomainEvent


class NotificationQueued(DomainEvent):
    name = "NotificationQueued"
    aggregate_type = "notification"
    message_id: int

    def aggregate_id(self) -> str:
        return str(self.message_id)


class NotificationSent(DomainEvent):
    name = "NotificationSent"
    aggregate_type = "notification"
    message_id: int
    message_type: str
    channel: str
    customer_id: int | None
    order_id: int | None

    def aggregate_id(self) -> str:
        return str(self.message_id)
