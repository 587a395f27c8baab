"""Reports turned into chart series: order, rounding, gaps and the team filter."""

from __future__ import annotations

from datetime import UTC, date, datetime

from opsdesk import fulfilment
from opsdesk.fulfilment.policy import ErrorRate
from opsdesk.support.schemas import BreachRateRead, SlaReport, SlaReportRow
from opsdesk.web.ui.report_charts import error_chart, sla_charts

T0, T1 = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 22, tzinfo=UTC)


def _row(group: dict[str, str], breached: int, settled: int, median: int | None) -> SlaReportRow:
    rate = BreachRateRead(settled=settled, breached=breached,
                          rate=breached / settled if settled else None)  # fmt: skip
    return SlaReportRow(group=group, first_response=rate, resolution=rate,
                        median_first_response_seconds=median,
                        median_resolution_seconds=None)  # fmt: skip


def _report(by: list[str], rows: list[SlaReportRow]) -> SlaReport:
    return SlaReport(created_from=T0, created_to=T1, by=by, rows=rows)


def test_sla_charts_sort_weeks_order_priorities_and_keep_gaps() -> None:
    weeks = _report(["week"], [_row({"week": "2026-W47"}, 1, 4, 5400),
                               _row({"week": "2026-W45"}, 0, 0, None)])  # fmt: skip
    prios = _report(["priority"], [_row({"priority": "low"}, 0, 2, None),
                                   _row({"priority": "urgent"}, 1, 3, None)])  # fmt: skip
    breach, by_priority, medians = sla_charts(weeks, prios, None)
    assert breach.labels == ["2026-W45", "2026-W47"]
    assert breach.series[0].values == [None, 25.0]
    assert by_priority.labels == ["urgent", "low"]
    assert medians.series[0].values == [None, 1.5]
    assert breach.rows()[1] == ("2026-W47", [25.0, 25.0, 4, 4])


def test_the_team_filter_keeps_only_that_teams_rows() -> None:
    rows = [_row({"team": "Berlin", "week": "2026-W46"}, 1, 2, None),
            _row({"team": "Lisbon", "week": "2026-W46"}, 0, 9, None)]  # fmt: skip
    breach, *_ = sla_charts(_report(["team", "week"], rows), _report(["team", "priority"], []),
                            "Berlin")  # fmt: skip
    assert breach.series[0].values == [50.0]
    assert breach.series[2].values == [2]


def test_error_rates_chart_plots_the_rate_and_tabulates_the_counts() -> None:
    report = fulfilment.ErrorRateReport(
        fulfilment.GroupBy.PACKER, date(2026, 11, 1), date(2026, 11, 22), weeks=[],
        totals=[ErrorRate("Mia", "all", 4, 1), ErrorRate("Jonas", "all", 0, 0)],
    )  # fmt: skip
    chart = error_chart(report, "Errors per packer")
    assert chart.id == "errors-packer"
    assert chart.labels == ["Jonas", "Mia"]
    assert [s.plot for s in chart.series] == [True, False, False]
    assert chart.series[0].values == [None, 25.0]
