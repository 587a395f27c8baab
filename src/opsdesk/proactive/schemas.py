"""HTTP shapes of disruptions and shipment risk."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, computed_field

from opsdesk.proactive.models import DisruptionKind, Severity


class DisruptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: DisruptionKind = DisruptionKind.OTHER
    severity: Severity = Severity.MEDIUM
    region: str = Field(
        default="",
        max_length=64,
        description="Origin or destination region, one the store knows (a warehouse's, or "
        "one shipments in flight travel from or to; any letter case); empty = any.",
    )
    carrier: str = Field(
        default="",
        max_length=40,
        description="Carrier name, one configured or carrying shipments in flight; empty = any.",
    )
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


class RiskChangeRead(BaseModel):
    """One shipment in the disruption's reach: its risk now, and after the change."""

    shipment_id: int
    order_id: int
    order_number: str
    carrier: str
    lane: str
    promised_delivery_date: date | None
    before: float | None = Field(description="Stored risk before; None = not scored yet.")
    after: float
    was_at_risk: bool
    at_risk: bool
    reasons: list[str]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def newly_at_risk(self) -> bool:
        return self.at_risk and not self.was_at_risk


class NoticeRead(BaseModel):
    """What one rule would send one customer because of the change."""

    rule_id: int
    rule_name: str
    order_id: int | None
    order_number: str | None
    customer_id: int | None
    customer: str = Field(description="Name and e-mail address, as far as known.")
    shipment_id: int | None
    message_types: list[str]
    remedy: str | None = Field(description="shipping_upgrade | discount, with a code; None.")
    remedy_minor: int = Field(description="What the code is worth to the customer.")
    currency: str = Field(description="The code's currency (the order's).")
    actions: list[dict[str, Any]]


class RuleEffectRead(BaseModel):
    rule_id: int
    rule_name: str
    trigger: str
    candidates: int
    would_fire: int
    messages: int
    codes: int
    total_cost_minor: int
    currency: str


class DisruptionPreviewRead(BaseModel):
    """What declaring (or changing) a disruption would do now. Nothing was written."""

    region: str = Field(description="As it would be stored (the store's spelling).")
    carrier: str
    rescored: int = Field(description="In-flight shipments that would be rescored.")
    in_reach: int
    newly_at_risk: int
    risk_raised: int
    shipments: list[RiskChangeRead] = Field(
        description="The most affected first: newly at risk, then by how much the risk rises."
    )
    rules: list[RuleEffectRead]
    notices: list[NoticeRead] = Field(description="Every customer message or code, in order.")
    customers: int = Field(description="Distinct customers who would get a message.")
    messages: int
    codes: int
    total_cost_minor: int
    currency: str
