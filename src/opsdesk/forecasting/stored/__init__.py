"""Forecasts kept in the database: one run (``forecast_runs``) holds one row per series
(``series_forecasts``) with the chosen model, its backtest error, the mean path and the
interval. Writers: ``opsdesk forecast run`` and the nightly job. Readers: the Forecast and
Stock screens, replenishment, the agent panel ("back in stock around …").

The contract between them is ``StoredForecast`` and the functions below; what happens
inside a run (demand history, stockout days, reconciliation) lives beside the engine.
"""

from opsdesk.forecasting.stored.models import ForecastRun, SeriesForecast, SeriesLevel
from opsdesk.forecasting.stored.reads import StoredForecast, latest_forecasts, latest_run
from opsdesk.forecasting.stored.writes import finish_run, save_series, start_run

__all__ = [
    "ForecastRun",
    "SeriesForecast",
    "SeriesLevel",
    "StoredForecast",
    "finish_run",
    "latest_forecasts",
    "latest_run",
    "save_series",
    "start_run",
]
