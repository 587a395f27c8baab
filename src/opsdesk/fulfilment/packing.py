"""Scan-verified packing, packing errors, and handing the parcel to a carrier."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from opsdesk import catalog, inventory, orders, shipping
from opsdesk.fulfilment import policy
from opsdesk.fulfilment.events import FulfilmentErrorRecorded, FulfilmentPacked, FulfilmentShipped
from opsdesk.fulfilment.models import (
    Fulfilment,
    FulfilmentError,
    FulfilmentErrorKind,
    FulfilmentStatus,
    PickList,
)
from opsdesk.kernel import events as domain_events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import IllegalTransition, InvalidInput, NotFound

PACKABLE = (FulfilmentStatus.PENDING, FulfilmentStatus.PICKING, FulfilmentStatus.PICKED)
MIN_PARCEL_WEIGHT_G = 100


@dataclass(frozen=True)
class ScanResult:
    fulfilment: Fulfilment
    accepted: bool
    sku: str
    message: str
    error: FulfilmentError | None = None


def get_fulfilment(session: Session, fulfilment_id: int, *, lock: bool = False) -> Fulfilment:
    query = (
        sa.select(Fulfilment)
        .where(Fulfilment.id == fulfilment_id)
        .options(selectinload(Fulfilment.lines))
    )
    fulfilment = session.scalar(query.with_for_update() if lock else query)
    if fulfilment is None:
        raise NotFound("fulfilment", fulfilment_id)
    return fulfilment


def _lines_to_pack(session: Session, fulfilment: Fulfilment) -> list[policy.LineToPack]:
    variant_ids = {line.variant_id for line in fulfilment.lines}
    eans = dict(
        session.execute(
            sa.select(catalog.Variant.id, catalog.Variant.ean).where(
                catalog.Variant.id.in_(variant_ids)
            )
        ).all()
    )
    return [
        policy.LineToPack(
            line.id, line.sku, eans.get(line.variant_id), line.quantity, line.quantity_packed
        )
        for line in fulfilment.lines
    ]


def scan(
    session: Session,
    fulfilment_id: int,
    *,
    code: str,
    quantity: int,
    packer: str,
    actor: str,
    now: datetime | None = None,
) -> ScanResult:
    """Pack what was scanned, or refuse it and record a fulfilment error.

    A refusal is a result, not an exception: the caller commits it so the error is
    kept (and counted in the error-rate report) while the packer is told why.
    """
    at = now or utcnow()
    _check_packer(packer, quantity)
    fulfilment = get_fulfilment(session, fulfilment_id, lock=True)
    if fulfilment.status not in PACKABLE:
        raise IllegalTransition(
            "fulfilment", fulfilment.status.value, "packed", reason="nothing is left to pack"
        )
    decision = policy.verify_scan(_lines_to_pack(session, fulfilment), code, quantity)
    if isinstance(decision, policy.ScanRefused):
        error = _record_error(
            session, fulfilment, kind=decision.kind, sku=decision.scanned_sku,
            expected_sku=decision.expected_sku, quantity=quantity, packer=packer,
            detail=decision.reason, at=at,
        )  # fmt: skip
        return ScanResult(fulfilment, False, decision.scanned_sku, decision.reason, error)
    by_id = {line.id: line for line in fulfilment.lines}
    for line_id, units in decision.packed:
        by_id[line_id].quantity_packed += units
    session.flush()
    if decision.complete:
        _pack(session, fulfilment, packer=packer, actor=actor, at=at)
    return ScanResult(fulfilment, True, decision.sku, f"packed {quantity} x {decision.sku}")


def _check_packer(packer: str, quantity: int) -> None:
    if not packer.strip():
        raise InvalidInput("name the packer who scanned", details={"field": "packer"})
    if quantity <= 0:
        raise InvalidInput("quantity must be positive", details={"field": "quantity"})


def _record_error(
    session: Session,
    fulfilment: Fulfilment,
    *,
    kind: FulfilmentErrorKind,
    sku: str,
    expected_sku: str,
    quantity: int,
    packer: str,
    detail: str,
    at: datetime,
) -> FulfilmentError:
    error = FulfilmentError(
        order_id=fulfilment.order_id,
        fulfilment_id=fulfilment.id,
        warehouse_id=fulfilment.warehouse_id,
        kind=kind,
        sku=sku[:64],
        expected_sku=expected_sku[:64],
        quantity=quantity,
        packer=packer.strip()[:120],
        detail=detail,
        created_at=at,
    )
    session.add(error)
    session.flush()
    domain_events.record(
        session,
        FulfilmentErrorRecorded(
            fulfilment_id=fulfilment.id, order_id=fulfilment.order_id,
            warehouse_id=fulfilment.warehouse_id, error_id=error.id, kind=kind.value,
            sku=error.sku, packer=error.packer,
        ),
        now=at,
    )  # fmt: skip
    return error


def report_error(
    session: Session,
    fulfilment_id: int,
    *,
    kind: FulfilmentErrorKind,
    sku: str,
    quantity: int,
    packer: str,
    detail: str = "",
    actor: str,
    now: datetime | None = None,
) -> FulfilmentError:
    """A packer reports a missing or damaged item (or another problem) on a fulfilment."""
    at = now or utcnow()
    _check_packer(packer, quantity)
    fulfilment = get_fulfilment(session, fulfilment_id, lock=True)
    skus = {line.sku for line in fulfilment.lines}
    if sku not in skus:
        raise InvalidInput(
            f"{sku} is not part of fulfilment {fulfilment_id}", details={"field": "sku"}
        )
    error = _record_error(
        session, fulfilment, kind=kind, sku=sku, expected_sku=sku, quantity=quantity,
        packer=packer, detail=detail, at=at,
    )  # fmt: skip
    orders.add_timeline_event(
        session, fulfilment.order_id, kind="fulfilment.error",
        summary=f"Packing problem reported by {error.packer}: {kind.value.replace('_', ' ')} "
        f"{quantity} x {sku}", actor=actor, data={"error_id": error.id}, occurred_at=at,
    )  # fmt: skip
    return error


def _pack(
    session: Session, fulfilment: Fulfilment, *, packer: str, actor: str, at: datetime
) -> None:
    fulfilment.status = FulfilmentStatus.PACKED
    fulfilment.packed_by = packer.strip()[:120]
    fulfilment.packed_at = at
    inventory.pick(
        session,
        order_id=fulfilment.order_id,
        warehouse_id=fulfilment.warehouse_id,
        actor=actor,
        now=at,
    )
    units = sum(line.quantity for line in fulfilment.lines)
    orders.add_timeline_event(
        session, fulfilment.order_id, kind="fulfilment.packed",
        summary=f"Packed by {fulfilment.packed_by} ({units} items)", actor=actor,
        data={"fulfilment_id": fulfilment.id, "warehouse_id": fulfilment.warehouse_id},
        occurred_at=at,
    )  # fmt: skip
    domain_events.record(
        session,
        FulfilmentPacked(
            fulfilment_id=fulfilment.id, order_id=fulfilment.order_id,
            warehouse_id=fulfilment.warehouse_id, packer=fulfilment.packed_by,
        ),
        now=at,
    )  # fmt: skip
    _order_packed_when_complete(session, fulfilment.order_id, actor, at)


def _order_packed_when_complete(session: Session, order_id: int, actor: str, at: datetime) -> None:
    """The order is packed when all its fulfilments are and no held stock waits unpicked."""
    session.flush()
    unpacked = session.scalar(
        sa.select(sa.func.count())
        .select_from(Fulfilment)
        .where(Fulfilment.order_id == order_id, Fulfilment.status.in_(PACKABLE))
    )
    if unpacked:
        return
    reservations = inventory.reservations_for_order(session, order_id)
    if any(r.status in ("active", "waiting") for r in reservations):
        return
    status = session.scalar(sa.select(orders.Order.status).where(orders.Order.id == order_id))
    if status is orders.OrderStatus.PICKING:
        orders.transition(
            session, order_id, orders.OrderStatus.PACKED, actor=actor,
            summary="All items packed and ready to ship", now=at,
        )  # fmt: skip


def shippable(
    session: Session, fulfilment_id: int, *, lock: bool = False
) -> tuple[Fulfilment, shipping.ServiceLevel]:
    """The packed parcel, whose order is ready to ship, and the level its customer chose;
    else an :class:`IllegalTransition` naming what is missing."""
    fulfilment = get_fulfilment(session, fulfilment_id, lock=lock)
    if fulfilment.status is not FulfilmentStatus.PACKED:
        raise IllegalTransition(
            "fulfilment", fulfilment.status.value, "shipped", reason="only a packed parcel ships"
        )
    status, ordered_level = session.execute(
        sa.select(orders.Order.status, orders.Order.service_level).where(
            orders.Order.id == fulfilment.order_id
        )
    ).one()
    if status not in (orders.OrderStatus.PACKED, orders.OrderStatus.PARTIALLY_SHIPPED):
        reason = "the rest of the order is still being packed"
        raise IllegalTransition("order", str(status), "shipped", reason=reason)
    return fulfilment, _ordered_level(ordered_level)


def ship_fulfilment(
    session: Session,
    fulfilment_id: int,
    *,
    carrier: shipping.Carrier,
    service_level: shipping.ServiceLevel | None = None,
    packages: list[shipping.Package] | None = None,
    actor: str,
    now: datetime | None = None,
    label: shipping.Label | None = None,
    purchase_reference: str = "",
) -> shipping.Shipment:
    """Record what left the warehouse, with ``label`` when it was bought beforehand under
    ``purchase_reference`` (:func:`opsdesk.fulfilment.labels.buy_parcel_label`), else
    buying it here."""
    at = now or utcnow()
    fulfilment, ordered = shippable(session, fulfilment_id, lock=True)
    shipment = shipping.create_shipment(
        session, order_id=fulfilment.order_id, carrier=carrier,
        service_level=service_level or ordered,
        packages=packages or [default_package(session, fulfilment)], actor=actor,
        warehouse_id=fulfilment.warehouse_id, fulfilment_id=fulfilment.id, now=at,
        label=label, purchase_reference=purchase_reference,
    )  # fmt: skip
    sent = Counter[int]()
    for line in fulfilment.lines:
        sent[line.order_line_id] += line.quantity
    orders.mark_shipped(
        session, fulfilment.order_id, dict(sent), actor=actor,
        data={"shipment_id": shipment.id, "tracking_url": shipment.tracking_url}, now=at,
    )  # fmt: skip
    fulfilment.status = FulfilmentStatus.SHIPPED
    _complete_pick_list_when_done(session, fulfilment.pick_list_id, at)
    domain_events.record(
        session,
        FulfilmentShipped(
            fulfilment_id=fulfilment.id, order_id=fulfilment.order_id,
            warehouse_id=fulfilment.warehouse_id, shipment_id=shipment.id,
            tracking_number=shipment.tracking_number or "",
        ),
        now=at,
    )  # fmt: skip
    return shipment


def _complete_pick_list_when_done(session: Session, pick_list_id: int | None, at: datetime) -> None:
    """A pick list is done once none of its parcels is still to be packed or shipped."""
    if pick_list_id is None:
        return
    session.flush()
    waiting = session.scalar(
        sa.select(sa.func.count())
        .select_from(Fulfilment)
        .where(
            Fulfilment.pick_list_id == pick_list_id,
            Fulfilment.status.in_((*PACKABLE, FulfilmentStatus.PACKED)),
        )
    )
    if not waiting:
        session.execute(
            sa.update(PickList)
            .where(PickList.id == pick_list_id, PickList.completed_at.is_(None))
            .values(completed_at=at)
        )


def default_package(session: Session, fulfilment: Fulfilment) -> shipping.Package:
    """One box weighing what its contents weigh (catalog weights), at least 100 g."""
    weights = dict(
        session.execute(
            sa.select(catalog.Variant.id, catalog.Variant.weight_g).where(
                catalog.Variant.id.in_({line.variant_id for line in fulfilment.lines})
            )
        ).all()
    )
    total = sum(weights.get(line.variant_id, 0) * line.quantity for line in fulfilment.lines)
    return shipping.Package(weight_g=max(total, MIN_PARCEL_WEIGHT_G))


def _ordered_level(value: str) -> shipping.ServiceLevel:
    """The level the customer chose (or was upgraded to); unknown names ship standard."""
    try:
        return shipping.ServiceLevel(value)
    except ValueError:
        return shipping.ServiceLevel.STANDARD
