"""HTTP shapes of disruptions and shipment risk."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from opsdesk.proactive.models import DisruptionKind, Severity


class DisruptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: DisruptionKind = DisruptionKind.OTHER
    severity: Severity = Severity.MEDIUM
    region: str = Field(
        default="", max_length=64, description="Origin or destination region; empty = any."
    )
    carrier: str = Field(default="", max_length=40, description="Carrier name; empty = any.")
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    note: str = Field(default="", max_length=500)


class DisruptionUpdate(BaseModel):
    """Fields to change; end a disruption early by moving ``ends_at`` to now."""

    model_config = ConfigDict(extra="forbid")

    kind: DisruptionKind | None = None
    severity: Severity | None = None
    region: str | None = Field(default=None, max_length=64)
    carrier: str | None = Field(default=None, max_length=40)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    note: str | None = Field(default=None, max_length=500)


class DisruptionChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    action: str
    actor: str
    changes: dict[str, Any]
    occurred_at: datetime


class DisruptionRead(BaseModel):
    id: int
    kind: DisruptionKind
    severity: Severity
    region: str
    carrier: str
    starts_at: datetime
    ends_at: datetime
    note: str
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime
    history: list[DisruptionChangeRead] = []
    rescored_shipments: int | None = Field(
        default=None, description="Shipments rescored at once by this change."
    )


class ShipmentRiskRead(BaseModel):
    shipment_id: int
    order_id: int
    probability: float
    at_risk: bool
    reasons: list[str]
    scored_at: datetime
    at_risk_since: datetime | None = None
    stored: bool = Field(description="False: scored on request, not yet by a scan.")
