"""Holiday-aware seasonal lags: last year's value of the *same event*, not the same week number.

A 52-week lag is 364 days: Christmas moves a weekday each year, so in some years the
week holding Christmas is 53 weeks after last year's (2015-12-25 → 2016-12-30 for weeks
ending Friday), and Thanksgiving jumps a week every five or six years. Seasonal naive then
copies a post-holiday week into the holiday week, and the holiday weeks weigh five times.
Here each target week near one of the market's public holidays (``holidays`` package,
the same event name ``years`` earlier) takes the source week at the same offset from
that holiday; every other week takes the plain ``season`` lag.

Pure numpy over the dates of a complete panel (all series on the same weeks), so the
source indices are computed once per origin and applied to the whole matrix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd

ALIGNED = ("AlignedSeasonalNaive", "AlignedSeasonalLevel")
YEARS = 3  # most years averaged by AlignedSeasonalLevel
BEFORE, AFTER = 2, 1  # weeks around a holiday that take its alignment (pre-holiday shopping)


def event_dates(years: Iterable[int], country: str) -> dict[str, list[pd.Timestamp]]:
    """Holiday name -> its dates (not the observed days) in ``years`` for one market."""
    import holidays as holiday_calendars

    try:
        calendar = holiday_calendars.country_holidays(country, years=list(years), observed=False)
    except NotImplementedError as exc:
        raise ValueError(f"no public holiday calendar for market {country!r}") from exc
    found: dict[str, list[pd.Timestamp]] = defaultdict(list)
    for day, names in sorted(calendar.items()):
        for name in str(names).split("; "):
            found[name].append(pd.Timestamp(day))
    return dict(found)


def _period_of(dates: pd.DatetimeIndex, day: pd.Timestamp) -> int | None:
    """Index of the weekly period (labelled by its last day) holding ``day``."""
    i = int(dates.searchsorted(day))
    if i < len(dates) and (dates[i] - day).days < 7:
        return i
    return None


def source_indices(
    timeline: pd.DatetimeIndex,
    n: int,
    events: dict[str, list[pd.Timestamp]],
    season: int,
    years: int,
) -> np.ndarray:
    """For every target ``timeline[n:]``, the history index (< ``n``) to copy ``years`` back.

    ``timeline`` is the history (first ``n`` dates) followed by the target weeks. A target
    within ``BEFORE`` weeks before / ``AFTER`` after a holiday maps to the same offset from
    that holiday ``years`` earlier (the nearest holiday wins, the later on a tie); otherwise
    ``years * season`` weeks back. -1 where the history does not reach.
    """
    out = np.arange(n, len(timeline)) - years * season
    while (out >= n).any():
        out = np.where(out >= n, out - season, out)
    anchors = _anchors(timeline, events, years)
    for j, t in enumerate(range(n, len(timeline))):
        best: tuple[int, int] | None = None
        for here, there in anchors:
            offset = t - here
            if -BEFORE <= offset <= AFTER and (best is None or abs(offset) < abs(best[0])):
                best = (offset, there)
        if best is not None and 0 <= best[1] + best[0] < n:
            out[j] = best[1] + best[0]
    return np.where(out >= 0, out, -1)


def _anchors(
    timeline: pd.DatetimeIndex, events: dict[str, list[pd.Timestamp]], years: int
) -> list[tuple[int, int]]:
    """(period of an occurrence, period of the same holiday ``years`` earlier) pairs."""
    pairs = []
    for days in events.values():
        by_year = {d.year: d for d in days}
        for year, day in sorted(by_year.items()):
            earlier = by_year.get(year - years)
            here = _period_of(timeline, day)
            there = None if earlier is None else _period_of(timeline, earlier)
            if here is not None and there is not None:
                pairs.append((here, there))
    return sorted(pairs, reverse=True)


def aligned_forecasts(
    matrix: np.ndarray,
    sources: list[np.ndarray],
    starts: np.ndarray,
    window: int,
    season: int,
) -> dict[str, np.ndarray]:
    """The aligned candidates for every row of a history matrix (series × weeks).

    ``sources[k]`` are the target's source indices ``k + 1`` years back. The naive one
    copies last year; the level one averages every year the history holds, each shifted
    by the change in level (mean of the last ``window`` weeks against the same weeks
    ``k + 1`` years earlier, as :func:`seasonal.seasonal_level`) — averaging years is what
    a short history allows against noise, and a backtest on it cannot tell (its origins
    see fewer years), so it is one candidate rather than one per number of years. A year
    whose level window is not in the history is left out (the first year is then used
    unshifted); a source before a series' start (``starts``, from
    :func:`seasonal.series_starts`: a series that started late) is not used; with no year left the forecast is the recent mean.
    """
    rows, n = matrix.shape
    recent = matrix[:, max(0, n - window) :].mean(axis=1) if n else np.zeros(rows)
    paths, valid = [], []
    for k, src in enumerate(sources, start=1):
        lag_start = n - window - k * season
        past = matrix[:, max(0, lag_start) : max(0, lag_start + window)]
        shift = recent - past.mean(axis=1) if past.shape[1] else np.zeros(rows)
        known = lag_start >= starts
        shift = np.where(known, shift, 0.0)
        ok = (src[None, :] >= 0) & (src[None, :] >= starts[:, None])
        ok &= known[:, None] | (k == 1)
        paths.append(matrix[:, np.maximum(src, 0)] + shift[:, None])
        valid.append(ok)
    fallback = np.repeat(recent[:, None], len(sources[0]), axis=1)
    naive = np.where(valid[0], matrix[:, np.maximum(sources[0], 0)], fallback)
    count = np.sum(valid, axis=0, dtype=float)
    total = np.sum([np.where(ok, path, 0.0) for ok, path in zip(valid, paths, strict=True)], axis=0)
    level = np.where(count > 0, total / np.maximum(count, 1.0), fallback)
    return {ALIGNED[0]: naive, ALIGNED[1]: level}
