"""Rules over HTTP: actions (a tagged union), create/update/read shapes, audit, preview."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from opsdesk.proactive.rules.triggers import Trigger

Minor = Annotated[int, Field(ge=0, le=10_000_000)]


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SendMessage(_Action):
    """Send the trigger's customer message (delay notice, backorder, recovery code)."""

    type: Literal["send_message"] = "send_message"
    message_type: str = Field(min_length=1, max_length=48)


class IssueRemedy(_Action):
    """A remedy chosen by order value: below ``upgrade_below_minor`` a free shipping
    upgrade on the next order (a code worth ``shipping_upgrade_minor``), else a discount
    code of ``discount_minor``; the cheaper one when the dearer does not fit the budget."""

    type: Literal["issue_remedy"] = "issue_remedy"
    upgrade_below_minor: Minor = 5_000
    shipping_upgrade_minor: Minor = 490
    discount_minor: Minor = 1_000
    valid_days: int = Field(default=90, ge=1, le=730)


class CreateTicket(_Action):
    """A ticket for agents with order, customer and carrier events filled in; the
    customer hears on it what happens next (``tell_customer``)."""

    type: Literal["create_ticket"] = "create_ticket"
    priority: Literal["urgent", "high", "medium", "low"] = "high"
    tell_customer: bool = True


class FlagOrder(_Action):
    """A flag agents filter on (``GET /api/v1/order-flags?flag=…``) plus a timeline entry."""

    type: Literal["flag_order"] = "flag_order"
    flag: str = Field(default="proactive", min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")


class NoteTeamLead(_Action):
    """An internal note for the team lead (on the ticket, else on the order timeline)."""

    type: Literal["note_team_lead"] = "note_team_lead"


class ScheduleFollowUp(_Action):
    """Ask ``after_days`` later whether the product works; re-checked when due."""

    type: Literal["schedule_follow_up"] = "schedule_follow_up"
    after_days: int = Field(default=7, ge=1, le=90)


Action = Annotated[
    SendMessage | IssueRemedy | CreateTicket | FlagOrder | NoteTeamLead | ScheduleFollowUp,
    Field(discriminator="type"),
]


class RuleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=1000)
    enabled: bool = False
    triggers: list[Trigger] = Field(min_length=1, max_length=8)
    conditions: dict[str, Any] | None = Field(
        default=None, description="The condition language (see docs); null = always."
    )
    actions: list[Action] = Field(min_length=1, max_length=10)
    per_order_cap_minor: Minor = 1_000
    per_day_cap_minor: Minor = 10_000


class RuleUpdate(BaseModel):
    """Only the fields sent change; ``conditions: null`` means always."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=1000)
    enabled: bool | None = None
    triggers: list[Trigger] | None = Field(default=None, min_length=1, max_length=8)
    conditions: dict[str, Any] | None = None
    actions: list[Action] | None = Field(default=None, min_length=1, max_length=10)
    per_order_cap_minor: Minor | None = None
    per_day_cap_minor: Minor | None = None


class RuleRead(BaseModel):
    id: int
    name: str
    description: str
    builtin: str | None
    enabled: bool
    triggers: list[str]
    conditions: dict[str, Any] | None
    conditions_text: str
    actions: list[dict[str, Any]]
    currency: str
    per_order_cap_minor: int
    per_day_cap_minor: int
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime


class EvaluationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    rule_id: int
    trigger: str
    subject_key: str
    outcome: str
    reasons: list[str]
    actions: list[dict[str, Any]]
    order_id: int | None
    customer_id: int | None
    shipment_id: int | None
    ticket_id: int | None
    cost_minor: int
    currency: str
    cause: str
    occurred_at: datetime


class PreviewItem(BaseModel):
    subject_key: str
    trigger: str
    order_id: int | None
    order_number: str | None
    customer_id: int | None
    shipment_id: int | None
    ticket_id: int | None
    matched: bool
    outcome: str
    reasons: list[str]
    actions: list[dict[str, Any]]
    cost_minor: int


class PreviewRead(BaseModel):
    rule_id: int
    conditions_text: str
    currency: str
    candidates: int
    matched: int
    would_fire: int
    messages: int
    codes: int
    total_cost_minor: int
    shipment_ids: list[int]
    order_ids: list[int]
    customer_ids: list[int]
    items: list[PreviewItem]


class FlagRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int
    flag: str
    reason: str
    rule_id: int | None
    created_at: datetime
    cleared_at: datetime | None
    cleared_by: str | None
