"""Reports as charts: the SLA, CSAT and fulfilment reports turned into labelled series.

Pure: report objects in, plain values out. The same :class:`Chart` feeds Chart.js (as
JSON) and the accessible table under each chart, so the two always show one truth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from opsdesk import fulfilment, support
from opsdesk.support.schemas import SlaReport, SlaReportRow

PRIORITY_ORDER = ("urgent", "high", "medium", "low")
SCORES = ("1", "2", "3", "4", "5")
Value = float | int | None
Row = TypeVar("Row")


@dataclass(frozen=True)
class Series:
    label: str
    values: list[Value]
    unit: str = ""
    plot: bool = True  # False: shown in the table only (counts behind a rate)
    kind: str = ""  # "" = the chart's kind; "line" on a bar chart draws a line over it


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    kind: str  # line | bar | stacked
    labels: list[str]
    series: list[Series]
    axis: str = ""  # what the value axis measures
    note: str = ""

    @property
    def empty(self) -> bool:
        return not self.labels

    def rows(self) -> list[tuple[str, list[Value]]]:
        """Table rows: one per label, one cell per series."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(100 * rate, 1)


def _hours(seconds: int | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def _in_team(row: SlaReportRow, team: str | None) -> bool:
    return team is None or row.group.get("team") == team


def _ordered(keys: Iterable[str], order: Sequence[str] = ()) -> list[str]:
    known = [k for k in order if k in set(keys)]
    return known + sorted(set(keys) - set(order))


def _by(rows: Iterable[Row], key: Callable[[Row], str]) -> dict[str, Row]:
    return {key(r): r for r in rows}


def _breach_series(rows: list[SlaReportRow]) -> list[Series]:
    return [
        Series("First response breached", [_percent(r.first_response.rate) for r in rows], "%"),
        Series("Resolution breached", [_percent(r.resolution.rate) for r in rows], "%"),
        Series("First responses settled", [r.first_response.settled for r in rows], plot=False),
        Series("Resolutions settled", [r.resolution.settled for r in rows], plot=False),
    ]


def sla_charts(by_week: SlaReport, by_priority: SlaReport, team: str | None) -> list[Chart]:
    """Breach rate per week (line) and per priority (bar), median times per week (line)."""
    weeks = _by((r for r in by_week.rows if _in_team(r, team)), lambda r: r.group["week"])
    week_rows = [weeks[w] for w in sorted(weeks)]
    prios = _by((r for r in by_priority.rows if _in_team(r, team)), lambda r: r.group["priority"])
    prio_rows = [prios[p] for p in _ordered(prios, PRIORITY_ORDER)]
    medians = [
        Series("Median first response (business hours)",
               [_hours(r.median_first_response_seconds) for r in week_rows], "h"),
        Series("Median wait for a first response (calendar hours)",
               [_hours(r.median_first_response_wait_seconds) for r in week_rows], "h"),
        Series("Median resolution (business hours)",
               [_hours(r.median_resolution_seconds) for r in week_rows], "h"),
        Series("Tickets created", [r.tickets for r in week_rows], plot=False),
        Series("Answered (behind the medians)", [r.answered for r in week_rows], plot=False),
    ]  # fmt: skip
    return [
        Chart("sla-breach-week", "SLA breach rate per week", "line", sorted(weeks),
              _breach_series(week_rows), axis="% of settled targets breached"),
        Chart("sla-breach-priority", "SLA breach rate per priority", "bar",
              [r.group["priority"] for r in prio_rows], _breach_series(prio_rows),
              axis="% of settled targets breached"),
        Chart("sla-median-week", "Median time to first response and resolution", "line",
              sorted(weeks), medians, axis="hours",
              note="Business hours leave out nights and weekends: a ticket answered before "
                   "the team's day starts counts 0. The calendar wait is what the customer "
                   "felt. Medians count answered tickets only; breaches count unanswered ones "
                   "too."),
    ]  # fmt: skip


def load_chart(weeks: Sequence[support.WeekLoad]) -> Chart:
    """Tickets created and solved per week (bars) and the backlog left at its end (line)."""
    return Chart(
        "tickets-week", "Tickets per week", "bar", [w.week for w in weeks],
        [Series("Created", [w.created for w in weeks]),
         Series("Solved", [w.solved for w in weeks]),
         Series("Open at the end of the week", [w.open_at_end for w in weeks], kind="line")],
        axis="tickets",
    )  # fmt: skip


def agent_chart(by_agent: SlaReport) -> Chart:
    """Per agent (current assignee) over the period's tickets: workload in bars, response
    figures in the table."""
    rows = sorted(by_agent.rows, key=lambda r: (r.group["agent"] == "unassigned", r.group["agent"]))
    return Chart(
        "agents", "Tickets per agent", "bar", [r.group["agent"] for r in rows],
        [Series("Tickets", [r.tickets for r in rows]),
         Series("Answered", [r.answered for r in rows]),
         Series("First response breached", [_percent(r.first_response.rate) for r in rows], "%",
                plot=False),
         Series("Median first response (business hours)",
                [_hours(r.median_first_response_seconds) for r in rows], "h", plot=False),
         Series("Median wait for a first response (calendar hours)",
                [_hours(r.median_first_response_wait_seconds) for r in rows], "h", plot=False),
         Series("Median resolution (business hours)",
                [_hours(r.median_resolution_seconds) for r in rows], "h", plot=False)],
        axis="tickets created in the period",
    )  # fmt: skip


def csat_charts(by_week: support.CsatReport) -> list[Chart]:
    """The average score per week, and how the answers spread over the scores 1–5."""
    rows = sorted((r for r in by_week.rows if r.key), key=lambda r: r.key or "")
    labels = [r.label or (r.key or "") for r in rows]
    average = [
        Series("Average score", [None if r.average is None else round(r.average, 2)
                                 for r in rows], "/ 5"),
        Series("Answers", [r.count for r in rows], plot=False),
    ]  # fmt: skip
    spread = [
        Series(f"Score {score}", [r.distribution.get(score, 0) for r in rows]) for score in SCORES
    ]
    return [
        Chart("csat-average-week", "CSAT average per week", "line", labels, average,
              axis="score (1–5)"),
        Chart("csat-distribution-week", "CSAT answers per score and week", "stacked", labels,
              spread, axis="answers"),
    ]  # fmt: skip


def csat_team_chart(by_team: support.CsatReport) -> Chart:
    rows = sorted(by_team.rows, key=lambda r: r.label or "")
    return Chart(
        "csat-average-team", "CSAT average per team", "bar",
        [r.label or "no team" for r in rows],
        [Series("Average score", [None if r.average is None else round(r.average, 2)
                                  for r in rows], "/ 5"),
         Series("Answers", [r.count for r in rows], plot=False)],
        axis="score (1–5)",
    )  # fmt: skip


def error_chart(report: fulfilment.ErrorRateReport, title: str) -> Chart:
    """Errors per 100 fulfilments packed, per warehouse or packer, over the whole period."""
    totals = sorted(report.totals, key=lambda r: r.group)
    return Chart(
        f"errors-{report.group_by.value}", title, "bar", [t.group for t in totals],
        [Series("Errors per 100 fulfilments", [t.per_100 for t in totals]),
         Series("Fulfilments", [t.fulfilments for t in totals], plot=False),
         Series("Errors", [t.errors for t in totals], plot=False)],
        axis="errors per 100 fulfilments",
    )  # fmt: skip
