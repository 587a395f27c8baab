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
    """The re-levelled seasonal forecast of ``h`` steps.

    At least ``window`` leading zeros are periods before the series existed: a cycle (or
    level window) that reaches into them is not used — a series that started late repeats
    its recent mean rather than last year's zeros. Fewer are ordinary zero periods.
    """
    n = len(y)
    start = int(series_starts(y[None, :], window)[0])
    if n - season < start:
        tail = y[max(start, n - window) :]
        return np.full(h, float(np.mean(tail)) if len(tail) else 0.0)
    usable = [s for s in range(1, seasons + 1) if n - s * season - window >= start]
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


def seasonal_level_rows(
    matrix: np.ndarray, h: int, season: int, window: int, seasons: int
) -> np.ndarray:
    """:func:`seasonal_level` for every row of a (series × periods) matrix at once."""
    rows, n = matrix.shape
    idx = np.arange(h) % season
    starts = series_starts(matrix, window)
    naive = np.zeros((rows, h)) if n < season else matrix[:, n - season :][:, idx]
    recent = matrix[:, max(0, n - window) :].mean(axis=1) if n else np.zeros(rows)
    total, count = np.zeros((rows, h)), np.zeros(rows)
    for s in range(1, seasons + 1):
        lag = s * season
        if n - lag - window < 0:
            continue
        ok = n - lag - window >= starts
        past = matrix[:, n - lag - window : n - lag].mean(axis=1)
        path = matrix[:, n - lag : n - lag + season][:, idx] + (recent - past)[:, None]
        total += np.where(ok[:, None], path, 0.0)
        count += ok
    out = np.where(count[:, None] > 0, total / np.maximum(count, 1.0)[:, None], naive)
    cols = np.arange(max(0, n - window), n)
    alive = cols[None, :] >= starts[:, None]
    tail = np.where(alive, matrix[:, cols], 0.0).sum(axis=1) / np.maximum(alive.sum(axis=1), 1)
    young = n - season < starts
    out[young] = tail[young, None]
    return out


def series_starts(matrix: np.ndarray, window: int) -> np.ndarray:
    """Per row, the first period the series existed: its first non-zero value when at least
    ``window`` zeros precede it (a late start), else 0; the length when all zero."""
    nonzero = matrix != 0
    first = np.where(nonzero.any(axis=1), nonzero.argmax(axis=1), matrix.shape[1])
    return np.where(first >= window, first, 0)


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
