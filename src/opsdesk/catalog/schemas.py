"""Request and response shapes of the catalog API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from opsdesk.catalog.models import ShortStockPolicy
from opsdesk.kernel.inputs import SaleCurrency, WholeNumber

Sku = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-/]*$")]
Handle = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Ean = Annotated[str, Field(pattern=r"^\d{8}$|^\d{12,14}$")]
Currency = SaleCurrency
Grams = Annotated[WholeNumber, Field(ge=0, le=1_000_000)]
Millimetres = Annotated[WholeNumber, Field(ge=0, le=100_000)]
MinorUnits = Annotated[WholeNumber, Field(ge=0, le=10**12)]
SupplierName = Annotated[str, Field(max_length=200)]
LeadTimeDays = Annotated[WholeNumber, Field(ge=0, le=365)]
OrderUnits = Annotated[WholeNumber, Field(ge=1, le=1_000_000)]  # MOQ, pack size


class VariantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    ean: Ean | None = None
    title: str = Field(default="", max_length=200)
    price_minor: MinorUnits = Field(description="Price in minor units (cents).")
    currency: Currency
    weight_g: Grams = 0
    length_mm: Millimetres = 0
    width_mm: Millimetres = 0
    height_mm: Millimetres = 0
    supplier: SupplierName = ""
    lead_time_days: LeadTimeDays | None = Field(
        default=None, description="Days from ordering to arrival; null when not known."
    )
    moq: OrderUnits | None = Field(
        default=None, description="Minimum order quantity from the supplier; null for any."
    )
    pack_size: OrderUnits | None = Field(
        default=None, description="Units per supplier pack; orders are whole packs. Null for any."
    )


class VariantUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ean: Ean | None = None
    title: str | None = Field(default=None, max_length=200)
    price_minor: MinorUnits | None = None
    currency: Currency | None = None
    weight_g: Grams | None = None
    length_mm: Millimetres | None = None
    width_mm: Millimetres | None = None
    height_mm: Millimetres | None = None
    supplier: SupplierName | None = None
    lead_time_days: LeadTimeDays | None = None
    moq: OrderUnits | None = None
    pack_size: OrderUnits | None = None
    active: StrictBool | None = None


class VariantRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    product_id: int
    sku: str
    ean: str | None
    title: str
    price_minor: int
    currency: str
    weight_g: int
    length_mm: int
    width_mm: int
    height_mm: int
    supplier: str
    lead_time_days: int | None
    moq: int | None
    pack_size: int | None
    active: bool


class ProductCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    handle: Handle
    title: str = Field(min_length=1, max_length=200)
    category: str = Field(default="", max_length=80)
    description: str = Field(default="", max_length=20_000)
    fragile: StrictBool = False
    packaging_notes: str = Field(default="", max_length=2_000)
    short_stock_policy: ShortStockPolicy = ShortStockPolicy.REJECT
    variants: list[VariantCreate] = Field(min_length=1, max_length=200)


class ProductUpdate(BaseModel):
    """Fields left out stay as they are; ``add_variants`` appends new SKUs."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200)
    category: str | None = Field(default=None, max_length=80)
    description: str | None = Field(default=None, max_length=20_000)
    fragile: StrictBool | None = None
    packaging_notes: str | None = Field(default=None, max_length=2_000)
    short_stock_policy: ShortStockPolicy | None = None
    active: StrictBool | None = None
    add_variants: list[VariantCreate] = Field(default_factory=list, max_length=200)


class ProductRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    handle: str
    title: str
    category: str
    description: str
    fragile: bool
    packaging_notes: str
    short_stock_policy: ShortStockPolicy
    active: bool
    created_at: datetime
    variants: list[VariantRead]


class VariantWithProductRead(VariantRead):
    """A variant as looked up by SKU, with what packing and allocation need of its product."""

    product_handle: str
    product_title: str
    fragile: bool
    packaging_notes: str
    short_stock_policy: ShortStockPolicy
