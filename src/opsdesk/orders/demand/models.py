"""The daily demand rollup: ordered units per day × variant × warehouse × SKU, derived
from order lines (and rebuilt from them at will), with the watermark of its last roll."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, UTCDateTime

# ``warehouse_id`` of a line no warehouse has reserved or shipped yet (backordered, or
# cancelled before allocation): readers decide where it belongs (the store's first
# warehouse today, the variant's first one for replenishment). A key, not a reference.
NO_WAREHOUSE = 0


class DemandDaily(Base):
    """Closed UTC days only (up to ``DemandRollupState.rolled_through``); later days are
    read live from order lines. Every ordered unit counts on the day its order was placed,
    backordered and cancelled ones too."""

    __tablename__ = "demand_daily"

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    variant_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    sku: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    units: Mapped[int] = mapped_column(sa.BigInteger)
    lines: Mapped[int] = mapped_column(sa.Integer)

    # One SKU's chart and the returns page read a few variants over a period.
    __table_args__ = (sa.Index("ix_demand_daily_variant_day", "variant_id", "day"),)


class DemandRollupState(Base):
    """One row: how far the rollup reaches and what the next roll must look at again."""

    __tablename__ = "demand_rollup_state"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    rolled_through: Mapped[date | None] = mapped_column(sa.Date, nullable=True)
    # Orders above this id were not seen by the last roll (new, or imported into the past).
    order_watermark: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # Reservations changed from here on may have moved a line to a warehouse.
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    rolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
