"""Request and response shapes of the replenishment API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from opsdesk import inventory
from opsdesk.replenishment.plan import Suggestion
from opsdesk.replenishment.transfers import TransferSuggestion


class SuggestionRead(BaseModel):
    variant_id: int
    sku: str
    warehouse_id: int
    warehouse: str
    supplier: str
    supplier_id: int | None
    klass: str = Field(description="ABC by value × XYZ by demand variability, e.g. AX")
    service_level: float
    daily_demand: float
    demand_source: str = Field(description="forecast, or history when no forecast is stored")
    position: int
    safety_stock: float
    reorder_point: float
    order_up_to: float
    cover_days: float | None
    lead_time_days: float
    lead_time_sd: float
    moq: int
    pack_size: int
    quantity: int
    reason: str

    @classmethod
    def of(cls, s: Suggestion) -> SuggestionRead:
        i = s.item
        return cls(
            variant_id=i.variant_id, sku=i.sku, warehouse_id=i.warehouse_id,
            warehouse=i.warehouse_code, supplier=i.supplier, supplier_id=i.supplier_id,
            klass=s.klass, service_level=s.service_level,
            daily_demand=round(s.demand.daily_mean, 3), demand_source=s.demand.source,
            position=i.position, safety_stock=round(s.targets.safety_stock, 2),
            reorder_point=round(s.targets.reorder_point, 2),
            order_up_to=round(s.targets.order_up_to, 2),
            cover_days=None if s.cover_days is None else round(s.cover_days, 1),
            lead_time_days=round(i.lead.days, 1), lead_time_sd=round(i.lead.sd, 1),
            moq=i.terms.moq, pack_size=i.terms.pack_size, quantity=s.quantity, reason=s.reason,
        )  # fmt: skip


class TransferSuggestionRead(BaseModel):
    variant_id: int
    sku: str
    from_warehouse_id: int
    to_warehouse_id: int
    quantity: int
    reason: str

    @classmethod
    def of(cls, t: TransferSuggestion) -> TransferSuggestionRead:
        return cls(variant_id=t.variant_id, sku=t.sku, from_warehouse_id=t.from_warehouse_id,
                   to_warehouse_id=t.to_warehouse_id, quantity=t.quantity, reason=t.reason)  # fmt: skip


class SuggestionsRead(BaseModel):
    forecast_run: int | None
    items: list[SuggestionRead]
    transfers: list[TransferSuggestionRead]


class DraftLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    variant_id: int = Field(ge=1)
    warehouse_id: int = Field(ge=1)
    quantity: int = Field(ge=1, le=10_000_000)


class DraftOrdersCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lines: list[DraftLine] = Field(min_length=1, max_length=2000)


class DraftOrdersRead(BaseModel):
    purchase_orders: list[inventory.PurchaseOrderRead]
