"""Tables of ``opsdesk eval delay-risk``: forward splits and the notice trade-off curve."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

    from opsdesk.proactive import EvaluationReport
    from opsdesk.proactive.risk.forward import ForwardReport


def parse_cuts(text: str) -> list[datetime]:
    """``2017-06-01,2017-08-01`` → the days (ValueError on anything else)."""
    days = [part.strip() for part in text.split(",") if part.strip()]
    if not days:
        raise ValueError("give dates like 2017-06-01,2017-08-01")
    try:
        return [datetime.strptime(day, "%Y-%m-%d") for day in days]
    except ValueError as exc:
        raise ValueError(f"not a date list like 2017-06-01,2017-08-01: {text!r}") from exc


def print_forward(report: ForwardReport) -> None:
    from rich.console import Console
    from rich.table import Table

    from opsdesk.proactive.risk.forward import SCORES

    table = Table(title="Delay risk at carrier hand-over, forward splits (fit before, score after)")
    for column in ("cut", "train", "test (late)", *SCORES):
        table.add_column(column, justify="left" if column == "cut" else "right")
    for s in report.splits:
        aucs = [f"{s.auc[name]:.3f}" for name in SCORES]
        table.add_row(s.cut, str(s.train_rows), f"{s.test_rows} ({s.test_late})", *aucs)
    means = [f"{report.mean_auc(name):.3f}" for name in SCORES]
    table.add_row("mean", "", "", *means)
    Console().print(table)


def notice_curve_table(report: EvaluationReport) -> Table:
    """Each notice rule on the same replayed scans, the no-model rule last."""
    from rich.table import Table

    table = Table(title="Notice rules on the same replayed scans (trade-off curve)")
    for column in ("notice when", "≥ 1 day ahead", "median lead", "on time told", "beats no-model"):
        table.add_column(column, justify="left" if column == "notice when" else "right")
    baseline = report.in_flight[-1]
    for a in (*report.notice_curve, baseline):
        lead = "—" if a.median_lead_days is None else f"{a.median_lead_days:.1f} d"
        beats = "—" if a is baseline else ("yes" if a.beats(baseline) else "no")
        table.add_row(a.name, str(a.warned_late_day_ahead), lead, str(a.warned_on_time), beats)
    return table
