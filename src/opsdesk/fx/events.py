"""Events the fx module records in the outbox (see docs/architecture.md)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from opsdesk.kernel.events import DomainEvent


class ExchangeRateSet(DomainEvent):
    """A rate was set or replaced; ``previous`` keeps the value it replaced (the row
    itself only holds the latest), so the history of every edit stays readable."""

    name: ClassVar[str] = "ExchangeRateSet"
    aggregate_type: ClassVar[str] = "exchange_rate"

    base: str
    quote: str
    valid_from: date
    rate: str
    previous: str | None
    set_by: str
    note: str

    def aggregate_id(self) -> str:
        return f"{self.base}{self.quote}:{self.valid_from.isoformat()}"
