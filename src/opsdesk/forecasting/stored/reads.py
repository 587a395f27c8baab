"""Reading the latest finished run's forecasts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.forecasting.stored.models import ForecastRun, RunStatus, SeriesForecast, SeriesLevel


@dataclass(frozen=True)
class StoredForecast:
    run_id: int
    freq: str
    level: SeriesLevel
    variant_id: int | None
    warehouse_id: int | None
    category: str | None
    first_period: date
    model: str
    backtest_mae: float | None
    backtest_rmsse: float | None
    error_sd: float | None
    interval_level: float
    mean: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]

    @property
    def period_days(self) -> int:
        return 7 if self.freq == "W" else 1

    def periods(self) -> list[date]:
        step = timedelta(days=self.period_days)
        return [self.first_period + step * i for i in range(len(self.mean))]

    def daily_mean(self) -> float:
        """Average demand per day over the horizon (what days of cover divide by)."""
        if not self.mean:
            return 0.0
        return max(sum(self.mean), 0.0) / (len(self.mean) * self.period_days)


def latest_run(session: Session) -> ForecastRun | None:
    return session.scalars(
        sa.select(ForecastRun)
        .where(ForecastRun.status == RunStatus.DONE)
        .order_by(ForecastRun.id.desc())
        .limit(1)
    ).first()


def latest_forecasts(
    session: Session,
    *,
    level: SeriesLevel = SeriesLevel.SKU_WAREHOUSE,
    variant_ids: Iterable[int] | None = None,
    warehouse_id: int | None = None,
) -> dict[tuple[int | None, int | None, str | None], StoredForecast]:
    """Forecasts of the latest finished run keyed by (variant_id, warehouse_id, category);
    empty when no run has finished yet."""
    run = latest_run(session)
    if run is None:
        return {}
    query = sa.select(SeriesForecast).where(
        SeriesForecast.run_id == run.id, SeriesForecast.level == level
    )
    if variant_ids is not None:
        query = query.where(SeriesForecast.variant_id.in_(list(variant_ids)))
    if warehouse_id is not None:
        query = query.where(SeriesForecast.warehouse_id == warehouse_id)
    found: dict[tuple[int | None, int | None, str | None], StoredForecast] = {}
    for row in session.scalars(query):
        found[(row.variant_id, row.warehouse_id, row.category)] = _stored(run, row)
    return found


def _stored(run: ForecastRun, row: SeriesForecast) -> StoredForecast:
    return StoredForecast(
        run_id=run.id,
        freq=run.freq,
        level=row.level,
        variant_id=row.variant_id,
        warehouse_id=row.warehouse_id,
        category=row.category,
        first_period=row.first_period,
        model=row.model,
        backtest_mae=row.backtest_mae,
        backtest_rmsse=row.backtest_rmsse,
        error_sd=row.error_sd,
        interval_level=run.interval_level,
        mean=tuple(row.mean),
        lower=tuple(row.lower),
        upper=tuple(row.upper),
    )
