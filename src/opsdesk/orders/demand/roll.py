"""Keeping the rollup right: closed days are rolled up once, then re-rolled only when
something could have changed them. No write happens at order intake.

A closed day's demand changes when an order is added to it (a new order, or one imported
with an earlier ``placed_at``) or when a line moves to a warehouse (a backorder filled
after the day closed). The roll re-rolls the days of orders above the last id it saw
and of orders whose reservations changed since its last run (less a margin for
transactions still open then). Re-rolling a day replaces its rows whole, so a roll
repeated or overlapping changes nothing; rolls are serialised by a lock on the state row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk.inventory import Reservation
from opsdesk.kernel.db import utc_day
from opsdesk.orders.demand.models import DemandDaily, DemandRollupState
from opsdesk.orders.demand.source import ONE_DAY, line_demand, midnight
from opsdesk.orders.models import Order

STATE_ID = 1
# Reservations written by a transaction that was still open when the last roll looked.
IN_FLIGHT_MARGIN = timedelta(minutes=10)
COLUMNS = ("day", "variant_id", "warehouse_id", "sku", "units", "lines")


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _locked_state(session: Session, now: datetime) -> DemandRollupState:
    """The state row, locked until the caller's commit (a second roll waits here)."""
    if session.get(DemandRollupState, STATE_ID) is None:
        try:
            with session.begin_nested():
                session.add(DemandRollupState(id=STATE_ID, order_watermark=0))
        except IntegrityError:
            pass
    # An UPDATE takes the write lock on SQLite and the row lock on PostgreSQL alike.
    session.execute(
        sa.update(DemandRollupState).where(DemandRollupState.id == STATE_ID).values(rolled_at=now)
    )
    state = session.get(DemandRollupState, STATE_ID, populate_existing=True)
    assert state is not None
    return state


def _runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Sorted days as contiguous [first, last] runs (one statement per run)."""
    runs: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][1] + ONE_DAY == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _reroll(session: Session, first: date | None, last: date) -> None:
    """Replace the rollup rows of days [first, last] (all days up to ``last`` if None)."""
    delete = sa.delete(DemandDaily).where(DemandDaily.day <= last)
    if first is not None:
        delete = delete.where(DemandDaily.day >= first)
    session.execute(delete)
    lo = midnight(first) if first is not None else None
    source = line_demand(session, lo, midnight(last) + ONE_DAY)
    session.execute(sa.insert(DemandDaily).from_select(list(COLUMNS), source))


def _touched_days(session: Session, state: DemandRollupState, top_order: int) -> set[date]:
    day = utc_day(session, Order.placed_at)
    added = sa.select(day).where(Order.id > state.order_watermark, Order.id <= top_order)
    found = {_as_date(d) for d in session.scalars(added.distinct())}
    if state.checked_at is not None:
        moved = (
            sa.select(day)
            .join(Reservation, Reservation.order_id == Order.id)
            .where(Reservation.updated_at >= state.checked_at - IN_FLIGHT_MARGIN)
        )
        found |= {_as_date(d) for d in session.scalars(moved.distinct())}
    return found


@dataclass(frozen=True)
class Rolled:
    full: bool  # the whole history, in one statement
    days: int  # days re-rolled (0 on a full roll)
    through: date


def roll_up_demand(session: Session, now: datetime) -> Rolled:
    """Bring the rollup up to the day before ``now`` (UTC). The first roll (or one after
    ``reset_demand_rollup``) rolls the whole history in one statement."""
    state = _locked_state(session, now)
    yesterday = now.date() - ONE_DAY
    top_order = session.scalar(sa.select(sa.func.coalesce(sa.func.max(Order.id), 0))) or 0
    if state.rolled_through is None:
        _reroll(session, None, yesterday)
        if session.get_bind().dialect.name == "postgresql":
            # A whole history at once: give the planner its real size (autovacuum would,
            # minutes later; until then every read guessed a few hundred rows).
            session.execute(sa.text(f"ANALYZE {DemandDaily.__tablename__}"))
        rolled = Rolled(full=True, days=0, through=yesterday)
    else:
        days = _touched_days(session, state, top_order)
        after = state.rolled_through + ONE_DAY
        days |= {after + timedelta(days=i) for i in range((yesterday - after).days + 1)}
        closed = [d for d in days if d <= yesterday]
        for first, last in _runs(closed):
            _reroll(session, first, last)
        rolled = Rolled(full=False, days=len(closed), through=yesterday)
    state.rolled_through = max(yesterday, state.rolled_through or yesterday)
    state.order_watermark, state.checked_at = int(top_order), now
    session.flush()
    return rolled


def reset_demand_rollup(session: Session) -> None:
    """Forget the rollup: readers read order lines until the next roll rebuilds it."""
    session.execute(sa.delete(DemandDaily))
    session.execute(
        sa.update(DemandRollupState)
        .where(DemandRollupState.id == STATE_ID)
        .values(rolled_through=None, order_watermark=0, checked_at=None)
    )
