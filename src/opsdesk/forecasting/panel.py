"""Reading a sales table into statsforecast's long layout, and lining up a test period.

``unique_id`` joins the id columns with "/", missing periods are filled with zero (a
missing week in a sales export is a week without sales) except holes inside a steadily
selling series, which are interpolated, and the horizon runs from the panel's end to the
last test date.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from opsdesk.forecasting.candidates import SEASON_BY_FREQ
from opsdesk.kernel.errors import InvalidInput

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


@dataclass(frozen=True)
class Columns:
    ids: tuple[str, ...]
    date: str
    target: str
    weight: str | None = None


def read_table(path: Path, columns: Columns, *, needs_target: bool = True) -> pd.DataFrame:
    """The CSV as unique_id / ds / y (and ``weight``), with a clear error for bad input."""
    try:
        raw = pd.read_csv(path, low_memory=False)
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"{path}: cannot read as CSV ({exc})") from exc
    wanted = [*columns.ids, columns.date]
    wanted += [columns.target] if needs_target else []
    wanted += [columns.weight] if columns.weight else []
    missing = [c for c in wanted if c not in raw.columns]
    if missing:
        raise InvalidInput(f"{path}: missing column(s) {', '.join(missing)}")
    return _normalise(raw, path, columns, needs_target)


def _normalise(raw: pd.DataFrame, path: Path, columns: Columns, needs_target: bool) -> pd.DataFrame:
    out = pd.DataFrame({"unique_id": raw[list(columns.ids)].astype(str).agg("/".join, axis=1)})
    out["ds"] = pd.to_datetime(raw[columns.date], errors="coerce")
    if out["ds"].isna().any():
        raise InvalidInput(f"{path}: column {columns.date} has values that are not dates")
    if needs_target:
        out["y"] = pd.to_numeric(raw[columns.target], errors="coerce")
        if out["y"].isna().any():
            raise InvalidInput(f"{path}: column {columns.target} has values that are not numbers")
    if columns.weight:
        out["weight"] = raw[columns.weight]
    return out


def frequency(dates: pd.Series, freq: str | None) -> str:
    """A pandas frequency: ``D``, or ``W-<weekday of the dates>`` so weeks keep their anchor."""
    kind = (freq or _infer_kind(dates)).upper()
    if kind not in SEASON_BY_FREQ:
        raise InvalidInput(f"frequency must be D or W, not {freq!r}")
    if kind == "D":
        return "D"
    weekdays = dates.dt.weekday.unique()
    if len(weekdays) != 1:
        raise InvalidInput("weekly dates must all fall on the same weekday")
    return f"W-{WEEKDAYS[int(weekdays[0])]}"


def _infer_kind(dates: pd.Series) -> str:
    steps = np.diff(np.sort(dates.unique())).astype("timedelta64[D]").astype(int)
    step = int(np.min(steps)) if len(steps) else 1
    if step not in (1, 7):
        raise InvalidInput("cannot tell the frequency from the dates: give --freq D or W")
    return "D" if step == 1 else "W"


def complete(history: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Sums duplicate rows and puts every series on every date of the panel, so pooled
    candidates see a dense matrix and one backtest layout fits all series.

    A missing row is a period without sales (zero) — before a product's first sale, after
    its last, and inside an intermittent series — except inside a steadily selling series
    (at least ``DENSE_MIN_ROWS`` rows, ``DENSE_SHARE`` of them non-zero), where a gap is
    a hole in the export: it is interpolated, or seasonal candidates would copy a zero
    into next year's forecast.
    """
    from utilsforecast.preprocessing import fill_gaps

    summed = history.groupby(["unique_id", "ds"], as_index=False)["y"].sum()
    filled = fill_gaps(summed, freq=freq, start="global", end="global")
    filled = filled.sort_values(["unique_id", "ds"]).reset_index(drop=True)
    filled["y"] = _fill_missing(filled).astype(np.float64)
    return filled


DENSE_MIN_ROWS, DENSE_SHARE = 8, 0.9


def _fill_missing(filled: pd.DataFrame) -> pd.Series:
    ids = filled["unique_id"]
    rows = filled["y"].notna().groupby(ids).transform("sum")
    selling = (filled["y"].fillna(0.0) != 0).groupby(ids).transform("sum")
    dense = (rows >= DENSE_MIN_ROWS) & (selling >= DENSE_SHARE * rows) & filled["y"].isna()
    y = filled["y"].copy()
    if dense.any():
        holed = ids.isin(ids[dense].unique())
        inside = (
            y[holed].groupby(ids[holed]).transform(lambda s: s.interpolate(limit_area="inside"))
        )
        y[holed] = inside
    return y.fillna(0.0)


def horizon_to(last_train: pd.Timestamp, last_test: pd.Timestamp, freq: str) -> int:
    """Steps from the end of history to the last date to forecast."""
    steps = len(pd.date_range(last_train, last_test, freq=freq)) - 1
    if steps < 1:
        raise InvalidInput("the test dates must come after the training dates")
    return steps
