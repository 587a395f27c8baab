"""HTTP shapes of pick lists, fulfilments, scans, packing errors and the error report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from opsdesk.fulfilment.models import FulfilmentErrorKind, FulfilmentStatus
from opsdesk.kernel.inputs import WholeNumber
from opsdesk.shipping import ServiceLevel

PositiveInt = Annotated[WholeNumber, Field(gt=0)]
Quantity = Annotated[WholeNumber, Field(ge=1, le=100_000)]


class PickListCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    warehouse_id: PositiveInt


class FulfilmentLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_line_id: int
    variant_id: int
    sku: str
    quantity: int
    quantity_packed: int


class FulfilmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int
    warehouse_id: int
    pick_list_id: int | None
    status: FulfilmentStatus
    packed_by: str | None
    packed_at: datetime | None
    lines: list[FulfilmentLineRead]


class PickFor(BaseModel):
    fulfilment_id: int
    order_id: int
    quantity: int


class PickItem(BaseModel):
    """One SKU to take from the shelf, and which parcels it goes into."""

    sku: str
    variant_id: int
    quantity: int
    picks: list[PickFor]


class PickListRead(BaseModel):
    id: int
    warehouse_id: int
    created_by: str
    created_at: datetime
    items: list[PickItem]
    fulfilments: list[FulfilmentRead]


class ScanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64, description="SKU or EAN on the item")
    quantity: Quantity = 1
    packer: str = Field(min_length=1, max_length=120)


class ScanRead(BaseModel):
    accepted: bool
    sku: str
    message: str
    fulfilment: FulfilmentRead


class FulfilmentErrorCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: FulfilmentErrorKind
    sku: str = Field(min_length=1, max_length=64)
    quantity: Quantity = 1
    packer: str = Field(min_length=1, max_length=120)
    detail: str = Field(default="", max_length=2000)


class FulfilmentErrorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int
    fulfilment_id: int | None
    warehouse_id: int
    kind: FulfilmentErrorKind
    sku: str
    expected_sku: str
    quantity: int
    packer: str
    detail: str
    created_at: datetime


class PackageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weight_g: PositiveInt
    length_mm: Annotated[WholeNumber, Field(ge=0)] = 0
    width_mm: Annotated[WholeNumber, Field(ge=0)] = 0
    height_mm: Annotated[WholeNumber, Field(ge=0)] = 0


class ShipCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    carrier: str = Field(default="simulated", min_length=1, max_length=40)
    service_level: ServiceLevel | None = Field(
        default=None,
        description="Defaults to the service level the order was placed (or upgraded) with.",
    )
    packages: list[PackageCreate] = Field(default_factory=list, max_length=50)


class ErrorRateRead(BaseModel):
    group: str
    week: str
    fulfilments: int
    errors: int
    errors_per_100: float | None


class ErrorRateReportRead(BaseModel):
    group_by: str
    start: date = Field(serialization_alias="from")
    end: date = Field(serialization_alias="to")
    weeks: list[ErrorRateRead]
    totals: list[ErrorRateRead]


class BoxWrite(BaseModel):
    """A box a warehouse stocks: inside measures, its own weight and the most it carries."""

    name: str = Field(min_length=1, max_length=80)
    length_mm: int = Field(gt=0, le=3000)
    width_mm: int = Field(gt=0, le=3000)
    height_mm: int = Field(gt=0, le=3000)
    tare_g: int = Field(ge=0, le=100_000)
    max_weight_g: int = Field(gt=0, le=1_000_000)


class BoxRead(BoxWrite):
    model_config = ConfigDict(from_attributes=True)

    code: str
