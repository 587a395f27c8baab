"""HTTP shapes of returns and refunds."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from opsdesk.kernel.inputs import SaleCurrency, WholeNumber
from opsdesk.returns.models import ConditionGrade, Disposition, ReturnReason, ReturnStatus

PositiveInt = Annotated[WholeNumber, Field(gt=0)]


class ReturnLineCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_line_id: PositiveInt
    quantity: Annotated[WholeNumber, Field(ge=1, le=100_000)]


class ReturnCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_id: PositiveInt
    reason: ReturnReason
    note: str = Field(default="", max_length=2000)
    lines: list[ReturnLineCreate] = Field(min_length=1, max_length=200)


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=2000)


class Receipt(BaseModel):
    model_config = ConfigDict(extra="forbid")

    warehouse_id: PositiveInt


class Inspection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    disposition: Disposition
    note: str = Field(default="", max_length=2000)
    condition_grade: ConditionGrade | None = Field(
        default=None, description="A as new, B opened, C damaged, D unusable"
    )
    reason_confirmed: bool | None = Field(
        default=None, description="Whether the customer's stated reason was found true"
    )


class ReturnRefundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount_minor: PositiveInt | None = None
    reason: str = Field(default="", max_length=200)


class RefundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount_minor: PositiveInt
    currency: SaleCurrency
    reason: str = Field(default="", max_length=200)
    external_id: str | None = Field(default=None, min_length=1, max_length=80)


class ReturnLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_line_id: int
    quantity: int
    disposition: Disposition | None
    inspection_note: str
    condition_grade: ConditionGrade | None
    reason_confirmed: bool | None


class ReturnRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    order_id: int
    status: ReturnStatus
    reason: ReturnReason
    customer_note: str
    decision_note: str
    warehouse_id: int | None
    created_at: datetime
    decided_at: datetime | None
    received_at: datetime | None
    lines: list[ReturnLineRead]


class RefundRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int
    return_id: int | None
    amount_minor: int
    currency: str
    reason: str
    external_id: str | None
    actor: str
    created_at: datetime
