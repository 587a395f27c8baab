"""The Customer 360: what an agent needs to know about a customer, in one shape.

The ticket view's customer panel and ``GET /api/v1/customers/{id}/overview`` both render
it, so the panel never shows something the API cannot tell.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from opsdesk import inventory, orders
from opsdesk.support.csat_schemas import CustomerCsat
from opsdesk.support.schemas import SlaState
from opsdesk.support.sla import Priority, TicketStatus


class CustomerProfile(BaseModel):
    id: int
    name: str
    email: str | None
    phone: str
    locale: str
    timezone: str
    tags: list[str]
    customer_since: datetime


class LifetimeValue(BaseModel):
    currency: str
    total_minor: int
    orders: int


class Lifetime(BaseModel):
    orders: int
    values: list[LifetimeValue]


class ReservedHere(BaseModel):
    """Units of one order line held (or waiting) for this order."""

    warehouse_code: str | None
    quantity: int
    status: inventory.ReservationStatus
    promised_date: date | None


class LineView(BaseModel):
    id: int
    sku: str
    title: str
    quantity: int
    quantity_shipped: int
    quantity_cancelled: int
    quantity_returned: int
    reserved: list[ReservedHere]
    # Live stock of the SKU in every warehouse; None when the order is settled and
    # stock no longer matters for it (see ``policy.wants_live_stock``).
    stock: inventory.StockRead | None
    # When nothing is available anywhere and no purchase order is on its way: the day
    # the item should be back ("back in stock around …") and what that rests on.
    back_in_stock: date | None = None
    back_in_stock_basis: str | None = None  # "supplier lead time" or "purchase order PO-…"


class TrackingScan(BaseModel):
    occurred_at: datetime
    status: str | None
    description: str
    location: str


class ShipmentView(BaseModel):
    id: int
    carrier: str
    service_level: str
    tracking_number: str | None
    tracking_url: str
    status: str
    promised_delivery_date: date | None
    estimated_delivery_date: date | None  # the carrier's own
    # The later day a delay notice told the customer to expect, for the current promise.
    announced_delivery_date: date | None = None
    shipped_at: datetime | None
    delivered_at: datetime | None
    late: bool
    scans: list[TrackingScan]


class OrderView(BaseModel):
    id: int
    number: str
    status: orders.OrderStatus
    channel: str
    placed_at: datetime
    currency: str
    total_minor: int
    service_level: str
    promised_delivery_date: date | None
    ship_city: str
    ship_country: str
    linked: bool
    late: bool
    replaces_order_id: int | None
    lines: list[LineView]
    shipments: list[ShipmentView]
    timeline: list[orders.TimelineEntry]


class OpenTicket(BaseModel):
    id: int
    reference: str
    subject: str
    status: TicketStatus
    priority: Priority
    sla_state: SlaState | None
    updated_at: datetime


class SentMessage(BaseModel):
    id: int
    message_type: str
    channel: str
    subject: str
    status: str
    order_id: int | None
    created_at: datetime
    sent_at: datetime | None


class CustomerOverview(BaseModel):
    customer: CustomerProfile
    lifetime: Lifetime
    orders: list[OrderView]
    more_orders: bool
    open_tickets: list[OpenTicket]
    recent_messages: list[SentMessage]
    csat: CustomerCsat
