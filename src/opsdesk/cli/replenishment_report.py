"""Reading the demand for ``opsdesk eval replenishment`` and showing its report."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from opsdesk.replenishment.experiment import Panel, Report, Span
    from opsdesk.replenishment.simulation import Outcome

SHARED_DEMAND = Path("/work/shared/data/demand/store_item_demand.zip")


def read_demand(
    path: Path, id_columns: list[str], date_column: str, target: str, limit: int | None
) -> Panel:
    """A daily CSV (or a zip holding ``train.csv``) as a panel; ValueError names what is
    wrong with it."""
    from opsdesk.replenishment.experiment import panel_from_frame

    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith(".csv")]
            name = "train.csv" if "train.csv" in names else names[0]
            frame = pd.read_csv(archive.open(name))
    else:
        frame = pd.read_csv(path)
    missing = [c for c in [*id_columns, date_column, target] if c not in frame.columns]
    if missing:
        raise ValueError(f"{path.name} has no column {missing[0]!r}")
    frame["date"] = pd.to_datetime(frame[date_column], errors="raise")
    frame[target] = pd.to_numeric(frame[target], errors="raise")
    if limit is not None:
        keys = frame[id_columns].drop_duplicates().head(limit)
        frame = frame.merge(keys, on=id_columns)
    return panel_from_frame(frame, id_columns, target)


def read_database_demand(session: Any) -> Panel:
    """The store's own daily demand per SKU: units of every order line placed."""
    import sqlalchemy as sa

    from opsdesk import inventory
    from opsdesk.replenishment.experiment import panel_from_frame

    res = inventory.Reservation
    rows = session.execute(sa.select(res.variant_id, res.created_at, res.quantity)).all()
    if not rows:
        raise ValueError("the database holds no orders to replay")
    frame = pd.DataFrame(rows, columns=["variant", "created", "units"])
    frame["date"] = pd.to_datetime(frame["created"], utc=True).dt.tz_localize(None).dt.normalize()
    return panel_from_frame(frame, ["variant"], "units")


def spans(
    panel: Panel, from_database: bool, days: int, tune_year: int, test_year: int
) -> tuple[Span, Span]:
    """What to tune on and score on: two calendar years of a file, or the last two
    stretches of ``days`` of the store's own (usually one-year) history."""
    from opsdesk.replenishment import experiment

    if from_database:
        return experiment.halves(panel, days)
    return experiment.year_span(tune_year), experiment.year_span(test_year)


def outcome_dict(o: Outcome) -> dict[str, float | int]:
    return {
        "fill_rate": round(o.fill_rate, 5),
        "stockout_days": o.stockout_days,
        "stockout_share": round(o.stockout_share, 5),
        "average_on_hand": round(o.average_on_hand, 3),
        "orders": o.orders,
    }


def _span(span: Span) -> str:
    return f"{span[0].isoformat()}_to_{(span[1] - timedelta(days=1)).isoformat()}"


def report_dict(report: Report, tune: Span, test: Span) -> dict[str, Any]:
    def year(scores: dict[str, Outcome]) -> dict[str, Any]:
        ratio = scores["forecast"].average_on_hand / max(scores["min_max"].average_on_hand, 1e-9)
        return {name: outcome_dict(o) for name, o in scores.items()} | {
            "stock_ratio": round(ratio, 4)
        }

    return {
        "series": report.series,
        "lead_time": {"mean": report.lead.mean, "sd": report.lead.sd},
        "chosen": {"service_level": report.choice.service_level,
                   "review_days": report.choice.review_days},
        f"tuned_on_{_span(tune)}": year(report.tuning),
        f"scored_on_{_span(test)}": year(report.scored),
        "grid": [{"service_level": c.service_level, "review_days": c.review_days,
                  **outcome_dict(o)} for c, o in report.grid],
        "wall_seconds": round(report.wall_seconds, 1),
    }  # fmt: skip


def print_report(data: dict[str, Any], echo: Callable[[Any], None]) -> None:
    from rich.table import Table

    chosen = data["chosen"]
    echo(
        f"{data['series']} series; lead time {data['lead_time']['mean']:g} ± "
        f"{data['lead_time']['sd']:g} days; chosen: service level "
        f"{chosen['service_level']:.1%}, review every {chosen['review_days']} day(s); "
        f"{data['wall_seconds']:.0f} s"
    )
    for key in [k for k in data if k.startswith(("tuned_on", "scored_on"))]:
        table = Table(title=key.replace("_", " "))
        for column in ("policy", "fill rate", "stockout days", "avg on hand", "orders"):
            table.add_column(column, justify="left" if column == "policy" else "right")
        for name in ("min_max", "forecast"):
            o = data[key][name]
            table.add_row(name, f"{o['fill_rate']:.2%}", f"{o['stockout_share']:.2%}",
                          f"{o['average_on_hand']:.1f}", str(o["orders"]))  # fmt: skip
        echo(table)
        echo(f"stock of the forecast policy / min-max: {data[key]['stock_ratio']:.1%}")
