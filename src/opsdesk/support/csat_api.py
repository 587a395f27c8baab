"""HTTP for CSAT results: the report and a customer's history for the workspace panel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime

from opsdesk.customers import TimeZone
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.support import csat
from opsdesk.support.csat_report import csat_report as build_report
from opsdesk.support.csat_schemas import CsatGroup, CsatReport, CustomerCsat

router = APIRouter(tags=["csat"])
Agent = Annotated[Principal, Depends(require(Role.AGENT))]


@router.get("/reports/csat", response_model=CsatReport)
def report(
    session: DB,
    _agent: Agent,
    group_by: CsatGroup = CsatGroup.AGENT,
    submitted_from: AwareDatetime | None = None,
    submitted_to: AwareDatetime | None = None,
    timezone: Annotated[TimeZone, Query()] = "UTC",
) -> CsatReport:
    """Average, count and 1–5 distribution of answers; default: the last 28 days."""
    start, end = csat.default_period(submitted_to)
    return build_report(
        session, group_by=group_by, submitted_from=submitted_from or start,
        submitted_to=submitted_to or end, timezone=timezone,
    )  # fmt: skip


@router.get("/customers/{customer_id}/csat", response_model=CustomerCsat)
def customer_csat(customer_id: int, session: DB, _agent: Agent) -> CustomerCsat:
    return csat.csat_for_customer(session, customer_id)
