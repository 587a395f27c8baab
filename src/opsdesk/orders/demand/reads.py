"""Demand reads: closed days from the rollup, the days after it live from order lines.

Both halves come from the same definition (``source.line_demand``), so a read gives the
numbers the order lines give, whether or not the rollup has been built yet (without it,
everything is read live: correct, only slower).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.orders.demand.models import NO_WAREHOUSE, DemandDaily, DemandRollupState
from opsdesk.orders.demand.roll import STATE_ID, _as_date
from opsdesk.orders.demand.source import ONE_DAY, Variants, _of, line_demand, midnight


@dataclass(frozen=True)
class DemandDay:
    day: date
    variant_id: int
    warehouse_id: int | None  # None: no warehouse has taken the line yet
    sku: str
    units: int


def rolled_through(session: Session) -> date | None:
    """The last day the rollup holds (None: not built)."""
    found = session.scalar(
        sa.select(DemandRollupState.rolled_through).where(DemandRollupState.id == STATE_ID)
    )
    return _as_date(found) if found is not None else None


def _rows(result: Any) -> list[DemandDay]:
    return [
        DemandDay(_as_date(d), int(v), None if w == NO_WAREHOUSE else int(w), str(s), int(u))
        for d, v, w, s, u in result
    ]


def _split(session: Session, start: date, end: date | None) -> tuple[date | None, date | None]:
    """The last day read from the rollup (None: none) and the first read live (None: none)."""
    through = rolled_through(session)
    last = None
    if through is not None and start <= through:
        last = through if end is None else min(end, through)
    live_from = start if through is None else max(start, through + ONE_DAY)
    return last, (live_from if end is None or live_from <= end else None)


def demand_days(
    session: Session, start: date, end: date | None = None, *, variants: Variants = None
) -> list[DemandDay]:
    """Ordered units per day × variant × warehouse × SKU for orders placed on days
    [start, end] (to the latest order when ``end`` is None)."""
    last, live_from = _split(session, start, end)
    found: list[DemandDay] = []
    if last is not None:
        t = DemandDaily
        stmt = sa.select(t.day, t.variant_id, t.warehouse_id, t.sku, t.units).where(
            t.day >= start, t.day <= last, *_of(t.variant_id, variants)
        )
        found += _rows(session.execute(stmt))
    if live_from is not None:
        hi = None if end is None else midnight(end) + ONE_DAY
        live = line_demand(session, midnight(live_from), hi, variants).subquery()
        stmt = sa.select(
            live.c.day, live.c.variant_id, live.c.warehouse_id, live.c.sku, live.c.units
        )
        found += _rows(session.execute(stmt))
    return found


def units_per_day(
    session: Session, start: date, end: date, *, unassigned_to: int, variants: Variants = None
) -> list[tuple[int, int, date, int]]:
    """(variant_id, warehouse_id, day, units) for orders placed on days [start, end], SKUs
    merged and lines without a warehouse counted in ``unassigned_to``, summed in the
    database (the forecasting history: one row per series and day comes back)."""
    last, live_from = _split(session, start, end)
    parts: list[Any] = []
    if last is not None:
        t = DemandDaily
        parts.append(
            sa.select(t.variant_id, t.warehouse_id, t.day, t.units).where(
                t.day >= start, t.day <= last, *_of(t.variant_id, variants)
            )
        )
    if live_from is not None:
        live = line_demand(session, midnight(live_from), midnight(end) + ONE_DAY, variants)
        found = live.subquery()
        parts.append(
            sa.select(found.c.variant_id, found.c.warehouse_id, found.c.day, found.c.units)
        )
    if not parts:
        return []
    both = sa.union_all(*parts).subquery()
    warehouse = sa.case(
        (both.c.warehouse_id == NO_WAREHOUSE, unassigned_to), else_=both.c.warehouse_id
    )
    stmt = sa.select(both.c.variant_id, warehouse, both.c.day, sa.func.sum(both.c.units)).group_by(
        both.c.variant_id, warehouse, both.c.day
    )
    return [(int(v), int(w), _as_date(d), int(u)) for v, w, d, u in session.execute(stmt)]


def units_since(session: Session, since: datetime, *, variants: Variants = None) -> dict[str, int]:
    """Units ordered per SKU by orders placed at or after ``since`` (to the latest).

    A ``since`` at midnight UTC reads its first day from the rollup too; otherwise the
    part of that day after ``since`` is read live."""
    start = since.astimezone(UTC)
    next_day = start.date() if start == midnight(start.date()) else start.date() + ONE_DAY
    last, live_from = _split(session, next_day, None)
    parts = []
    if next_day != start.date():
        parts.append(line_demand(session, since, midnight(next_day), variants, per_warehouse=False))
    if live_from is not None:
        opened = midnight(live_from)
        parts.append(line_demand(session, opened, None, variants, per_warehouse=False))
    totals: dict[str, int] = defaultdict(int)
    for part in parts:
        live = part.subquery()
        stmt = sa.select(live.c.sku, sa.func.sum(live.c.units)).group_by(live.c.sku)
        for sku, units in session.execute(stmt):
            totals[str(sku)] += int(units)
    if last is not None:
        t = DemandDaily
        stmt = (
            sa.select(t.sku, sa.func.sum(t.units))
            .where(t.day >= next_day, t.day <= last, *_of(t.variant_id, variants))
            .group_by(t.sku)
        )
        for sku, units in session.execute(stmt):
            totals[str(sku)] += int(units)
    return dict(totals)
