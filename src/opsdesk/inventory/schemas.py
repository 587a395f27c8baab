"""Request and response shapes of the inventory module (HTTP and service results)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from opsdesk.inventory.models import PurchaseOrderStatus, ReservationStatus
from opsdesk.kernel.inputs import Latitude, Longitude, WholeNumber

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
