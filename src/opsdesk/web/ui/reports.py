"""Reports for operations: SLA, CSAT and fulfilment errors as charts with their numbers
in tables, for a date range and (where the report knows teams) one team.

The page renders the tables; Chart.js draws the same numbers from ``/reports/data``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import fulfilment, support
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB, Role
from opsdesk.web.ui.access import staff_for_page
from opsdesk.web.ui.admin_forms import FieldProblem, FormRefused, from_service, parse_day
from opsdesk.web.ui.report_charts import (
    Chart,
    agent_chart,
    csat_charts,
    csat_team_chart,
    error_chart,
    load_chart,
    sla_charts,
)
from opsdesk.web.ui.templating import now_of, render

router = APIRouter(include_in_schema=False)
ROLES = (Role.OPERATIONS,)
DEFAULT_DAYS = 28
MAX_DAYS = 366
Dim = support.sla.Dimension


@dataclass(frozen=True)
class Period:
    start: date  # inclusive
    end: date  # inclusive
    team: str | None

    def bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """From the start of ``start`` to the end of ``end`` on the store's clock."""
        zone = ZoneInfo(timezone)
        low = datetime.combine(self.start, time.min, tzinfo=zone)
        return low, datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)


def _period(request: Request, teams: list[str]) -> Period:
    """The filters from the query string, or FormRefused naming the wrong ones."""
    query = request.query_params
    today = now_of(request).astimezone(UTC).date()
    end = parse_day("to", query.get("to"), today)
    start = parse_day("from", query.get("from"), end - timedelta(days=DEFAULT_DAYS - 1))
    team = query.get("team") or None
    problems = []
    if end < start:
        problems.append(FieldProblem("to", "must not be before the start"))
    elif (end - start).days >= MAX_DAYS:
        problems.append(FieldProblem("from", f"at most {MAX_DAYS} days at a time"))
    if team is not None and team not in teams:
        problems.append(FieldProblem("team", "no such team"))
    if problems:
        raise FormRefused(problems)
    return Period(start, end, team)


def _teams(session: Session) -> list[str]:
    return list(session.scalars(sa.select(support.Team.name).order_by(support.Team.name)))


def build_charts(session: Session, period: Period, timezone: str) -> list[Chart]:
    """Every chart of the page for ``period`` (weeks are ISO weeks in ``timezone``)."""
    low, high = period.bounds(timezone)
    team_dims = [Dim.TEAM] if period.team else []
    by_week, by_priority, by_agent = support.sla_reports(
        session, created_from=low, created_to=high, timezone=timezone,
        groupings=[[*team_dims, dim] for dim in (Dim.WEEK, Dim.PRIORITY, Dim.AGENT)],
    )  # fmt: skip

    def csat(group: support.CsatGroup) -> support.CsatReport:
        return support.csat_report(session, group_by=group, submitted_from=low,
                                   submitted_to=high, timezone=timezone)  # fmt: skip

    def errors(group: fulfilment.GroupBy) -> fulfilment.ErrorRateReport:
        return fulfilment.fulfilment_error_rates(
            session, group_by=group, start=period.start, end=period.end
        )

    if period.team:
        by_agent.rows = [r for r in by_agent.rows if r.group.get("team") == period.team]
    load = support.ticket_load(session, created_from=low, created_to=high, timezone=timezone,
                               team=period.team)  # fmt: skip
    charts = [load_chart(load), *sla_charts(by_week, by_priority, period.team)]
    charts.append(agent_chart(by_agent))
    charts += csat_charts(csat(support.CsatGroup.WEEK))
    charts.append(csat_team_chart(csat(support.CsatGroup.TEAM)))
    charts.append(error_chart(errors(fulfilment.GroupBy.WAREHOUSE), "Fulfilment errors per warehouse"))  # fmt: skip
    charts.append(error_chart(errors(fulfilment.GroupBy.PACKER), "Fulfilment errors per packer"))
    return charts


def _timezone(request: Request) -> str:
    return str(request.app.state.settings.default_timezone)


def _filters(request: Request, period: Period | None, teams: list[str]) -> dict[str, Any]:
    query = request.query_params
    if period is None:
        return {"start": query.get("from", ""), "end": query.get("to", ""),
                "team": query.get("team", ""), "teams": teams}  # fmt: skip
    return {"start": period.start.isoformat(), "end": period.end.isoformat(),
            "team": period.team or "", "teams": teams}  # fmt: skip


@router.get("/workspace/reports")
def reports_page(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *ROLES)
    if isinstance(principal, Response):
        return principal
    teams = _teams(session)
    try:
        period = _period(request, teams)
        charts = build_charts(session, period, _timezone(request))
    except FormRefused as refused:
        return render(request, "admin/reports.html", 422, principal=principal, charts=[],
                      filters=_filters(request, None, teams), problems=refused.problems)  # fmt: skip
    except OpsDeskError as error:
        return render(request, "admin/reports.html", 422, principal=principal, charts=[],
                      filters=_filters(request, None, teams), problems=from_service(error))  # fmt: skip
    return render(
        request, "admin/reports.html", principal=principal, charts=charts, problems=[],
        filters=_filters(request, period, teams), query=request.url.query,
        timezone=_timezone(request),
    )  # fmt: skip


@router.get("/workspace/reports/data")
def reports_data(request: Request, session: DB) -> Response:
    """The charts as JSON for Chart.js, for the same filters as the page."""
    principal = staff_for_page(session, request, *ROLES)
    if isinstance(principal, Response):
        return principal
    try:
        period = _period(request, _teams(session))
        charts = build_charts(session, period, _timezone(request))
    except FormRefused as refused:
        errors = [{"field": p.field, "reason": p.reason} for p in refused.problems]
        return JSONResponse({"error": {"code": "invalid_input", "details": {"errors": errors}}},
                            status_code=422)  # fmt: skip
    except OpsDeskError as error:
        return JSONResponse({"error": error.to_dict()}, status_code=error.status_code)
    return JSONResponse({"charts": [chart.as_json() for chart in charts]})
