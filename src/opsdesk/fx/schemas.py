"""Exchange rates over HTTP."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from opsdesk.fx import policy
from opsdesk.fx.models import ExchangeRate

CURRENCY_PATTERN = r"^[A-Za-z]{3}$"


class RateSet(BaseModel):
    """What one unit of the base currency is worth in the quote currency from the day on."""

    model_config = ConfigDict(extra="forbid")

    rate: Decimal = Field(
        gt=0,
        allow_inf_nan=False,
        description='E.g. `"0.86"` (1 EUR = 0.86 GBP). A string keeps every digit; at most '
        f"{policy.MAX_DECIMALS} decimal places and {policy.MAX_SIGNIFICANT_DIGITS} "
        "significant digits.",
        examples=["0.86"],
    )
    note: str = Field(default="", max_length=200, description="Where the rate comes from.")


class RateRead(BaseModel):
    base: str
    quote: str
    rate: str = Field(description='A decimal number as text, e.g. `"0.86"`.')
    valid_from: date
    note: str
    set_by: str
    set_at: datetime

    @classmethod
    def of(cls, row: ExchangeRate) -> RateRead:
        return cls(
            base=row.base_currency,
            quote=row.quote_currency,
            rate=policy.rate_text(policy.stored_rate(row.rate)),
            valid_from=row.valid_from,
            note=row.note,
            set_by=row.set_by,
            set_at=row.set_at,
        )
