"""Events the proactive module records in the outbox (see docs/architecture.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from opsdesk.kernel.events import DomainEvent


class ShipmentAtRisk(DomainEvent):
    """A shipment's delay risk crossed the alert threshold (once per crossing)."""

    name: ClassVar[str] = "ShipmentAtRisk"
    aggregate_type: ClassVar[str] = "shipment"

    shipment_id: int
    order_id: int
    probability: float
    threshold: float
    reasons: list[str]
    promised_delivery_date: date | None
    scored_at: datetime

    def aggregate_id(self) -> str:
        return str(self.shipment_id)
