"""Pick lists: gather what allocated orders hold in one warehouse into fulfilments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from opsdesk import inventory, orders
from opsdesk.fulfilment.codes import tote_code
from opsdesk.fulfilment.events import PickListCreated
from opsdesk.fulfilment.models import Fulfilment, FulfilmentLine, FulfilmentStatus, PickList
from opsdesk.kernel import events as domain_events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, NotFound

# Orders whose held stock can be picked: allocated, or already picking in another warehouse.
PICKABLE_ORDER_STATUSES = (orders.OrderStatus.ALLOCATED, orders.OrderStatus.PICKING)


@dataclass(frozen=True)
class _Held:
    order_id: int
    order_line_id: int
    variant_id: int
    sku: str
    quantity: int


def _held_stock(
    session: Session, warehouse_id: int, order_ids: Collection[int] | None = None
) -> list[_Held]:
    """Active reservations in the warehouse not yet on a fulfilment there (of ``order_ids``
    only, when given: the order list releases a selection)."""
    already = sa.select(Fulfilment.order_id).where(
        Fulfilment.warehouse_id == warehouse_id, Fulfilment.status != FulfilmentStatus.CANCELLED
    )
    rows = session.execute(
        sa.select(
            inventory.Reservation.order_id,
            inventory.Reservation.order_line_id,
            inventory.Reservation.variant_id,
            orders.OrderLine.sku,
            inventory.Reservation.quantity,
        )
        .join(orders.Order, orders.Order.id == inventory.Reservation.order_id)
        .join(orders.OrderLine, orders.OrderLine.id == inventory.Reservation.order_line_id)
        .where(
            inventory.Reservation.warehouse_id == warehouse_id,
            inventory.Reservation.status == inventory.ReservationStatus.ACTIVE,
            orders.Order.status.in_(PICKABLE_ORDER_STATUSES),
            inventory.Reservation.order_id.not_in(already),
            sa.true() if order_ids is None else inventory.Reservation.order_id.in_(order_ids),
        )
        .order_by(
            orders.Order.placed_at,
            orders.Order.id,
            orders.OrderLine.line_no,
            inventory.Reservation.id,
        )
    )
    return [_Held(*row) for row in rows]


@dataclass
class _Draft:
    lines: dict[int, list[_Held]] = field(default_factory=lambda: defaultdict(list))


def create_pick_list(
    session: Session,
    *,
    warehouse_id: int,
    actor: str,
    now: datetime | None = None,
    order_ids: Collection[int] | None = None,
) -> PickList:
    """One fulfilment per order with stock held here; those orders move to picking."""
    at = now or utcnow()
    inventory.get_warehouse(session, warehouse_id)
    held = _held_stock(session, warehouse_id, order_ids)
    if not held:
        raise Conflict(f"warehouse {warehouse_id} has no allocated orders waiting to be picked")
    pick_list = PickList(warehouse_id=warehouse_id, created_by=actor, created_at=at)
    session.add(pick_list)
    session.flush()
    drafts: dict[int, _Draft] = defaultdict(_Draft)
    for item in held:
        drafts[item.order_id].lines[item.order_line_id].append(item)
    fulfilment_ids = [
        _open_fulfilment(session, pick_list, order_id, draft, actor, at, slot)
        for slot, (order_id, draft) in enumerate(drafts.items(), start=1)
    ]
    domain_events.record(
        session,
        PickListCreated(
            pick_list_id=pick_list.id, warehouse_id=warehouse_id, fulfilment_ids=fulfilment_ids
        ),
        now=at,
    )
    return pick_list


def _open_fulfilment(
    session: Session, pick_list: PickList, order_id: int, draft: _Draft, actor: str,
    at: datetime, slot: int,
) -> int:  # fmt: skip
    fulfilment = Fulfilment(
        order_id=order_id,
        warehouse_id=pick_list.warehouse_id,
        pick_list_id=pick_list.id,
        tote_code=tote_code(pick_list.id, slot),
        status=FulfilmentStatus.PICKING,
        created_at=at,
    )
    for order_line_id, items in draft.lines.items():
        fulfilment.lines.append(
            FulfilmentLine(
                order_line_id=order_line_id,
                variant_id=items[0].variant_id,
                sku=items[0].sku,
                quantity=sum(i.quantity for i in items),
                quantity_packed=0,
            )
        )
    session.add(fulfilment)
    session.flush()
    status = session.scalar(sa.select(orders.Order.status).where(orders.Order.id == order_id))
    summary = f"Picking started (pick list {pick_list.id})"
    if status is orders.OrderStatus.ALLOCATED:
        orders.transition(
            session, order_id, orders.OrderStatus.PICKING, actor=actor, summary=summary, now=at
        )
    else:
        orders.add_timeline_event(
            session,
            order_id,
            kind="fulfilment.picking",
            summary=summary,
            actor=actor,
            occurred_at=at,
        )
    return fulfilment.id


def get_pick_list(session: Session, pick_list_id: int) -> tuple[PickList, list[Fulfilment]]:
    pick_list = session.get(PickList, pick_list_id)
    if pick_list is None:
        raise NotFound("pick list", pick_list_id)
    fulfilments = list(
        session.scalars(
            sa.select(Fulfilment)
            .where(Fulfilment.pick_list_id == pick_list_id)
            .options(selectinload(Fulfilment.lines))
            .order_by(Fulfilment.id)
        )
    )
    return pick_list, fulfilments
