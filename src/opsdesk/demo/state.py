"""What the generator knows about one order while it plays the order's life forward."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from opsdesk.demo.catalog import Site, VariantSpec
from opsdesk.demo.people import CustomerView
from opsdesk.demo.reference import EUR_RATES


@dataclass(frozen=True)
class StoreContext:
    """Facts shared by every order: the clock, the sites and who serves which region."""

    now: datetime
    sites: dict[int, Site]
    candidates: dict[str, tuple[int, ...]]  # customer region -> warehouse ids, best first
    backorder_since: datetime  # made-to-order items wait for supply after this moment
    seed: int = 0  # keys the demo's order numbers (``numbers.order_number``)


@dataclass
class LineState:
    id: int
    line_no: int
    variant: VariantSpec
    quantity: int
    unit_price: int
    warehouse_id: int | None = None
    reserved_at: datetime | None = None
    reservation_status: str = "active"
    reservation_updated: datetime | None = None
    waiting_until: date | None = None
    cancelled: int = 0
    shipped: int = 0
    returned: int = 0


@dataclass
class OrderState:
    id: int
    number: str
    customer: CustomerView
    channel: str
    service_level: str
    placed_at: datetime
    promised: date
    discount_percent: int
    lines: list[LineState] = field(default_factory=list)
    status: str = "placed"
    events: list[tuple[datetime, str, str, str, dict[str, Any]]] = field(default_factory=list)
    refunded: int = 0

    @property
    def currency(self) -> str:
        return self.customer.profile.currency

    def note(
        self, at: datetime, kind: str, summary: str, actor: str = "system", **data: Any
    ) -> None:
        """Add a timeline entry, written the way the services word theirs."""
        self.events.append((at, kind, actor, summary, data))

    def last_change(self) -> datetime:
        return max(e[0] for e in self.events)

    def subtotal(self) -> int:
        return sum(line.unit_price * line.quantity for line in self.lines)

    def money(self, minor: int) -> str:
        return f"{minor / 100:.2f} {self.currency}"


def local_price(eur_minor: int, currency: str) -> int:
    """A shelf price in the order's currency, ending in .90 like a real price list."""
    if currency == "EUR":
        return eur_minor
    return max(1, int(eur_minor * EUR_RATES[currency]) // 100) * 100 + 90
