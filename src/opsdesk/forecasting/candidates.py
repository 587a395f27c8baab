"""Which statsforecast models compete for a series, and how the backtest is laid out.

Only fast family members: AutoETS with a full search costs ~0.3 s per series on this
machine, so ETS is restricted to non-seasonal forms (seasonality comes from the seasonal
naive / window-average / Theta / MSTL candidates instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BASELINE = "SeasonalNaive"

SEASON_BY_FREQ = {"D": 7, "W": 52}


@dataclass(frozen=True)
class BacktestPlan:
    """Rolling origins: ``windows`` forecasts of ``horizon`` steps, ``step`` apart."""

    horizon: int
    windows: int
    step: int

    @property
    def span(self) -> int:
        return self.horizon + self.step * (self.windows - 1)


def plan_backtest(history: int, horizon: int, season: int, windows: int = 3) -> BacktestPlan | None:
    """Origins late enough that a seasonal model still sees one full season before each.

    The backtest horizon is the real one (capped at a year for weekly data, four weeks for
    daily): ranking models on short horizons crowns Naive, which is worst at 39 weeks. Origins are a third of it apart;
    None when the history is too short for even one.
    """
    h = max(1, min(horizon, season if season >= 28 else 4 * season))
    step = max(1, h // 3)
    for n in range(windows, 0, -1):
        plan = BacktestPlan(horizon=h, windows=n, step=step)
        if history - plan.span >= season + 2:
            return plan
    return None


def candidate_models(season: int, *, with_mstl: bool, fast: bool = False) -> list[Any]:
    """The competing models; aliases are the column names in every result frame.

    ``fast`` drops the optimised ETS and Theta fits (~95 % of the run time on 10,000
    series) for simple exponential smoothing; they rarely win on two-year weekly
    histories, where Theta's seasonal test cannot even run inside the backtest.
    """
    from statsforecast.models import (
        ADIDA,
        MSTL,
        TSB,
        AutoETS,
        CrostonSBA,
        DynamicOptimizedTheta,
        HistoricAverage,
        Naive,
        SeasonalNaive,
        SeasonalWindowAverage,
        SimpleExponentialSmoothingOptimized,
        WindowAverage,
    )

    from opsdesk.forecasting.seasonal import SeasonalLevel

    window = max(4, season // 4)
    models: list[Any] = [
        SeasonalNaive(season_length=season),
        SeasonalLevel(season, window, seasons=1, alias="SeasonalLevel"),
        SeasonalLevel(season, window, seasons=2, alias="SeasonalLevel2"),
        Naive(),
        HistoricAverage(),
        WindowAverage(window_size=max(4, season // 4)),
        SeasonalWindowAverage(season_length=season, window_size=2, alias="SeasonalWindowAverage"),
        CrostonSBA(),
        ADIDA(),
        TSB(alpha_d=0.2, alpha_p=0.2),
    ]
    if fast:
        models.append(SimpleExponentialSmoothingOptimized(alias="SES"))
        return models
    models += [
        AutoETS(season_length=1, model="ZZN", alias="ETS"),
        DynamicOptimizedTheta(season_length=season, alias="Theta"),
    ]
    if with_mstl:
        trend = AutoETS(model="ZZN")
        models.append(
            MSTL(season_length=[7, 365] if season == 7 else season, trend_forecaster=trend)
        )
    return models


def model_names(models: list[Any]) -> list[str]:
    return [str(m) for m in models]
