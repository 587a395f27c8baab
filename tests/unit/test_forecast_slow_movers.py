"""A zero forecast for a SKU that still sells becomes TSB's rate; zero stays zero for a
SKU that stopped selling, and a positive chosen forecast is left alone."""

from __future__ import annotations

import pandas as pd

from opsdesk.forecasting.engine import PanelForecast
from opsdesk.forecasting.slow_movers import use_rate_for_zero_forecasts


def _panel() -> tuple[PanelForecast, pd.DataFrame]:
    ds = pd.date_range("2026-01-04", periods=2, freq="7D")
    ids = ["slow"] * 2 + ["gone"] * 2 + ["busy"] * 2
    forecasts = pd.DataFrame({"unique_id": ids, "ds": list(ds) * 3,
                              "Forecast": [0.0, 0.0, 0.0, 0.0, 4.0, 4.0],
                              "TSB": [0.4, 0.4, 0.1, 0.1, 3.0, 3.0]})  # fmt: skip
    backtest = forecasts.assign(cutoff=pd.Timestamp("2025-12-28"), y=1.0)
    history = pd.DataFrame({"unique_id": ["slow"] * 4 + ["gone"] * 4 + ["busy"] * 4,
                            "ds": list(pd.date_range("2025-12-07", periods=4, freq="7D")) * 3,
                            "y": [0, 1, 0, 1, 3, 0, 0, 0, 4, 4, 4, 4]})  # fmt: skip
    weights = pd.DataFrame({"Naive": [1.0, 1.0, 1.0]}, index=["slow", "gone", "busy"])
    return PanelForecast(forecasts, backtest, weights, ["Naive", "TSB"]), history


def test_zero_forecast_of_a_selling_sku_takes_the_rate() -> None:
    panel, history = _panel()
    assert use_rate_for_zero_forecasts(panel, history, recent=3) == {"slow"}
    by_id = panel.forecasts.groupby("unique_id")["Forecast"].first()
    assert by_id.to_dict() == {"busy": 4.0, "gone": 0.0, "slow": 0.4}
    assert panel.backtest.groupby("unique_id")["Forecast"].first()["slow"] == 0.4
