"""Demand forecasting: candidates per series, chosen by rolling-origin backtests.

The public surface:

- :func:`forecast_panel` fits the candidates (statsforecast plus :class:`SeasonalLevel`)
  on a long frame (``unique_id``, ``ds``, ``y``), backtests them and blends the best per
  series, with conformal prediction intervals (:class:`PanelForecast`);
- :func:`evaluate` scores every candidate and the blend on a held-out period against
  seasonal naive (``opsdesk eval forecast``);
- :func:`read_table`, :func:`frequency`, :func:`complete` turn a sales CSV into a panel;
- :func:`holiday_weeks` flags the periods that contain a market's public holidays.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opsdesk.forecasting.candidates import (
        BASELINE,
        BacktestPlan,
        candidate_models,
        plan_backtest,
    )
    from opsdesk.forecasting.engine import (
        PanelForecast,
        Settings,
        backend_from_env,
        forecast_panel,
    )
    from opsdesk.forecasting.evaluation import ForecastReport, Score, evaluate, season_for
    from opsdesk.forecasting.market_holidays import holiday_weeks
    from opsdesk.forecasting.panel import Columns, complete, frequency, horizon_to, read_table
    from opsdesk.forecasting.seasonal import SeasonalLevel, seasonal_level
    from opsdesk.forecasting.stored import StoredForecast

# Loaded on first use: statsforecast, pandas and their imports take seconds, and the web
# app reaches this package only for ``stored`` and ``demand`` (the pages, replenishment).
_HOMES = {
    "BASELINE": "candidates",
    "BacktestPlan": "candidates",
    "candidate_models": "candidates",
    "plan_backtest": "candidates",
    "PanelForecast": "engine",
    "Settings": "engine",
    "backend_from_env": "engine",
    "forecast_panel": "engine",
    "ForecastReport": "evaluation",
    "Score": "evaluation",
    "evaluate": "evaluation",
    "season_for": "evaluation",
    "holiday_weeks": "market_holidays",
    "Columns": "panel",
    "complete": "panel",
    "frequency": "panel",
    "horizon_to": "panel",
    "read_table": "panel",
    "SeasonalLevel": "seasonal",
    "seasonal_level": "seasonal",
    "StoredForecast": "stored",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "BASELINE",
    "BacktestPlan",
    "Columns",
    "ForecastReport",
    "PanelForecast",
    "Score",
    "SeasonalLevel",
    "Settings",
    "StoredForecast",
    "backend_from_env",
    "candidate_models",
    "complete",
    "evaluate",
    "forecast_panel",
    "frequency",
    "holiday_weeks",
    "horizon_to",
    "plan_backtest",
    "read_table",
    "season_for",
    "seasonal_level",
]
