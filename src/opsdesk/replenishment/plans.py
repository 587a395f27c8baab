"""Stored plans: the plan is computed once (nightly after the forecast, or on demand)
and kept as a run with one row per SKU × warehouse, so the screen and the API read a
page of rows instead of recomputing every position per request. Readers (``plan_reads``) see
only the latest finished run; a run being written or one that failed is never read."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel.db import utcnow
from opsdesk.replenishment import plan_reads
from opsdesk.replenishment.models import PlanRow, PlanRun, PlanStatus
from opsdesk.replenishment.plan import Suggestion
from opsdesk.replenishment.service import build_plan

KEEP_RUNS = 3  # finished runs kept; older ones are deleted when a new one finishes
NO_SUPPLIER = "No supplier named"


def store_plan(
    session: Session, *, today: date, requested_by: str = "nightly", now: datetime | None = None
) -> PlanRun:
    """Compute today's plan and store it as a finished run (in the caller's transaction)."""
    started = time.perf_counter()
    run = PlanRun(status=PlanStatus.RUNNING, plan_date=today, requested_by=requested_by,
                  started_at=now or utcnow())  # fmt: skip
    session.add(run)
    session.flush()
    built = build_plan(session, today=today)
    ordered = sorted(built.suggestions, key=lambda s: s.item.supplier or NO_SUPPLIER)
    for chunk in _chunks([_row(run.id, s) for s in ordered], 5_000):
        session.execute(sa.insert(PlanRow), chunk)
    run.transfers = [dataclasses.asdict(t) for t in built.transfers]
    run.forecast_run_id, run.rows = built.forecast_run, len(ordered)
    run.to_order = sum(1 for s in ordered if s.quantity > 0)
    run.status, run.finished_at = PlanStatus.DONE, now or utcnow()
    run.wall_seconds = round(time.perf_counter() - started, 3)
    session.flush()
    _prune(session, keep=KEEP_RUNS)
    return run


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _row(run_id: int, s: Suggestion) -> dict[str, Any]:
    i = s.item
    return {
        "run_id": run_id, "variant_id": i.variant_id, "warehouse_id": i.warehouse_id,
        "sku": i.sku, "title": i.title[:300], "warehouse_code": i.warehouse_code,
        "supplier": i.supplier[:200], "supplier_id": i.supplier_id, "klass": s.klass,
        "service_level": s.service_level, "daily_demand": s.demand.daily_mean,
        "demand_source": s.demand.source, "position": i.position,
        "safety_stock": s.targets.safety_stock, "reorder_point": s.targets.reorder_point,
        "order_up_to": s.targets.order_up_to, "cover_days": s.cover_days,
        "lead_time_days": i.lead.days, "lead_time_sd": i.lead.sd, "moq": i.terms.moq,
        "pack_size": i.terms.pack_size, "quantity": s.quantity, "needs_order": s.quantity > 0,
        "reason": s.reason,
    }  # fmt: skip


def _prune(session: Session, *, keep: int) -> None:
    kept = list(session.scalars(
        sa.select(PlanRun.id).where(PlanRun.status == PlanStatus.DONE)
        .order_by(PlanRun.id.desc()).limit(keep)
    ))  # fmt: skip
    if len(kept) < keep:
        return
    old = sa.select(PlanRun.id).where(PlanRun.id < min(kept))
    session.execute(sa.delete(PlanRow).where(PlanRow.run_id.in_(old)))
    session.execute(sa.delete(PlanRun).where(PlanRun.id < min(kept)))


def ensure_plan(session: Session, *, today: date, now: datetime | None = None) -> PlanRun:
    """The latest finished plan; a store that has none yet (a new install, before the
    first night) gets one computed now, once."""
    return plan_reads.latest_run(session) or store_plan(
        session, today=today, requested_by="first read", now=now
    )
