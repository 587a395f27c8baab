"""Request and response shapes of the replenishment API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from opsdesk import inventory
from opsdesk.replenishment.models import PlanRow
from opsdesk.replenishment.plan import Suggestion
from opsdesk.replenishment.service import Checked
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

    @classmethod
    def of_row(cls, r: PlanRow) -> SuggestionRead:
        return cls(
            variant_id=r.variant_id, sku=r.sku, warehouse_id=r.warehouse_id,
            warehouse=r.warehouse_code, supplier=r.supplier, supplier_id=r.supplier_id,
            klass=r.klass, service_level=r.service_level,
            daily_demand=round(r.daily_demand, 3), demand_source=r.demand_source,
            position=r.position, safety_stock=round(r.safety_stock, 2),
            reorder_point=round(r.reorder_point, 2), order_up_to=round(r.order_up_to, 2),
            cover_days=None if r.cover_days is None else round(r.cover_days, 1),
            lead_time_days=round(r.lead_time_days, 1), lead_time_sd=round(r.lead_time_sd, 1),
            moq=r.moq, pack_size=r.pack_size, quantity=r.quantity, reason=r.reason,
        )  # fmt: skip


class PlanRunRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    plan_date: date
    forecast_run_id: int | None
    requested_by: str
    rows: int
    to_order: int
    wall_seconds: float | None
    started_at: datetime
    finished_at: datetime | None


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
    plan: PlanRunRead | None = Field(description="the stored plan these rows come from")
    age_seconds: float | None = Field(description="how long ago the plan was computed")
    items: list[SuggestionRead]
    next_after: int | None = Field(description="pass as `after` for the next page; null: last")
    transfers: list[TransferSuggestionRead]


class DraftLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    variant_id: int = Field(ge=1)
    warehouse_id: int = Field(ge=1)
    quantity: int = Field(ge=1, le=10_000_000)


class DraftOrdersCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lines: list[DraftLine] = Field(min_length=1, max_length=2000)


class CheckedLineRead(BaseModel):
    sku: str
    warehouse: str
    asked: int
    ordered: int = Field(description="0: skipped, already covered since the plan")
    why: str

    @classmethod
    def of(cls, c: Checked) -> CheckedLineRead:
        return cls(sku=c.sku, warehouse=c.warehouse, asked=c.asked, ordered=c.ordered, why=c.why)


class DraftOrdersRead(BaseModel):
    purchase_orders: list[inventory.PurchaseOrderRead]
    adjusted: list[CheckedLineRead] = Field(
        default_factory=list, description="lines cut or skipped by the live re-check"
    )


class OverrideWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    variant_id: int = Field(ge=1)
    warehouse_id: int = Field(ge=1)
    level_percent: float | None = Field(
        ge=50, le=99.9, description="target service level in percent; null clears it"
    )


class OverrideRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    variant_id: int
    sku: str
    warehouse_id: int
    warehouse_code: str
    level: float
    updated_by: str
    updated_at: datetime


KlassLetter = Literal["A", "B", "C", "X", "Y", "Z"]
