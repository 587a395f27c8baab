"""Stored forecasts: a run is read only once finished, the latest finished run wins."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from opsdesk.forecasting.stored import (
    SeriesLevel,
    finish_run,
    latest_forecasts,
    save_series,
    start_run,
)


def _row(variant_id: int, value: float) -> dict[str, object]:
    return {
        "level": SeriesLevel.SKU_WAREHOUSE,
        "variant_id": variant_id,
        "warehouse_id": 1,
        "category": None,
        "first_period": date(2026, 12, 14),
        "model": "SeasonalNaive",
        "backtest_mae": 1.5,
        "backtest_rmsse": 0.9,
        "error_sd": 2.0,
        "mean": [value, value],
        "lower": [value - 1, value - 1],
        "upper": [value + 1, value + 1],
    }


def test_unfinished_run_is_not_read_and_latest_finished_wins(session: Session) -> None:
    first = start_run(session, freq="W", horizon=2, history_end=date(2026, 12, 7))
    save_series(session, first, [_row(7, 10.0)])
    session.commit()
    assert latest_forecasts(session) == {}

    finish_run(session, first, wall_seconds=1.0)
    second = start_run(session, freq="W", horizon=2, history_end=date(2026, 12, 7))
    save_series(session, second, [_row(7, 20.0), _row(8, 3.5)])
    session.commit()
    assert latest_forecasts(session)[(7, 1, None)].mean == (10.0, 10.0)

    finish_run(session, second, wall_seconds=2.0)
    session.commit()
    found = latest_forecasts(session, variant_ids=[8])
    forecast = found[(8, 1, None)]
    assert list(found) == [(8, 1, None)]
    assert forecast.periods() == [date(2026, 12, 14), date(2026, 12, 21)]
    assert forecast.daily_mean() == pytest.approx(0.5)


def test_series_must_cover_the_horizon(session: Session) -> None:
    run = start_run(session, freq="D", horizon=3, history_end=date(2026, 12, 7))
    with pytest.raises(ValueError, match="one value per period"):
        save_series(session, run, [_row(7, 1.0)])
    with pytest.raises(ValueError, match="freq"):
        start_run(session, freq="M", horizon=3, history_end=date(2026, 12, 7))
