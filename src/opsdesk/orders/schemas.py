"""Request and response shapes of the orders API."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from opsdesk.customers import Country, CustomerSummary, Email, LocaleCode, Phone, TimeZone
from opsdesk.kernel.inputs import Latitude, Longitude, SaleCurrency, WholeNumber
from opsdesk.orders.models import OrderStatus

Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._#/-]*$")]


Currency = SaleCurrency  # ISO 4217 money in circulation: not XXX, XTS or DEM
Minor = Annotated[WholeNumber, Field(ge=0, le=10**12)]


class OrderLineCreate(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    quantity: WholeNumber = Field(ge=1, le=100_000)
    unit_price_minor: Minor | None = Field(
        default=None, description="Defaults to the catalog price (then in the order currency)."
    )


class OrderCustomer(BaseModel):
    """The buyer; found by e-mail or created with these details."""

    email: Email
    first_name: str = Field(default="", max_length=120)
    last_name: str = Field(default="", max_length=120)
    phone: Phone = ""
    locale: LocaleCode = "en"
    timezone: TimeZone = "UTC"


class ShippingAddress(BaseModel):
    name: str = Field(default="", max_length=200)
    line1: str = Field(min_length=1, max_length=200)
    line2: str = Field(default="", max_length=200)
    city: str = Field(min_length=1, max_length=120)
    region: str = Field(default="", max_length=64)
    postal_code: str = Field(default="", max_length=16)
    country: Country = Field(min_length=2)
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class OrderCreate(BaseModel):
    """A new order. Give either ``customer`` (found or created by e-mail) or ``customer_id``."""

    number: Code | None = None
    channel: str = Field(default="api", min_length=1, max_length=32)
    external_id: str | None = Field(default=None, min_length=1, max_length=80)
    customer: OrderCustomer | None = None
    customer_id: int | None = Field(default=None, ge=1)
    currency: Currency
    locale: LocaleCode | None = None
    lines: list[OrderLineCreate] = Field(min_length=1, max_length=500)
    shipping_address: ShippingAddress
    shipping_minor: Minor = 0
    tax_minor: Minor = 0
    discount_minor: Minor = 0
    service_level: str = Field(default="standard", min_length=1, max_length=32)
    promised_delivery_date: date | None = None
    placed_at: datetime | None = Field(
        default=None, description="When the shop took the order (imports); defaults to now."
    )

    @field_validator("placed_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("needs a time zone offset, e.g. 2026-03-01T10:00:00Z")
        return value

    @model_validator(mode="after")
    def _one_customer(self) -> OrderCreate:
        if (self.customer is None) == (self.customer_id is None):
            raise ValueError("give exactly one of customer or customer_id")
        return self


class OrderCancel(BaseModel):
    reason: str = Field(min_length=1, max_length=200)
    line_ids: list[int] | None = Field(
        default=None, min_length=1, description="Cancel only these lines; omit for all."
    )


class OrderAddressChange(ShippingAddress):
    """The whole new shipping address, and why it changed (quoted on the timeline)."""

    reason: str = Field(default="", max_length=200)


ServiceLevelName = Literal["economy", "standard", "express"]


class ShippingUpgrade(BaseModel):
    service_level: ServiceLevelName = Field(description="Faster than the order's current level.")
    reason: str = Field(default="", max_length=200)
    charge_minor: Minor = Field(
        default=0, description="What the customer pays for it, in the order currency; 0 = free."
    )


class ReshipReason(enum.StrEnum):
    LOST = "lost"
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    OTHER = "other"


class ReshipLine(BaseModel):
    order_line_id: WholeNumber = Field(ge=1)
    quantity: WholeNumber = Field(ge=1, le=100_000)


class ReshipCreate(BaseModel):
    """Send shipped units again as a free replacement order that reserves stock."""

    lines: list[ReshipLine] = Field(min_length=1, max_length=500)
    reason: ReshipReason
    note: str = Field(default="", max_length=500)
    shipping_address: ShippingAddress | None = Field(
        default=None, description="Where the replacement goes; defaults to the order's address."
    )

    @field_validator("lines")
    @classmethod
    def _distinct_lines(cls, value: list[ReshipLine]) -> list[ReshipLine]:
        ids = [line.order_line_id for line in value]
        if len(set(ids)) != len(ids):
            raise ValueError("name each order line once")
        return value

    def quantities(self) -> dict[int, int]:
        return {line.order_line_id: line.quantity for line in self.lines}


class OrderLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    line_no: int
    variant_id: int | None
    sku: str
    title: str
    quantity: int
    unit_price_minor: int
    quantity_cancelled: int
    quantity_shipped: int
    quantity_returned: int


class TimelineEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    kind: str
    actor: str
    summary: str
    data: dict[str, Any]


class ReservationRead(BaseModel):
    order_line_id: int
    variant_id: int
    sku: str
    quantity: int
    status: str
    promised_date: date | None = None


class WarehouseReservations(BaseModel):
    """Stock held for this order in one warehouse; warehouse ``None`` = awaited stock."""

    warehouse_id: int | None
    warehouse_code: str | None
    reservations: list[ReservationRead]


class ShippingAddressRead(BaseModel):
    name: str
    line1: str
    line2: str
    city: str
    region: str
    postal_code: str
    country: str
    latitude: float | None
    longitude: float | None


class OrderSummary(BaseModel):
    """One row of the order list."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    channel: str
    external_id: str | None
    customer_id: int | None
    status: OrderStatus
    currency: str
    total_minor: int
    email: str
    placed_at: datetime
    updated_at: datetime
    replaces_order_id: int | None = Field(
        default=None, description="For a replacement (reshipped) order: the order it replaces."
    )


class OrderRead(OrderSummary):
    locale: str
    subtotal_minor: int
    shipping_minor: int
    tax_minor: int
    discount_minor: int
    service_level: str
    promised_delivery_date: date | None
    shipping_address: ShippingAddressRead
    customer: CustomerSummary | None
    lines: list[OrderLineRead]
    reservations: list[WarehouseReservations]
    timeline: list[TimelineEntry]
