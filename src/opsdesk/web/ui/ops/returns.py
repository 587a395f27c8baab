"""The returns queue and the receiving desk: every return by state, filtered and searched,
newest first one keyset page at a time; and a scan page whose one focused input opens the
return a parcel's label names (keyboard-wedge scanners type the code and press Enter).

The detail page (inspection, restock or write-off, refund) is in ``returns_detail``; the
reasons per product in ``returns_summary``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import inventory, returns
from opsdesk.kernel.http import DB
from opsdesk.returns import queries
from opsdesk.web.ui.ops import returns_detail, returns_summary
from opsdesk.web.ui.ops.listing import SortKey, link, page_of
from opsdesk.web.ui.ops.pages import can_write, reader
from opsdesk.web.ui.ops.returns_forms import REASON_LABELS
from opsdesk.web.ui.templating import now_of, render

router = APIRouter(include_in_schema=False)
PATH = "/workspace/returns"
# The states someone has to act on, in the order the work flows; counted for the tabs.
WORK_STATES = (
    returns.ReturnStatus.REQUESTED,
    returns.ReturnStatus.APPROVED,
    returns.ReturnStatus.RECEIVED,
    returns.ReturnStatus.INSPECTED,
)
PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}
Text = Annotated[str, Query(max_length=254)]


@dataclass(frozen=True)
class QueueFilters:
    """The queue's query string, checked: an unknown value is named back, not a 500."""

    state: str = ""
    reason: str = ""
    warehouse: str = ""
    days: str = ""
    sku: str = ""
    q: str = ""

    def params(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v}

    def problems(self) -> list[str]:
        found = []
        if self.state and self.state not in {s.value for s in returns.ReturnStatus}:
            found.append(f"there is no return state “{self.state}”")
        if self.reason and self.reason not in {r.value for r in returns.ReturnReason}:
            found.append(f"there is no return reason “{self.reason}”")
        if self.warehouse and not self.warehouse.isdigit():
            found.append("the warehouse must be chosen from the list")
        if self.days and self.days not in PERIODS:
            found.append("the period must be one of 7, 30, 90 or 365 days")
        return found

    def to_filter(self, now: datetime) -> queries.ReturnFilter:
        return queries.ReturnFilter(
            status=returns.ReturnStatus(self.state) if self.state else None,
            reason=returns.ReturnReason(self.reason) if self.reason else None,
            since=now - timedelta(days=PERIODS[self.days]) if self.days else None,
            sku=self.sku.strip() or None,
            warehouse_id=int(self.warehouse) if self.warehouse else None,
            search=self.q.strip() or None,
        )


def state_counts(session: Session) -> dict[str, int]:
    """How many returns wait in each work state: index-only counts over the open states,
    which stay small however many returns were ever closed."""
    rma = returns.ReturnRequest
    rows = session.execute(
        sa.select(rma.status, sa.func.count())
        .where(rma.status.in_(WORK_STATES))
        .group_by(rma.status)
    )
    return {status.value: int(n) for status, n in rows}


@router.get(PATH)
def queue(
    request: Request,
    session: DB,
    state: Text = "",
    reason: Text = "",
    warehouse: Text = "",
    days: Text = "",
    sku: Text = "",
    q: Text = "",
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    filters = QueueFilters(state, reason, warehouse, days, sku, q)
    problems = filters.problems()
    context: dict[str, Any] = {
        "principal": principal, "filters": filters, "params": filters.params(), "path": PATH,
        "counts": state_counts(session), "work_states": WORK_STATES, "periods": PERIODS,
        "warehouses": inventory.list_warehouses(session), "problems": problems,
        "writer": can_write(principal), "S": returns.ReturnStatus,
        "reason_labels": REASON_LABELS,
    }  # fmt: skip
    if problems:
        return render(request, "ops/returns/queue.html", 422, page=None, **context)
    rma = returns.ReturnRequest
    stmt = queries.filtered(session, filters.to_filter(now_of(request)))
    keys = [SortKey(rma.created_at, descending=True), SortKey(rma.id, descending=True)]
    page = page_of(session, stmt, keys, cursor)
    return render(
        request, "ops/returns/queue.html", page=page,
        orders=queries.order_views(session, [r.order_id for r in page.rows]),
        lines=queries.line_views(session, page.rows), **context,
    )  # fmt: skip


@router.get(PATH + "/receive")
def receive_desk(
    request: Request, session: DB, code: Annotated[str, Query(max_length=254)] = ""
) -> Response:
    """Scan a return label (or type an RMA or order number) and the return opens."""
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    code = code.strip()
    if not code:
        return render(request, "ops/returns/receive.html", principal=principal, code="")
    found = _returns_for_code(session, code)
    if len(found) == 1:
        return RedirectResponse(f"{PATH}/{found[0]}?scan=1", status_code=303)
    if not found:
        problem = f"No return matches “{code}”. Scan the return label or type the RMA number."
        return render(
            request, "ops/returns/receive.html", 404, principal=principal, code=code,
            problem=problem,
        )  # fmt: skip
    return RedirectResponse(link(PATH, {"q": code}), status_code=303)


def _returns_for_code(session: Session, code: str) -> list[int]:
    """The ids of returns a scanned code names (an RMA names one, an order may have several)."""
    condition = queries.search_condition(session, code)
    rma = returns.ReturnRequest
    query = sa.select(rma.id).where(condition).order_by(rma.id.desc()).limit(20)
    return list(session.scalars(query))


# After /receive and /reasons: /{return_id} would take those words for an id.
router.include_router(returns_summary.router)
router.include_router(returns_detail.router)
