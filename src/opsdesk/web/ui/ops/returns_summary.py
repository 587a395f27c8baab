"""Return reasons per product over the last 30 or 90 days: a table (the numbers) and a bar
chart of the SKUs with the highest return rate (the picture), drawn by ``charts.js`` from
this page's own JSON, like the reports page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from opsdesk import returns
from opsdesk.kernel.http import DB
from opsdesk.returns import summary
from opsdesk.web.ui.ops.pages import reader
from opsdesk.web.ui.ops.returns_forms import REASON_LABELS
from opsdesk.web.ui.report_charts import Chart, Series
from opsdesk.web.ui.templating import now_of, render

router = APIRouter(include_in_schema=False)
PATH = "/workspace/returns/reasons"
CHARTED = 10
Days = Annotated[str, Query(max_length=8)]


def reasons_chart(rows: list[summary.SkuReasons], days: int) -> Chart:
    """Returned units per reason for the SKUs with the highest return rate."""
    top = rows[:CHARTED]
    present = [r for r in returns.ReturnReason if any(row.by_reason.get(r) for row in top)]
    series = [
        Series(REASON_LABELS[r], [row.by_reason.get(r, 0) for row in top], unit="units")
        for r in present
    ]
    return Chart(
        "return-reasons", f"Returned units by reason, last {days} days", "bar",
        [row.sku for row in top], series, axis="units returned",
    )  # fmt: skip


def _days(value: str) -> int | None:
    return int(value) if value in {str(d) for d in summary.PERIODS_DAYS} else None


@router.get(PATH)
def reasons_page(request: Request, session: DB, days: Days = "30") -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    period = _days(days)
    context: dict[str, Any] = {
        "principal": principal,
        "periods": summary.PERIODS_DAYS,
        "reason_labels": REASON_LABELS,
    }
    if period is None:
        problem = "The period must be 30 or 90 days."
        return render(
            request, "ops/returns/reasons.html", 422, rows=[], days=None, problem=problem, **context
        )
    rows = summary.reasons_by_sku(session, since=summary.window_start(now_of(request), period))
    return render(
        request, "ops/returns/reasons.html", rows=rows, days=period, chart=reasons_chart(rows, period),
        reasons=list(returns.ReturnReason), **context,
    )  # fmt: skip


@router.get(PATH + "/data")
def reasons_data(request: Request, session: DB, days: Days = "30") -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    period = _days(days)
    if period is None:
        return JSONResponse({"error": {"message": "the period must be 30 or 90 days"}}, 422)
    rows = summary.reasons_by_sku(session, since=summary.window_start(now_of(request), period))
    return JSONResponse({"charts": [reasons_chart(rows, period).as_json()]})
