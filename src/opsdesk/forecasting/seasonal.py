"""A candidate statsforecast lacks: last seasons' values moved to the current level.

Seasonal naive repeats last year, including last year's level; on growing or shrinking
series that bias dominates its error. ``SeasonalLevel`` keeps the seasonal shape of the
last ``seasons`` cycles but shifts each by the change in level between the ``window``
periods before the forecast origin and the same periods one (or two) cycles earlier,
then averages the shifted cycles. Pure numpy, written in statsforecast's model protocol
(``forecast`` / ``fit`` / ``predict``) so it takes part in the same cross-validation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from statsforecast.models import _TS


def seasonal_level(y: np.ndarray, h: int, season: int, window: int, seasons: int) -> np.ndarray:
    """The re-levelled seasonal forecast of ``h`` steps; seasonal naive when too short."""
    n = len(y)
    if n < season:
        return np.full(h, float(y[-1]) if n else 0.0)
    usable = [s for s in range(1, seasons + 1) if n >= s * season + window]
    if not usable:
        return np.resize(y[n - season :], h)
    recent = float(np.mean(y[n - window :]))
    paths = []
    for s in usable:
        lag = s * season
        past = float(np.mean(y[n - lag - window : n - lag]))
        cycle = y[n - lag : n - lag + season]
        paths.append(cycle[np.arange(h) % season] + recent - past)
    return np.mean(paths, axis=0)


class SeasonalLevel(_TS):
    """Seasonal naive shifted to the recent level, averaged over the last cycles."""

    uses_exog = False

    def __init__(
        self, season_length: int, window: int, seasons: int = 1, alias: str = "SeasonalLevel"
    ):
        self.season_length = season_length
        self.window = window
        self.seasons = seasons
        self.alias = alias
        self.prediction_intervals = None

    def __repr__(self) -> str:
        return self.alias

    def _mean(self, y: np.ndarray, h: int) -> np.ndarray:
        return seasonal_level(
            np.asarray(y, dtype=np.float64), h, self.season_length, self.window, self.seasons
        )

    def fit(self, y: np.ndarray, X: Any = None) -> SeasonalLevel:
        self.model_ = {"y": np.asarray(y, dtype=np.float64)}
        return self

    def predict(self, h: int, X: Any = None, level: Any = None) -> dict[str, np.ndarray]:
        return {"mean": self._mean(self.model_["y"], h)}

    def predict_in_sample(self, level: Any = None) -> dict[str, np.ndarray]:
        y = self.model_["y"]
        return {"fitted": np.full(len(y), np.nan)}

    def forecast(
        self,
        y: np.ndarray,
        h: int,
        X: Any = None,
        X_future: Any = None,
        level: Any = None,
        fitted: bool = False,
    ) -> dict[str, np.ndarray]:
        out = {"mean": self._mean(y, h)}
        if fitted:
            out["fitted"] = np.full(len(y), np.nan)
        return out
