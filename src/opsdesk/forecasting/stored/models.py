"""Tables of stored forecasts."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class SeriesLevel(enum.StrEnum):
    """Where in the hierarchy a series sits; the roll-ups are reconciled with the base."""

    SKU_WAREHOUSE = "sku_warehouse"
    SKU = "sku"
    CATEGORY = "category"
    STORE = "store"


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ForecastRun(Base):
    __tablename__ = "forecast_runs"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    freq: Mapped[str] = mapped_column(sa.String(2))  # "D" or "W"
    horizon: Mapped[int] = mapped_column(sa.Integer)  # periods ahead
    interval_level: Mapped[float] = mapped_column(sa.Float, default=0.9)
    # the last period of history the run saw; forecasts start the period after
    history_end: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[RunStatus] = mapped_column(str_enum(RunStatus, 16), default=RunStatus.RUNNING)
    series_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    wall_seconds: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    backend: Mapped[str] = mapped_column(sa.String(16), default="local")
    error: Mapped[str] = mapped_column(sa.Text, default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (sa.Index("ix_forecast_runs_status", "status", "id"),)


class SeriesForecast(Base):
    """One series of one run. ``mean``/``lower``/``upper`` are lists of ``horizon`` floats,
    one per period from ``first_period``; ``error_sd`` is the spread of the chosen model's
    one-period backtest errors (what safety stock scales with)."""

    __tablename__ = "series_forecasts"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(sa.ForeignKey("forecast_runs.id", ondelete="CASCADE"))
    level: Mapped[SeriesLevel] = mapped_column(str_enum(SeriesLevel, 16))
    variant_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    warehouse_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    category: Mapped[str | None] = mapped_column(sa.String(120), nullable=True)
    first_period: Mapped[date] = mapped_column(sa.Date)
    model: Mapped[str] = mapped_column(sa.String(64))
    backtest_mae: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    backtest_rmsse: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    error_sd: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    mean: Mapped[list[float]] = mapped_column(JSONType())
    lower: Mapped[list[float]] = mapped_column(JSONType())
    upper: Mapped[list[float]] = mapped_column(JSONType())
    # periods of the history that were stockouts (excluded from fitting), ISO dates
    stockout_periods: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    # sum of ``mean`` over the horizon (added by the Forecast page, which sorts on it)
    horizon_total: Mapped[float | None] = mapped_column(sa.Float, nullable=True)

    __table_args__ = (
        sa.Index("ix_series_forecasts_run_variant", "run_id", "variant_id", "warehouse_id"),
        sa.Index("ix_series_forecasts_run_level", "run_id", "level", "id"),
        sa.Index("ix_series_forecasts_run_level_total", "run_id", "level", "horizon_total", "id"),
    )
