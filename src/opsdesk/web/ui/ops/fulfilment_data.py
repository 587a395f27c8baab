"""What the fulfilment screen reads: one page of pick lists with their progress (batched
per page, never per row), the warehouses to choose from, and the error-rate report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fulfilment, inventory
from opsdesk.fulfilment.codes import pick_list_code
from opsdesk.web.ui.ops.listing import Page, SortKey, page_of

STATES = ("open", "done", "all")
REPORT_WEEKS = 8


@dataclass(frozen=True)
class PickListRow:
    id: int
    code: str
    warehouse: str
    created_at: datetime
    created_by: str
    completed_at: datetime | None
    orders: int
    units: int
    shipped: int


def pick_list_page(
    session: Session, *, warehouse_id: int | None, state: str, cursor: str | None
) -> Page[PickListRow]:
    """Newest first, filtered by warehouse and open/done (the composite index serves it)."""
    pl = fulfilment.PickList
    stmt = sa.select(pl)
    if warehouse_id is not None:
        stmt = stmt.where(pl.warehouse_id == warehouse_id)
    if state == "open":
        stmt = stmt.where(pl.completed_at.is_(None))
    elif state == "done":
        stmt = stmt.where(pl.completed_at.is_not(None))
    page = page_of(session, stmt, [SortKey(pl.created_at, True), SortKey(pl.id, True)], cursor)
    progress = _progress(session, [p.id for p in page.rows])
    codes = {w.id: w.code for w in inventory.list_warehouses(session)}
    rows = [
        PickListRow(p.id, pick_list_code(p.id), codes.get(p.warehouse_id, str(p.warehouse_id)),
                    p.created_at, p.created_by, p.completed_at, *progress.get(p.id, (0, 0, 0)))
        for p in page.rows
    ]  # fmt: skip
    return Page(rows, page.next_cursor, page.is_first)


def _progress(session: Session, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """Orders, units and shipped parcels per pick list, for one page in two queries."""
    if not ids:
        return {}
    f, line = fulfilment.Fulfilment, fulfilment.FulfilmentLine
    shipped = sa.case((f.status == fulfilment.FulfilmentStatus.SHIPPED, 1), else_=0)
    parcels = session.execute(
        sa.select(f.pick_list_id, sa.func.count(), sa.func.sum(shipped))
        .where(f.pick_list_id.in_(ids))
        .group_by(f.pick_list_id)
    ).all()
    units = dict(
        session.execute(
            sa.select(f.pick_list_id, sa.func.sum(line.quantity))
            .join(line, line.fulfilment_id == f.id)
            .where(f.pick_list_id.in_(ids))
            .group_by(f.pick_list_id)
        ).all()
    )
    return {pid: (n, int(units.get(pid) or 0), int(s or 0)) for pid, n, s in parcels}


@dataclass(frozen=True)
class ReportRow:
    group: str
    fulfilments: int
    errors: int
    per_100: float | None


def error_report(session: Session, group_by: fulfilment.GroupBy, today: date) -> dict[str, Any]:
    """The last eight weeks per packer or warehouse, worst first."""
    start = today - timedelta(weeks=REPORT_WEEKS)
    totals = fulfilment.error_rate_totals(session, group_by=group_by, start=start, end=today)
    rows = [ReportRow(t.group, t.fulfilments, t.errors, t.per_100) for t in totals]
    rows.sort(key=lambda r: (-(r.per_100 if r.per_100 is not None else 1e9), r.group))
    top = max((r.per_100 or 0 for r in rows), default=0)
    return {"rows": rows, "start": start, "end": today, "scale": max(top, 1.0)}
