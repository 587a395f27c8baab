"""Waiting reservations take arriving stock, first in, first out.

Called when available stock of a variant grows in a warehouse (receipt, positive
adjustment, release; after a return to stock, by the caller), so a unit does not sit available on
a shelf while an older order waits for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.inventory import ledger
from opsdesk.inventory.events import BackorderFilled
from opsdesk.inventory.models import MovementKind, Reservation, ReservationStatus, StockLevel
from opsdesk.kernel import events
from opsdesk.kernel.errors import Conflict


@dataclass(frozen=True)
class FilledBackorder:
    order_id: int
    order_line_id: int
    warehouse_id: int
    quantity: int
    remaining_quantity: int


def fill_backorders(
    session: Session, pairs: Iterable[tuple[int, int]], *, actor: str, now: datetime
) -> list[FilledBackorder]:
    """Hand available stock of each (variant, warehouse) to the oldest waiting reservations."""
    filled: list[FilledBackorder] = []
    for variant_id, warehouse_id in sorted(set(pairs)):
        filled.extend(_fill_one(session, variant_id, warehouse_id, actor=actor, now=now))
    for item in filled:
        events.record(
            session,
            BackorderFilled(
                order_id=item.order_id,
                order_line_id=item.order_line_id,
                warehouse_id=item.warehouse_id,
                quantity=item.quantity,
                remaining_quantity=item.remaining_quantity,
            ),
            now=now,
        )
    return filled


def _fill_one(
    session: Session, variant_id: int, warehouse_id: int, *, actor: str, now: datetime
) -> list[FilledBackorder]:
    stock = session.execute(
        sa.select(
            StockLevel.id, (StockLevel.on_hand - StockLevel.reserved).label("available")
        ).where(StockLevel.variant_id == variant_id, StockLevel.warehouse_id == warehouse_id)
    ).one_or_none()
    if stock is None or stock.available <= 0:
        return []
    waiting = _oldest_waiting(session, variant_id, limit=stock.available)
    plan = _share_out(waiting, stock.available)
    if not plan:
        return []
    total = sum(take for _r, take in plan)
    if not ledger.reserve(session, stock_id=stock.id, quantity=total, now=now):
        raise Conflict("stock changed while filling backorders; retry the operation")
    return [_convert(session, r, take, warehouse_id, actor=actor, now=now) for r, take in plan]


def _oldest_waiting(session: Session, variant_id: int, *, limit: int) -> list[Reservation]:
    # SKIP LOCKED: a waiting reservation being released right now is not worth a deadlock;
    # the next stock increase serves whoever is still waiting then.
    return list(
        session.scalars(
            sa.select(Reservation)
            .where(
                Reservation.variant_id == variant_id,
                Reservation.status == ReservationStatus.WAITING,
            )
            .order_by(Reservation.created_at, Reservation.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
    )


def _share_out(waiting: list[Reservation], available: int) -> list[tuple[Reservation, int]]:
    plan: list[tuple[Reservation, int]] = []
    for reservation in waiting:
        if available == 0:
            break
        take = min(available, reservation.quantity)
        plan.append((reservation, take))
        available -= take
    return plan


def _convert(
    session: Session,
    waiting: Reservation,
    take: int,
    warehouse_id: int,
    *,
    actor: str,
    now: datetime,
) -> FilledBackorder:
    remaining = waiting.quantity - take
    if remaining == 0:
        waiting.status = ReservationStatus.ACTIVE
        waiting.warehouse_id = warehouse_id
        waiting.updated_at = now
    else:
        waiting.quantity = remaining
        waiting.updated_at = now
        session.add(
            Reservation(
                order_id=waiting.order_id,
                order_line_id=waiting.order_line_id,
                variant_id=waiting.variant_id,
                warehouse_id=warehouse_id,
                quantity=take,
                status=ReservationStatus.ACTIVE,
                promised_date=waiting.promised_date,
                created_at=now,
                updated_at=now,
            )
        )
    movement = ledger.Movement(
        waiting.variant_id, warehouse_id, MovementKind.RESERVATION, reserved_delta=take,
        reason="backorder filled", reference=ledger.order_reference(waiting.order_id),
    )  # fmt: skip
    ledger.record(session, [movement], actor=actor, now=now)
    return FilledBackorder(waiting.order_id, waiting.order_line_id, warehouse_id, take, remaining)
