"""Request and response shapes for discount codes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from opsdesk.kernel.inputs import SaleCurrency, WholeNumber
from opsdesk.promotions.models import (
    DiscountKind,
    DiscountRedemption,
    DiscountSource,
    DiscountStatus,
)
from opsdesk.promotions.policy import DEFAULT_PREFIX, FULL_PERCENT_BP, Refusal

Currency = SaleCurrency
MinorUnits = Annotated[WholeNumber, Field(ge=0, le=10**12)]
PositiveMinorUnits = Annotated[WholeNumber, Field(ge=1, le=10**12)]
Reason = Annotated[str, Field(min_length=1, max_length=500, pattern=r"\S")]
MAX_ID = 2**63 - 1  # BIGINT: a larger id could only fail in the database
Id = Annotated[WholeNumber, Field(ge=1, le=MAX_ID)]
OrderReference = Annotated[str, Field(min_length=1, max_length=100, pattern=r"\S")]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DiscountCodeCreate(_Input):
    kind: DiscountKind
    value: PositiveMinorUnits = Field(
        description=f"Minor units for an amount; basis points for a percentage "
        f"(1500 = 15 %, at most {FULL_PERCENT_BP})."
    )
    currency: Currency | None = Field(
        default=None, description="Required for amounts, minimums and caps."
    )
    expires_at: AwareDatetime
    max_redemptions: Annotated[WholeNumber, Field(ge=1, le=1_000_000)] = 1
    customer_id: Id | None = Field(
        default=None, description="Only this customer may redeem the code."
    )
    min_order_minor: MinorUnits | None = None
    max_discount_minor: PositiveMinorUnits | None = Field(
        default=None, description="Cap of a percentage discount, in minor units."
    )
    reason: Reason
    source: DiscountSource = DiscountSource.API
    ticket_id: Id | None = None
    order_reference: OrderReference | None = None
    prefix: Annotated[str, Field(pattern=r"^[A-Za-z]{1,12}$")] = DEFAULT_PREFIX


class DiscountCodeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    kind: DiscountKind
    value: int
    currency: str | None
    min_order_minor: int | None
    max_discount_minor: int | None
    expires_at: datetime
    max_redemptions: int
    times_redeemed: int
    remaining_redemptions: int
    customer_id: int | None
    status: DiscountStatus
    source: DiscountSource
    issued_by: str
    reason: str
    ticket_id: int | None
    order_reference: str | None
    created_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None
    revoke_reason: str | None


class QuoteRequest(_Input):
    order_total_minor: PositiveMinorUnits
    currency: Currency
    customer_id: Id | None = None


class QuoteRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    applies: bool
    refusal: Refusal | None
    message: str
    discount_minor: int
    order_total_minor: int
    total_after_minor: int
    currency: str


class RedemptionCreate(QuoteRequest):
    order_reference: OrderReference = Field(
        description="The shop's own order id or number; one redemption per order and code."
    )


class RedemptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    order_reference: str
    customer_id: int | None
    order_total_minor: int
    amount_minor: int
    currency: str
    redeemed_at: datetime

    @classmethod
    def of(cls, redemption: DiscountRedemption, code: str) -> RedemptionRead:
        return cls(
            id=redemption.id,
            code=code,
            order_reference=redemption.order_reference,
            customer_id=redemption.customer_id,
            order_total_minor=redemption.order_total_minor,
            amount_minor=redemption.amount_minor,
            currency=redemption.currency,
            redeemed_at=redemption.redeemed_at,
        )


class RevokeRequest(_Input):
    reason: Reason
