"""Slow movers: a chosen forecast of zero for a SKU that sold recently is replaced by TSB's
demand rate.

Selection ranks candidates by mean absolute backtest error, and on intermittent series
(most weeks zero) the forecast with the lowest MAE is zero itself (the median). That is
right for scoring and wrong for stock: replenishment would never reorder an item that
sells a unit every other week. TSB (Teunter-Syntetos-Babai) forecasts the rate, so a
series whose chosen forecast is zero over the whole horizon although it had demand in
its last ``recent`` periods takes TSB's forecast and backtest instead.
"""

from __future__ import annotations

import pandas as pd

from opsdesk.forecasting.engine import PanelForecast

RATE_MODEL = "TSB"


def zero_but_selling(panel: PanelForecast, fit: pd.DataFrame, recent: int) -> set[str]:
    """Series forecast at zero that had demand in their last ``recent`` periods."""
    chosen = panel.forecasts["Forecast"].clip(lower=0.0)
    zero = chosen.groupby(panel.forecasts["unique_id"]).max() <= 1e-9
    tail = fit.sort_values("ds").groupby("unique_id").tail(recent)
    sold = tail.groupby("unique_id")["y"].sum() > 0
    return set(zero[zero].index) & set(sold[sold].index)


def use_rate_for_zero_forecasts(panel: PanelForecast, fit: pd.DataFrame, recent: int) -> set[str]:
    """Swaps the chosen forecast (and its backtest) for TSB's on those series, in place;
    returns their ids."""
    if RATE_MODEL not in panel.forecasts.columns:
        return set()
    ids = zero_but_selling(panel, fit, recent)
    for frame in (panel.forecasts, panel.backtest):
        if RATE_MODEL in frame.columns and len(frame):
            mask = frame["unique_id"].isin(ids)
            frame.loc[mask, "Forecast"] = frame.loc[mask, RATE_MODEL]
    return ids
