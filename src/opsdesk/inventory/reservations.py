"""Reservations: allocate an order's lines to warehouses, release them, pick them.

``allocate`` never oversells, on SQLite or PostgreSQL, under any concurrency. The plan is
made from stock rows read under ``FOR UPDATE`` in one fixed order (variant id, then
warehouse id; see ``supply.load``), so racing orders queue on those rows instead of
deadlocking, and the numbers cannot change before commit. The units are then taken by
one conditional UPDATE that the database re-checks on each row. Should that check still
fail for a row (it cannot while the locks hold; it is kept as a guard), the rows taken
are given back, the plan is made once more from fresh numbers, and if that also fails
``InsufficientStock`` is raised with nothing written. No savepoint is needed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.inventory import backorders, ledger, policy, supply
from opsdesk.inventory.events import (
    ReservedUnits,
    StockBackordered,
    StockPicked,
    StockReleased,
    StockReserved,
    WaitingUnits,
)
from opsdesk.inventory.models import MovementKind, Reservation, ReservationStatus
from opsdesk.inventory.policy import Destination
from opsdesk.inventory.queries import reservation_reads
from opsdesk.inventory.schemas import ReservationRead
from opsdesk.kernel import events, fastsql
from opsdesk.kernel.db import table_of, utcnow
from opsdesk.kernel.errors import Conflict, InvalidInput

DEFAULT_HANDLING_DAYS = 1
PLAN_ATTEMPTS = 2
_INSERT_RESERVATIONS = fastsql.InsertValues(
    table_of(Reservation),
    ("order_id", "order_line_id", "variant_id", "warehouse_id", "quantity", "status",
     "promised_date", "created_at", "updated_at"),
)  # fmt: skip


@dataclass(frozen=True)
class AllocationLine:
    order_line_id: int
    variant_id: int
    quantity: int


@dataclass(frozen=True)
class ReservedLine:
    order_line_id: int
    variant_id: int
    warehouse_id: int
    quantity: int


@dataclass(frozen=True)
class WaitingLine:
    order_line_id: int
    variant_id: int
    quantity: int
    promised_date: date


@dataclass(frozen=True)
class AllocationResult:
    reservations: tuple[ReservedLine, ...]
    waiting: tuple[WaitingLine, ...]
    # Name, region and country of the warehouses holding ``reservations``, by id, so that
    # callers (the timeline, the delivery promise) need not read them again.
    warehouses: Mapping[int, supply.SiteFacts] = field(default_factory=dict)

    @property
    def fully_allocated(self) -> bool:
        return not self.waiting

    @property
    def promised_date(self) -> date | None:
        """When the last waiting unit is promised; None when nothing waits."""
        return max((w.promised_date for w in self.waiting), default=None)


@dataclass(frozen=True)
class _Held:
    """Units held in one warehouse by a reservation that is being released or picked."""

    variant_id: int
    warehouse_id: int
    quantity: int


@dataclass(frozen=True)
class _Claimed:
    id: int
    order_line_id: int
    variant_id: int
    warehouse_id: int | None
    quantity: int


def allocate(
    session: Session,
    *,
    order_id: int,
    lines: Sequence[AllocationLine],
    destination: Destination,
    strategy: str,
    actor: str,
    now: datetime | None = None,
    handling_days: int = DEFAULT_HANDLING_DAYS,
) -> AllocationResult:
    """Reserve stock for an order's lines atomically or not at all; never oversell."""
    now = now or utcnow()
    _check_lines(lines)
    for attempt in range(1, PLAN_ATTEMPTS + 1):
        loaded = supply.load(session, lines)
        plan = policy.plan(
            loaded.demands, loaded.offer, destination, strategy,
            today=now.date(), handling_days=handling_days,
        )  # fmt: skip
        if _take_stock(session, plan, now=now):
            _record_reservations(session, order_id, plan, actor=actor, now=now)
            return _announce(session, order_id, plan, loaded.facts, now=now)
        if attempt == PLAN_ATTEMPTS:
            raise ledger.taken_meanwhile()
    raise AssertionError("unreachable")


def release(
    session: Session,
    *,
    order_id: int,
    order_line_ids: Sequence[int] | None = None,
    actor: str,
    reason: str,
    now: datetime | None = None,
) -> list[ReservationRead]:
    """Give back the active and waiting reservations of an order (or of some of its lines)."""
    now = now or utcnow()
    released = _claim(
        session, order_id, [ReservationStatus.ACTIVE, ReservationStatus.WAITING],
        ReservationStatus.RELEASED, now=now, order_line_ids=order_line_ids,
    )  # fmt: skip
    if not released:
        return []
    held = [
        _Held(r.variant_id, r.warehouse_id, r.quantity)
        for r in released
        if r.warehouse_id is not None
    ]
    _give_back(session, held, order_id, take_off_shelf=False, actor=actor, reason=reason, now=now)
    backorders.fill_backorders(
        session, {(r.variant_id, r.warehouse_id) for r in held}, actor=actor, now=now
    )
    events.record(
        session,
        StockReleased(
            order_id=order_id,
            reason=reason,
            order_line_ids=sorted({r.order_line_id for r in released}),
            quantity=sum(r.quantity for r in released),
        ),
        now=now,
    )
    return reservation_reads(session, [r.id for r in released])


def pick(
    session: Session,
    *,
    order_id: int,
    warehouse_id: int,
    actor: str,
    now: datetime | None = None,
) -> list[ReservationRead]:
    """Active reservations of the order in this warehouse leave the shelf (on hand and held)."""
    now = now or utcnow()
    picked = _claim(
        session, order_id, [ReservationStatus.ACTIVE], ReservationStatus.PICKED, now=now,
        warehouse_id=warehouse_id,
    )  # fmt: skip
    if not picked:
        return []
    taken = [_Held(r.variant_id, warehouse_id, r.quantity) for r in picked]
    _give_back(session, taken, order_id, take_off_shelf=True, actor=actor, reason="", now=now)
    events.record(
        session,
        StockPicked(
            order_id=order_id, warehouse_id=warehouse_id, quantity=sum(r.quantity for r in picked)
        ),
        now=now,
    )
    return reservation_reads(session, [r.id for r in picked])


def reservations_for_order(session: Session, order_id: int) -> list[ReservationRead]:
    """Everything reserved, waiting, picked or released for an order, and where."""
    return reservation_reads(session, order_id=order_id)


def _claim(
    session: Session,
    order_id: int,
    current: Sequence[ReservationStatus],
    target: ReservationStatus,
    *,
    now: datetime,
    order_line_ids: Sequence[int] | None = None,
    warehouse_id: int | None = None,
) -> list[_Claimed]:
    """Move reservations to ``target`` in one UPDATE; only rows this call moved come back.

    Two racing releases (or picks) of one order cannot both give back the same units:
    the second finds nothing left in ``current``.
    """
    query = (
        sa.update(Reservation)
        .where(Reservation.order_id == order_id, Reservation.status.in_(list(current)))
        .values(status=target, updated_at=now)
        .returning(
            Reservation.id, Reservation.order_line_id, Reservation.variant_id,
            Reservation.warehouse_id, Reservation.quantity,
        )
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if order_line_ids is not None:
        query = query.where(Reservation.order_line_id.in_(list(order_line_ids)))
    if warehouse_id is not None:
        query = query.where(Reservation.warehouse_id == warehouse_id)
    return [_Claimed(*row) for row in session.execute(query)]


def _check_lines(lines: Sequence[AllocationLine]) -> None:
    if not lines:
        raise InvalidInput("an allocation needs at least one line", details={"field": "lines"})
    for line in lines:
        if line.quantity <= 0:
            raise InvalidInput(
                f"order line {line.order_line_id} has a quantity of {line.quantity}",
                details={"field": "quantity", "order_line_id": line.order_line_id},
            )


def _take_stock(session: Session, plan: policy.Plan, *, now: datetime) -> bool:
    """Hold the planned units, every row or none (rows taken are given back on failure).

    Inside a ``fastsql.deferred`` block (intake) the units are held by an unconditional
    write that leaves with the block's other writes: the plan was made from these rows
    under their locks, so they still have the units; the CHECK constraint is the last
    guard, and the caller turns its refusal into ``InsufficientStock``
    (``ledger.oversell_refused``).
    """
    per_row: dict[int, int] = defaultdict(int)
    for r in plan.reservations:
        per_row[r.stock_id] += r.quantity
    if not per_row:
        return True
    if fastsql.deferring(session):
        ledger.hold_rows(session, per_row, now=now)
        return True
    taken = ledger.reserve_rows(session, per_row, now=now)
    if len(taken) == len(per_row):
        return True
    ledger.unreserve_rows(session, {i: per_row[i] for i in taken}, now=now)
    return False


def _record_reservations(
    session: Session, order_id: int, plan: policy.Plan, *, actor: str, now: datetime
) -> None:
    rows = [_reservation_row(order_id, r, now) for r in plan.reservations]
    rows += [_waiting_row(order_id, b, now) for b in plan.backorders]
    # a plain INSERT: the locked stock read just before flushed the session
    fastsql.insert_values(session, _INSERT_RESERVATIONS, rows)
    reference = ledger.order_reference(order_id)
    movements = [
        ledger.Movement(
            r.variant_id, r.warehouse_id, MovementKind.RESERVATION,
            reserved_delta=r.quantity, reference=reference,
        )
        for r in plan.reservations
    ]  # fmt: skip
    ledger.record(session, movements, actor=actor, now=now)


def _reservation_row(
    order_id: int, r: policy.PlannedReservation, now: datetime
) -> dict[str, object]:
    return {
        "order_id": order_id,
        "order_line_id": r.order_line_id,
        "variant_id": r.variant_id,
        "warehouse_id": r.warehouse_id,
        "quantity": r.quantity,
        "status": ReservationStatus.ACTIVE,
        "promised_date": None,
        "created_at": now,
        "updated_at": now,
    }


def _waiting_row(order_id: int, b: policy.PlannedBackorder, now: datetime) -> dict[str, object]:
    return {
        "order_id": order_id,
        "order_line_id": b.order_line_id,
        "variant_id": b.variant_id,
        "warehouse_id": None,
        "quantity": b.quantity,
        "status": ReservationStatus.WAITING,
        "promised_date": b.promised_date,
        "created_at": now,
        "updated_at": now,
    }


def _announce(
    session: Session,
    order_id: int,
    plan: policy.Plan,
    facts: Mapping[int, supply.SiteFacts],
    *,
    now: datetime,
) -> AllocationResult:
    reserved = tuple(
        ReservedLine(r.order_line_id, r.variant_id, r.warehouse_id, r.quantity)
        for r in plan.reservations
    )
    waiting = tuple(
        WaitingLine(b.order_line_id, b.variant_id, b.quantity, b.promised_date)
        for b in plan.backorders
    )
    if reserved:
        units = [ReservedUnits(**vars(r)) for r in reserved]
        events.record(session, StockReserved(order_id=order_id, reservations=units), now=now)
    if waiting:
        later = [WaitingUnits(**vars(w)) for w in waiting]
        events.record(session, StockBackordered(order_id=order_id, waiting=later), now=now)
    holding = {r.warehouse_id: facts[r.warehouse_id] for r in reserved}
    return AllocationResult(reserved, waiting, holding)


def _give_back(
    session: Session,
    rows: Sequence[_Held],
    order_id: int,
    *,
    take_off_shelf: bool,
    actor: str,
    reason: str,
    now: datetime,
) -> None:
    """Lower held (and, for picks, on-hand) stock per row, in the fixed lock order."""
    per_pair: dict[tuple[int, int], int] = defaultdict(int)
    for r in rows:
        per_pair[(r.variant_id, r.warehouse_id)] += r.quantity
    for (variant_id, warehouse_id), quantity in sorted(per_pair.items()):
        if not ledger.unreserve(
            session, variant_id=variant_id, warehouse_id=warehouse_id, quantity=quantity,
            take_off_shelf=take_off_shelf, now=now,
        ):  # fmt: skip
            raise Conflict(
                "reserved stock is out of step with reservations; run `opsdesk stock check`",
                details={"variant_id": variant_id, "warehouse_id": warehouse_id},
            )
    kind = MovementKind.PICK if take_off_shelf else MovementKind.RELEASE
    reference = ledger.order_reference(order_id)
    movements = [
        ledger.Movement(
            r.variant_id, r.warehouse_id, kind, on_hand_delta=-r.quantity if take_off_shelf else 0,
            reserved_delta=-r.quantity, reason=reason, reference=reference,
        )
        for r in rows
    ]  # fmt: skip
    ledger.record(session, movements, actor=actor, now=now)
