"""Waiting reservations keep the date the purchase orders give them.

A waiting line is promised when it is placed, from the supply open then. Supply moves
afterwards: a purchase order is received short or late, an import brings reservations
dated by another system, an older order is cancelled and frees its place in the queue.
:func:`redate_waiting` dates every waiting line again the way allocation would today —
first in, first out over the open purchase orders of its variant — so the date on the
reservation, and the delivery promise built from it, stay the one the supply supports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.inventory import policy
from opsdesk.inventory.models import Reservation, ReservationStatus
from opsdesk.inventory.supply import incoming_supply


@dataclass(frozen=True)
class Queued:
    """A waiting reservation in its variant's queue (oldest first)."""

    reservation_id: int
    variant_id: int
    quantity: int


def date_queue(
    queue: Sequence[Queued],
    incoming: Sequence[policy.Incoming],
    *,
    today: date,
    handling_days: int,
) -> dict[int, date | None]:
    """Each reservation's ready date when open supply fills the queue in order.

    None for a reservation that no open purchase order covers any more.
    """
    by_variant: dict[int, list[policy.Incoming]] = defaultdict(list)
    for item in incoming:
        by_variant[item.variant_id].append(item)
    ahead: dict[int, int] = defaultdict(int)
    dated: dict[int, date | None] = {}
    for waiting in queue:
        dated[waiting.reservation_id] = policy.promise_date(
            by_variant[waiting.variant_id],
            committed=ahead[waiting.variant_id],
            quantity=waiting.quantity,
            today=today,
            handling_days=handling_days,
        )
        ahead[waiting.variant_id] += waiting.quantity
    return dated


def redate_waiting(session: Session, *, today: date, handling_days: int = 1) -> list[int]:
    """Date every waiting reservation from today's open supply; the orders whose dates moved.

    A reservation no open purchase order covers keeps its date (and stays visible as
    waiting to operations); it is not moved to a date nobody can vouch for.
    """
    rows = session.scalars(
        sa.select(Reservation)
        .where(Reservation.status == ReservationStatus.WAITING)
        .order_by(Reservation.variant_id, Reservation.created_at, Reservation.id)
    ).all()
    if not rows:
        return []
    incoming, _committed = incoming_supply(session, {r.variant_id for r in rows})
    queue = [Queued(r.id, r.variant_id, r.quantity) for r in rows]
    dated = date_queue(queue, incoming, today=today, handling_days=handling_days)
    moved: set[int] = set()
    for reservation in rows:
        day = dated[reservation.id]
        if day is not None and day != reservation.promised_date:
            reservation.promised_date = day
            moved.add(reservation.order_id)
    return sorted(moved)


def orders_waiting(session: Session, *, limit: int = 5_000) -> list[int]:
    """Orders with at least one waiting reservation, oldest first."""
    return list(
        session.scalars(
            sa.select(Reservation.order_id)
            .where(Reservation.status == ReservationStatus.WAITING)
            .group_by(Reservation.order_id)
            .order_by(sa.func.min(Reservation.created_at), Reservation.order_id)
            .limit(limit)
        )
    )
