"""Request and response shapes of the inventory module (HTTP and service results)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    model_validator,
)

from opsdesk.inventory.models import PurchaseOrderStatus, ReservationStatus, TransferStatus
from opsdesk.kernel.inputs import Latitude, Longitude, SaleCurrency, WholeNumber

Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")]
Units = Annotated[WholeNumber, Field(gt=0, le=1_000_000)]
Reason = Annotated[str, Field(min_length=1, max_length=200)]


class WarehouseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    name: str = Field(min_length=1, max_length=120)
    address_line: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=120)
    region: str = Field(default="", max_length=64)
    postal_code: str = Field(default="", max_length=16)
    country: str = Field(default="", pattern=r"^([A-Z]{2})?$")
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    timezone: str = Field(default="UTC", max_length=64)
    priority: WholeNumber = Field(default=100, ge=0, le=10_000, description="Lower ships first.")
    active: StrictBool = True

    @model_validator(mode="after")
    def _coordinates_come_in_pairs(self) -> WarehouseCreate:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")
        return self


class WarehouseUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120)
    address_line: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=120)
    region: str | None = Field(default=None, max_length=64)
    postal_code: str | None = Field(default=None, max_length=16)
    country: str | None = Field(default=None, pattern=r"^([A-Z]{2})?$")
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    timezone: str | None = Field(default=None, max_length=64)
    priority: WholeNumber | None = Field(default=None, ge=0, le=10_000)
    active: StrictBool | None = None


class WarehouseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    address_line: str
    city: str
    region: str
    postal_code: str
    country: str
    latitude: float | None
    longitude: float | None
    timezone: str
    priority: int
    active: bool
    created_at: datetime


class IncomingRead(BaseModel):
    purchase_order_id: int
    number: str
    quantity: int
    expected_date: date


class WarehouseStockRead(BaseModel):
    warehouse_id: int
    warehouse_code: str
    on_hand: int
    reserved: int
    available: int
    incoming: list[IncomingRead]
    in_transit: list[InTransitRead] = Field(
        default=[], description="Transfers on their way here (counted in totals.incoming)."
    )


class StockTotals(BaseModel):
    on_hand: int
    reserved: int
    available: int
    incoming: int
    backordered: int = Field(description="Units waiting for stock (backorders).")


class StockRead(BaseModel):
    sku: str
    variant_id: int
    warehouses: list[WarehouseStockRead]
    totals: StockTotals


class StockAdjustmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: str = Field(min_length=1, max_length=64)
    warehouse_id: WholeNumber
    delta: WholeNumber = Field(
        ge=-1_000_000,
        le=1_000_000,
        description="Units added (+) or removed (-); never 0.",
        json_schema_extra={"not": {"const": 0}},
    )
    reason: Reason

    @model_validator(mode="after")
    def _changes_something(self) -> StockAdjustmentCreate:
        if self.delta == 0:
            raise ValueError("delta must not be 0")
        return self


class MovementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    variant_id: int
    warehouse_id: int
    kind: str
    on_hand_delta: int
    reserved_delta: int
    reason: str
    reference: str
    actor: str
    created_at: datetime


class StockLevelRead(BaseModel):
    variant_id: int
    warehouse_id: int
    on_hand: int
    reserved: int
    available: int


class AdjustmentResult(BaseModel):
    movement: MovementRead
    stock: StockLevelRead


class ReservationRead(BaseModel):
    id: int
    order_id: int
    order_line_id: int
    variant_id: int
    sku: str
    warehouse_id: int | None
    warehouse_code: str | None
    quantity: int
    status: ReservationStatus
    promised_date: date | None
    created_at: datetime


class PurchaseOrderLineCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: str = Field(min_length=1, max_length=64)
    quantity: Units


class PurchaseOrderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str | None = Field(default=None, min_length=1, max_length=32)
    supplier: str = Field(min_length=1, max_length=200)
    warehouse_id: WholeNumber
    expected_date: date
    lines: list[PurchaseOrderLineCreate] = Field(min_length=1, max_length=500)


class PurchaseOrderLineRead(BaseModel):
    id: int
    variant_id: int
    sku: str
    quantity_ordered: int
    quantity_received: int


class PurchaseOrderRead(BaseModel):
    id: int
    number: str
    supplier: str
    warehouse_id: int
    status: PurchaseOrderStatus
    expected_date: date
    created_at: datetime
    lines: list[PurchaseOrderLineRead]


class ReceiptLineCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: str = Field(min_length=1, max_length=64)
    quantity: Units


class ReceiptCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lines: list[ReceiptLineCreate] = Field(min_length=1, max_length=500)


class FilledBackorderRead(BaseModel):
    order_id: int
    order_line_id: int
    warehouse_id: int
    quantity: int
    remaining_quantity: int


class ReceiptRead(BaseModel):
    purchase_order_id: int
    status: PurchaseOrderStatus
    received: dict[str, int]
    backorders_filled: list[FilledBackorderRead]


class DriftRead(BaseModel):
    variant_id: int
    sku: str
    warehouse_id: int
    measure: str
    recorded: int
    expected: int


class TransferLineCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: str = Field(min_length=1, max_length=64)
    quantity: Units


class TransferCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_warehouse_id: WholeNumber
    to_warehouse_id: WholeNumber
    expected_date: date = Field(description="When the goods should arrive at the destination.")
    note: str = Field(default="", max_length=200)
    lines: list[TransferLineCreate] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _between_two_warehouses(self) -> TransferCreate:
        if self.from_warehouse_id == self.to_warehouse_id:
            raise ValueError("a transfer goes between two different warehouses")
        return self


class TransferLineRead(BaseModel):
    variant_id: int
    sku: str
    quantity: int


class TransferRead(BaseModel):
    id: int
    number: str
    from_warehouse_id: int
    from_warehouse_code: str
    to_warehouse_id: int
    to_warehouse_code: str
    status: TransferStatus
    expected_date: date | None
    note: str
    created_by: str
    created_at: datetime
    dispatched_at: datetime | None
    received_at: datetime | None
    lines: list[TransferLineRead]


class InTransitRead(BaseModel):
    """Units of a transfer on their way to a warehouse (incoming there)."""

    transfer_id: int
    number: str
    warehouse_id: int
    quantity: int
    expected_date: date | None


_MAILBOX = r"[^@ \t\n\r\x00-\x1f\x7f]+"
SUPPLIER_EMAIL = rf"^{_MAILBOX}@{_MAILBOX}\.{_MAILBOX}$"


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _split_days(value: object) -> object:
    """Stored as "mon,thu"; read and written as a list of weekday names."""
    return [d for d in value.split(",") if d] if isinstance(value, str) else value


OrderDays = Annotated[list[Weekday], BeforeValidator(_split_days), Field(max_length=7)]


class SupplierCreate(BaseModel):
    """A supplier as the Purchasing screen edits it (creating and updating alike)."""

    model_config = ConfigDict(extra="forbid")

    # Patterns without \s, whose meaning differs between Python, pydantic and JSON Schema.
    name: str = Field(min_length=1, max_length=200, pattern=r"[^ \t\n\r]")
    email: str = Field(max_length=254, pattern=SUPPLIER_EMAIL)
    lead_time_days: WholeNumber = Field(default=7, ge=0, le=365)
    currency: SaleCurrency = "EUR"
    # the weekdays the supplier takes orders; empty: any day
    order_days: OrderDays = Field(default_factory=list)
    active: StrictBool = True


class SupplierRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    email: str
    lead_time_days: int
    currency: str
    order_days: OrderDays = Field(default_factory=list)
    active: bool
    created_at: datetime
