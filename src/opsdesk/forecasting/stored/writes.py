"""Writing a run: started, its series saved in batches, then finished (or failed).
Readers only ever see finished runs, so a run that dies half-way is never read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.forecasting.stored.models import ForecastRun, RunStatus, SeriesForecast
from opsdesk.kernel.db import utcnow


def start_run(
    session: Session,
    *,
    freq: str,
    horizon: int,
    history_end: date,
    interval_level: float = 0.9,
    backend: str = "local",
) -> ForecastRun:
    if freq not in ("D", "W"):
        raise ValueError(f"freq must be D or W, not {freq!r}")
    if horizon < 1:
        raise ValueError("horizon must be at least one period")
    run = ForecastRun(
        freq=freq,
        horizon=horizon,
        history_end=history_end,
        interval_level=interval_level,
        backend=backend,
        status=RunStatus.RUNNING,
    )
    session.add(run)
    session.flush()
    return run


def save_series(session: Session, run: ForecastRun, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert series rows (the ``SeriesForecast`` columns except ``id``/``run_id``)."""
    batch = [{**row, "run_id": run.id} for row in rows]
    for row in batch:
        if not (len(row["mean"]) == len(row["lower"]) == len(row["upper"]) == run.horizon):
            raise ValueError("mean, lower and upper must each hold one value per period")
    if batch:
        session.execute(sa.insert(SeriesForecast), batch)
    run.series_count += len(batch)
    return len(batch)


def finish_run(session: Session, run: ForecastRun, *, wall_seconds: float, error: str = "") -> None:
    run.status = RunStatus.FAILED if error else RunStatus.DONE
    run.error = error
    run.wall_seconds = wall_seconds
    run.finished_at = utcnow()
