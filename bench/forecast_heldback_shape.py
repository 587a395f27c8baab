"""A development harness shaped like the held-back weekly retail set (issue 18).

The held-back data (store × department weekly sales, ~143 weeks of history, the next 39
weeks scored, Super Bowl / Labor Day / Thanksgiving / Christmas weeks weighted ×5) is
harder than our easy split of the shared store × item data: less history, sharp holiday
peaks that move between week numbers, series that start late or have gaps, tiny and
negative series, very different scales. This script builds that shape from
``../shared/data/demand/store_item_demand.zip`` and runs the real product path, the
``opsdesk eval forecast`` CLI, against seasonal naive in the same run.

Perturbations (seeded, per series): a log-normal scale; holiday effects on the real
dates for 30 of the 50 items (Thanksgiving week, the two weeks before Christmas, the
Christmas week, the Super Bowl week, each item its own strength); 12 % of series start
late (20 to 130 weeks into the history, some with less than a season); 6 % lose 3–10 %
of their weeks (gaps); 8 % become slow movers (a few units a week); 5 % are shifted
down so that some weeks are negative (returns); 2 % exist only in the test period; 3 %
stop before it.

    .venv/bin/python bench/forecast_heldback_shape.py [--split walmart|late] [--seed N] [--easy]
        [--full] [--strategy best|blend] [--country CC|none] [--previous-src DIR] [--keep DIR]

``walmart`` (default): test = the 39 weeks ending 2017-07-28 (November to July, as the
held-back set), ``late``: the 39 weeks ending 2017-12-29. Development figures only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "demand" / "store_item_demand.zip"
TRAIN_WEEKS, TEST_WEEKS = 143, 39
SPLITS = {"walmart": "2017-07-28", "late": "2017-12-29"}


def weekly(path: Path) -> pd.DataFrame:
    with zipfile.ZipFile(path) as archive, archive.open("train.csv") as fh:
        d = pd.read_csv(fh, parse_dates=["date"])
    d["week"] = d["date"] + pd.to_timedelta((4 - d["date"].dt.weekday) % 7, unit="D")
    full = d.groupby("week")["date"].nunique()
    w = d.groupby(["store", "item", "week"], as_index=False)["sales"].sum()
    return w[w["week"].isin(full[full == 7].index)]


def event_weeks(weeks: pd.DatetimeIndex) -> dict[str, set[pd.Timestamp]]:
    """Week end (Friday) -> the events it contains (US calendar, Super Bowl = 1st Sunday of Feb)."""
    import holidays

    cal = holidays.US(years=range(weeks.min().year - 1, weeks.max().year + 1), observed=False)
    found: dict[str, set[pd.Timestamp]] = {"thanksgiving": set(), "christmas": set()}
    found |= {"superbowl": set(), "laborday": set()}
    for end in weeks:
        days = pd.date_range(end - pd.Timedelta(days=6), end)
        names = {cal.get(d.date(), "") for d in days}
        if "Thanksgiving" in names or "Thanksgiving Day" in names:
            found["thanksgiving"].add(end)
        if "Christmas Day" in names:
            found["christmas"].add(end)
        if "Labor Day" in names:
            found["laborday"].add(end)
        if any(d.month == 2 and d.weekday() == 6 and d.day <= 7 for d in days):
            found["superbowl"].add(end)
    return found


def holiday_effects(w: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Multiplies the holiday weeks of 30 items by item-specific factors on the real dates."""
    weeks = pd.DatetimeIndex(sorted(w["week"].unique()))
    events = event_weeks(weeks)
    christmas = sorted(events["christmas"])
    before = {c - pd.Timedelta(weeks=k): k for c in christmas for k in (1, 2)}
    factor = np.ones(len(w))
    for item in rng.choice(w["item"].unique(), 30, replace=False):
        rows = (w["item"] == item).to_numpy()
        strength = {
            "thanksgiving": rng.uniform(1.4, 2.6),
            "christmas": rng.uniform(0.7, 1.4),
            "superbowl": rng.uniform(1.0, 1.4),
            "laborday": rng.uniform(1.0, 1.2),
        }
        pre = rng.uniform(1.2, 1.9)
        for name, ends in events.items():
            factor[rows & w["week"].isin(ends).to_numpy()] *= strength[name]
        for end, k in before.items():
            factor[rows & (w["week"] == end).to_numpy()] *= pre ** (1.0 if k == 1 else 0.6)
    out = w.copy()
    out["sales"] = out["sales"] * factor
    return out


def perturb(w: pd.DataFrame, first: pd.Timestamp, split: pd.Timestamp, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    w = holiday_effects(w, rng)
    parts = []
    for (_store, _item), s in w.groupby(["store", "item"]):
        s = s.sort_values("week").copy()
        s["sales"] = s["sales"] * rng.lognormal(0.0, 1.2)
        u = rng.random()
        if u < 0.08:  # slow mover: a few units a week, Poisson
            s["sales"] = rng.poisson(s["sales"] / s["sales"].mean() * rng.uniform(0.3, 3.0))
        elif u < 0.13:  # returns: shifted down so some weeks are negative
            s["sales"] = s["sales"] - 1.1 * s["sales"].quantile(0.1)
        s["sales"] = s["sales"].round(2)
        v = rng.random()
        if v < 0.12:  # starts late
            s = s[s["week"] >= first + pd.Timedelta(weeks=int(rng.integers(20, 131)))]
        elif v < 0.18:  # gaps
            s = s[rng.random(len(s)) >= rng.uniform(0.03, 0.10)]
        elif v < 0.20:  # new in the test period
            s = s[s["week"] > split]
        elif v < 0.23:  # stops before the test period
            s = s[s["week"] <= split - pd.Timedelta(weeks=int(rng.integers(1, 30)))]
        parts.append(s)
    return pd.concat(parts, ignore_index=True)


def build(root: Path, split_name: str, seed: int, easy: bool = False) -> tuple[Path, Path]:
    """Writes train.csv / test.csv; ``easy``: the earlier development split instead (104
    clean weeks of train, no perturbation)."""
    w = weekly(DATA)
    end = pd.Timestamp(SPLITS[split_name])
    split = end - pd.Timedelta(weeks=TEST_WEEKS)
    first = split - pd.Timedelta(weeks=(104 if easy else TRAIN_WEEKS) - 1)
    w = w[(w["week"] >= first) & (w["week"] <= end)]
    if not easy:
        w = perturb(w, first, split, seed)
    w = w.rename(columns={"item": "dept", "week": "date"})
    weights = set().union(*event_weeks(pd.DatetimeIndex(w["date"].unique())).values())
    w["holiday"] = w["date"].isin(weights)
    train, test = root / "train.csv", root / "test.csv"
    w[w["date"] <= split].drop(columns="holiday").to_csv(train, index=False)
    w[w["date"] > split].to_csv(test, index=False)
    return train, test


def run_cli(
    train: Path, test: Path, fast: bool, strategy: str, extra: list[str], src: Path | None = None
) -> dict[str, object]:
    """``opsdesk eval forecast --json`` in a subprocess; ``src``: another checkout's
    ``src`` folder (the previous code, for a same-run comparison)."""
    env = dict(os.environ, **({"PYTHONPATH": str(src)} if src else {}))
    cmd = [sys.executable, "-m", "opsdesk", "eval", "forecast", "--train", str(train), "--test", str(test),
           "--id-columns", "store,dept", "--date-column", "date", "--target-column", "sales",
           "--weight-column", "holiday", "--weight-value", "5", "--freq", "W", "--json",
           "--strategy", strategy, *extra,
           *(["--fast"] if fast else [])]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if done.returncode:
        raise SystemExit(f"eval failed:\n{done.stdout}\n{done.stderr}")
    return dict(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=sorted(SPLITS), default="walmart")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--full", action="store_true", help="all candidates (ETS, Theta)")
    parser.add_argument("--easy", action="store_true", help="the clean 104-week split instead")
    parser.add_argument("--strategy", default="best", help="passed to the CLI (best|blend)")
    parser.add_argument("--country", help="passed to the CLI (default: the CLI's, US)")
    parser.add_argument("--previous-src", type=Path, help="also run this src folder's CLI")
    parser.add_argument("--keep", type=Path, help="write the CSVs here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        train, test = build(root, args.split, args.seed, args.easy)
        started = time.perf_counter()
        extra = ["--country", args.country] if args.country else []
        report = run_cli(train, test, not args.full, args.strategy, extra)
        wall = time.perf_counter() - started
        previous = None
        if args.previous_src:
            previous = run_cli(train, test, not args.full, args.strategy, [], args.previous_src)
    shape = "easy (clean, 104 weeks)" if args.easy else f"held-back shape, seed {args.seed}"
    print(f"split {args.split}, {shape}: {report['series']} test series "
          f"({report['unseen_series']} unseen), horizon {report['horizon']}, "
          f"model {report['seconds']} s, CLI wall {wall:.1f} s, "
          f"load {os.getloadavg()[0]:.1f}, coverage {report['coverage']}")  # fmt: skip
    for s in report["scores"]:  # type: ignore[attr-defined]
        print(f"  {s['name']:<40} WMAE {s['wmae']:>10.2f}  x SN {s['ratio']:.3f}")
    if previous is not None:
        for s in previous["scores"]:  # type: ignore[attr-defined]
            if s["name"] == previous["product"] or s["name"] == "SeasonalNaive":
                print(
                    f"  previous code: {s['name']:<25} WMAE {s['wmae']:>10.2f}  x SN {s['ratio']:.3f}"
                )


if __name__ == "__main__":
    main()
