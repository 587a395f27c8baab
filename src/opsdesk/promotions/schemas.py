"""Request and response shapes for discount codes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from opsdesk.kernel.inputs import SaleCurrency, WholeNumber
from opsdesk.promotions.limits import HARD_MAX_AMOUNT_MINOR, HARD_MAX_REDEMPTIONS
from opsdesk.promotions.models import (
    DiscountKind,
    DiscountReason,
    DiscountRedemption,
    DiscountSource,
    DiscountStatus,
)
from opsdesk.promotions.policy import DEFAULT_PREFIX, FULL_PERCENT_BP, Refusal

Currency = SaleCurrency
MinorUnits = Annotated[WholeNumber, Field(ge=0, le=10**12)]
PositiveMinorUnits = Annotated[WholeNumber, Field(ge=1, le=10**12)]
CodeValue = Annotated[WholeNumber, Field(ge=1, le=HARD_MAX_AMOUNT_MINOR)]
Reason = Annotated[str, Field(min_length=1, max_length=500, pattern=r"\S")]
MAX_ID = 2**63 - 1  # BIGINT: a larger id could only fail in the database
Id = Annotated[WholeNumber, Field(ge=1, le=MAX_ID)]
OrderReference = Annotated[str, Field(min_length=1, max_length=100, pattern=r"\S")]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DiscountCodeCreate(_Input):
    kind: DiscountKind
    value: CodeValue = Field(
        description=f"Minor units for an amount (at most {HARD_MAX_AMOUNT_MINOR:,}); basis "
        f"points for a percentage (1500 = 15 %, at most {FULL_PERCENT_BP}). Above the "
        "issuer's caps the code is created pending, for a lead or an admin to approve."
    )
    currency: Currency | None = Field(
        default=None, description="Required for amounts, minimums and caps."
    )
    expires_at: AwareDatetime
    max_redemptions: Annotated[WholeNumber, Field(ge=1, le=HARD_MAX_REDEMPTIONS)] = 1
    customer_id: Id | None = Field(
        default=None, description="Only this customer may redeem the code."
    )
    min_order_minor: MinorUnits | None = None
    max_discount_minor: CodeValue | None = Field(
        default=None, description="Cap of a percentage discount, in minor units."
    )
    reason_code: DiscountReason = Field(
        description="Why, from the list (automatic_remedy is the proactive rules' own)."
    )
    reason: Reason = Field(description="Why, in the issuer's words.")
    source: DiscountSource = Field(
        default=DiscountSource.API, description="agent or api; proactive is the rules' own."
    )
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
    reason_code: DiscountReason
    reason: str
    ticket_id: int | None
    order_reference: str | None
    created_at: datetime
    approval_needed: str | None = Field(description="Why the code waited for approval.")
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
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


class ApproveRequest(_Input):
    note: str = Field(default="", max_length=500)


class RejectRequest(_Input):
    note: Reason


class CapsWrite(_Input):
    max_percent_bp: Annotated[WholeNumber, Field(ge=1, le=FULL_PERCENT_BP)]
    max_amount_minor: Annotated[WholeNumber, Field(ge=1, le=HARD_MAX_AMOUNT_MINOR)]
    currency: Currency = "EUR"
    max_redemptions: Annotated[WholeNumber, Field(ge=1, le=HARD_MAX_REDEMPTIONS)]
    max_codes_per_day: Annotated[WholeNumber, Field(ge=0, le=10_000)]
    note: Reason = Field(description="Why the caps change; kept with the change.")


class CapsRead(BaseModel):
    role: str
    max_percent_bp: int
    max_amount_minor: int
    currency: str
    max_redemptions: int
    max_codes_per_day: int
    changed_by: str | None = Field(description="None: the built-in defaults.")
    changed_at: datetime | None
    note: str | None
