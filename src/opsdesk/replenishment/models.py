"""Service-level settings: one target per ABC × XYZ class (absent: the default), and
overrides per SKU × warehouse for the few items that need another; stored plans (a run
and its rows), read by the screen and the API instead of recomputing per request."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class ServiceLevelClass(Base):
    __tablename__ = "replenishment_class_levels"

    klass: Mapped[str] = mapped_column(sa.String(2), primary_key=True)  # "AX" … "CZ"
    level: Mapped[float] = mapped_column(sa.Float)
    updated_by: Mapped[str] = mapped_column(sa.String(120), default="system")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.CheckConstraint("level > 0 AND level < 1", name="level_in_range"),)


class ServiceLevelOverride(Base):
    __tablename__ = "replenishment_level_overrides"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    variant_id: Mapped[int] = mapped_column(sa.ForeignKey("variants.id", ondelete="CASCADE"))
    warehouse_id: Mapped[int] = mapped_column(sa.ForeignKey("warehouses.id", ondelete="CASCADE"))
    level: Mapped[float] = mapped_column(sa.Float)
    updated_by: Mapped[str] = mapped_column(sa.String(120), default="system")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("variant_id", "warehouse_id"),
        sa.CheckConstraint("level > 0 AND level < 1", name="level_in_range"),
    )


class PlanStatus(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class PlanRun(Base):
    """One computed plan. Readers take the latest DONE run only: a run being written
    (or one that failed half-way) is never shown."""

    __tablename__ = "replenishment_plan_runs"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus, 16), default=PlanStatus.RUNNING)
    plan_date: Mapped[date] = mapped_column(sa.Date)
    forecast_run_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    requested_by: Mapped[str] = mapped_column(sa.String(120), default="nightly")
    rows: Mapped[int] = mapped_column(sa.Integer, default=0)
    to_order: Mapped[int] = mapped_column(sa.Integer, default=0)
    # transfer suggestions: few, always shown whole, kept as a list of plain dicts
    transfers: Mapped[list[dict[str, Any]]] = mapped_column(JSONType(), default=list)
    wall_seconds: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (sa.Index("ix_replenishment_plan_runs_status", "status", "id"),)


class PlanRow(Base):
    """One SKU × warehouse of a stored plan, written in display order (supplier, SKU,
    warehouse) so ``id`` is the keyset of every page and filter."""

    __tablename__ = "replenishment_plan_rows"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(
        sa.ForeignKey("replenishment_plan_runs.id", ondelete="CASCADE")
    )
    variant_id: Mapped[int] = mapped_column(sa.BigInteger)
    warehouse_id: Mapped[int] = mapped_column(sa.BigInteger)
    sku: Mapped[str] = mapped_column(sa.String(120))
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    warehouse_code: Mapped[str] = mapped_column(sa.String(40))
    supplier: Mapped[str] = mapped_column(sa.String(200), default="")
    supplier_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    klass: Mapped[str] = mapped_column(sa.String(2))
    service_level: Mapped[float] = mapped_column(sa.Float)
    daily_demand: Mapped[float] = mapped_column(sa.Float)
    demand_source: Mapped[str] = mapped_column(sa.String(16))
    position: Mapped[int] = mapped_column(sa.Integer)
    safety_stock: Mapped[float] = mapped_column(sa.Float)
    reorder_point: Mapped[float] = mapped_column(sa.Float)
    order_up_to: Mapped[float] = mapped_column(sa.Float)
    cover_days: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    lead_time_days: Mapped[float] = mapped_column(sa.Float)
    lead_time_sd: Mapped[float] = mapped_column(sa.Float)
    moq: Mapped[int] = mapped_column(sa.Integer, default=1)
    pack_size: Mapped[int] = mapped_column(sa.Integer, default=1)
    quantity: Mapped[int] = mapped_column(sa.Integer)
    needs_order: Mapped[bool] = mapped_column(sa.Boolean)
    reason: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (
        sa.Index("ix_replenishment_plan_rows_run", "run_id", "id"),
        sa.Index("ix_replenishment_plan_rows_order", "run_id", "needs_order", "id"),
        sa.Index("ix_replenishment_plan_rows_supplier", "run_id", "supplier_id", "id"),
        sa.Index("ix_replenishment_plan_rows_warehouse", "run_id", "warehouse_id", "id"),
        sa.Index("ix_replenishment_plan_rows_key", "run_id", "variant_id", "warehouse_id"),
    )
