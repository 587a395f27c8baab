"""Reading stored plans: only the latest finished run, a page at a time (keyset on the
row id, which follows display order), filtered by supplier, warehouse, class and
"needs order now"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.replenishment.models import PlanRow, PlanRun, PlanStatus
from opsdesk.replenishment.transfers import TransferSuggestion

PAGE_SIZE = 200
ABC, XYZ = ("A", "B", "C"), ("X", "Y", "Z")


@dataclass(frozen=True)
class PlanFilters:
    supplier_id: int | None = None
    no_supplier: bool = False  # only lines whose supplier has no supplier record
    warehouse_id: int | None = None
    klass: str = ""  # one letter: A, B or C (value) or X, Y or Z (variability)
    needs_order: bool = True  # only lines with something to order now


@dataclass(frozen=True)
class PlanPage:
    run: PlanRun | None
    rows: list[PlanRow]
    next_after: int | None  # the keyset of the next page; None on the last

    @property
    def transfers(self) -> list[TransferSuggestion]:
        return [TransferSuggestion(**t) for t in (self.run.transfers if self.run else [])]


def latest_run(session: Session) -> PlanRun | None:
    return session.scalar(
        sa.select(PlanRun).where(PlanRun.status == PlanStatus.DONE)
        .order_by(PlanRun.id.desc()).limit(1)
    )  # fmt: skip


def read_page(
    session: Session, filters: PlanFilters, *, after: int | None = None, limit: int = PAGE_SIZE
) -> PlanPage:
    """One page of the latest finished plan, in display order (supplier, SKU, warehouse)."""
    run = latest_run(session)
    if run is None:
        return PlanPage(None, [], None)
    query = sa.select(PlanRow).where(PlanRow.run_id == run.id)
    if filters.needs_order:
        query = query.where(PlanRow.needs_order.is_(True))
    if filters.no_supplier:
        query = query.where(PlanRow.supplier_id.is_(None))
    elif filters.supplier_id is not None:
        query = query.where(PlanRow.supplier_id == filters.supplier_id)
    if filters.warehouse_id is not None:
        query = query.where(PlanRow.warehouse_id == filters.warehouse_id)
    if filters.klass in ABC:
        query = query.where(PlanRow.klass.startswith(filters.klass))
    elif filters.klass in XYZ:
        query = query.where(PlanRow.klass.endswith(filters.klass))
    if after is not None:
        query = query.where(PlanRow.id > after)
    rows = list(session.scalars(query.order_by(PlanRow.id).limit(limit + 1)))
    more = len(rows) > limit
    return PlanPage(run, rows[:limit], rows[limit - 1].id if more else None)


def stored_rows(
    session: Session, keys: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], PlanRow]:
    """The latest finished plan's rows for these SKU × warehouse keys."""
    run = latest_run(session)
    wanted = set(keys)
    if run is None or not wanted:
        return {}
    variants = {v for v, _w in wanted}
    rows = session.scalars(
        sa.select(PlanRow).where(PlanRow.run_id == run.id, PlanRow.variant_id.in_(variants))
    )
    return {(r.variant_id, r.warehouse_id): r for r in rows
            if (r.variant_id, r.warehouse_id) in wanted}  # fmt: skip
