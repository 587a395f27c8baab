"""Dated exchange rates, as operations set them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, UTCDateTime, utcnow


class ExchangeRate(Base):
    """1 ``base_currency`` = ``rate`` ``quote_currency`` from ``valid_from`` (a calendar
    day) until the pair's next row. Setting a pair again for the same day replaces the
    value; each change is recorded as ``ExchangeRateSet`` in the outbox."""

    __tablename__ = "exchange_rates"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    base_currency: Mapped[str] = mapped_column(sa.String(3))
    quote_currency: Mapped[str] = mapped_column(sa.String(3))
    rate: Mapped[Decimal] = mapped_column(sa.Numeric(18, 10))
    valid_from: Mapped[date] = mapped_column(sa.Date)
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    set_by: Mapped[str] = mapped_column(sa.String(120))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        # Also the index of "the latest rate of this pair on or before a day".
        sa.UniqueConstraint("base_currency", "quote_currency", "valid_from"),
        sa.CheckConstraint("rate > 0", name="rate_positive"),
    )
