"""Creating shipments and reading them. Services take a session and never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from opsdesk import inventory, orders
from opsdesk.kernel import events as domain_events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, InvalidInput, NotFound, OpsDeskError
from opsdesk.shipping import policy
from opsdesk.shipping.carriers.base import (
    Carrier,
    CarrierRefused,
    CarrierUnavailable,
    Label,
    LabelRequest,
    Package,
    Place,
    ServiceLevel,
)
from opsdesk.shipping.carriers.records import record_label
from opsdesk.shipping.events import ShipmentCreated
from opsdesk.shipping.models import Shipment, ShipmentStatus, UnmatchedTrackingUpdate


class CarrierDown(OpsDeskError):
    """The carrier did not answer in time or failed on its side: try again shortly."""

    status_code = 503
    code = "carrier_unavailable"


def _order(session: Session, order_id: int) -> orders.Order:
    order = session.get(orders.Order, order_id)
    if order is None:
        raise NotFound("order", order_id)
    return order


def _origin(session: Session, warehouse_id: int | None) -> Place:
    if warehouse_id is None:
        return Place(country="")
    warehouse = inventory.get_warehouse(session, warehouse_id)
    return Place(
        country=warehouse.country, region=warehouse.region, city=warehouse.city,
        name=warehouse.name, line1=warehouse.address_line, postal_code=warehouse.postal_code,
    )  # fmt: skip


def _destination(order: orders.Order) -> Place:
    return Place(
        order.ship_country, order.ship_region, order.ship_city, name=order.ship_name,
        line1=order.ship_line1, line2=order.ship_line2, postal_code=order.ship_postal_code,
    )  # fmt: skip


def _buy_label(carrier: Carrier, request: LabelRequest) -> Label:
    """The carrier's label; its refusals become a 422 naming the carrier's reason and its
    outages (timeouts, 5xx) a 503 with Retry-After, never a 500."""
    try:
        return carrier.create_label(request)
    except CarrierRefused as exc:
        raise InvalidInput(
            f"{carrier.name} refused the label: {exc}", details={"carrier": carrier.name}
        ) from exc
    except CarrierUnavailable as exc:
        raise CarrierDown(
            f"{carrier.name} is not answering: {exc}",
            details={"carrier": carrier.name, "retry_after_seconds": 30},
        ) from exc


def _check_packages(packages: Sequence[Package]) -> None:
    for index, package in enumerate(packages):
        sizes = (package.weight_g, package.length_mm, package.width_mm, package.height_mm)
        if package.weight_g <= 0 or min(sizes) < 0:
            raise InvalidInput(
                "a package needs a positive weight and no negative size",
                details={"field": f"packages.{index}"},
            )


def create_shipment(
    session: Session,
    *,
    order_id: int,
    carrier: Carrier,
    service_level: ServiceLevel,
    packages: Sequence[Package],
    actor: str,
    warehouse_id: int | None = None,
    fulfilment_id: int | None = None,
    now: datetime | None = None,
) -> Shipment:
    """Buy a label from ``carrier`` and record the shipment, its event and timeline entry."""
    _check_packages(packages)
    at = now or utcnow()
    order = _order(session, order_id)
    destination = _destination(order)
    count = session.scalar(sa.select(sa.func.count()).where(Shipment.order_id == order_id)) or 0
    request = LabelRequest(
        reference=f"{order.number}/{count + 1}",
        service_level=service_level,
        origin=_origin(session, warehouse_id),
        destination=destination,
        ship_at=at,
        packages=tuple(packages),
    )
    label = _buy_label(carrier, request)
    taken = sa.select(Shipment.id).where(Shipment.tracking_number == label.tracking_number)
    if session.scalar(taken) is not None:
        raise Conflict(f"tracking number {label.tracking_number} is already in use")
    shipment = Shipment(
        order_id=order_id,
        fulfilment_id=fulfilment_id,
        warehouse_id=warehouse_id,
        carrier=label.carrier,
        service_level=service_level.value,
        tracking_number=label.tracking_number,
        tracking_url=label.tracking_url,
        status=ShipmentStatus.LABEL_CREATED,
        origin_region=request.origin.region,
        destination_region=destination.region,
        packages=[asdict(p) for p in packages],
        promised_delivery_date=order.promised_delivery_date,
        estimated_delivery_date=label.estimated_delivery_date,
        shipped_at=at,
        created_at=at,
    )
    session.add(shipment)
    session.flush()
    record_label(session, shipment.id, label)
    _announce(session, shipment, actor, at)
    return shipment


def _announce(session: Session, shipment: Shipment, actor: str, at: datetime) -> None:
    estimate = shipment.estimated_delivery_date
    expected = f", expected {policy.format_day(estimate)}" if estimate else ""
    orders.add_timeline_event(
        session,
        shipment.order_id,
        kind="shipment.created",
        summary=(
            f"Shipped with {shipment.carrier} ({shipment.service_level}), "
            f"tracking {shipment.tracking_number}{expected}"
        ),
        actor=actor,
        data={
            "shipment_id": shipment.id,
            "carrier": shipment.carrier,
            "tracking_number": shipment.tracking_number,
            "tracking_url": shipment.tracking_url,
        },
        occurred_at=at,
    )
    domain_events.record(
        session,
        ShipmentCreated(
            shipment_id=shipment.id,
            order_id=shipment.order_id,
            carrier=shipment.carrier,
            service_level=shipment.service_level,
            tracking_number=shipment.tracking_number or "",
            tracking_url=shipment.tracking_url,
            promised_delivery_date=shipment.promised_delivery_date,
            estimated_delivery_date=estimate,
        ),
        now=at,
    )


def get_shipment(session: Session, shipment_id: int) -> Shipment:
    shipment = session.scalar(
        sa.select(Shipment).where(Shipment.id == shipment_id).options(selectinload(Shipment.events))
    )
    if shipment is None:
        raise NotFound("shipment", shipment_id)
    return shipment


def shipments_for_order(session: Session, order_id: int) -> list[Shipment]:
    _order(session, order_id)
    return list(
        session.scalars(
            sa.select(Shipment)
            .where(Shipment.order_id == order_id)
            .options(selectinload(Shipment.events))
            .order_by(Shipment.id)
        )
    )


def is_shipment_late(shipment: Shipment, today: date) -> bool:
    delivered_on = shipment.delivered_at.date() if shipment.delivered_at else None
    return policy.is_late(
        promised=shipment.promised_delivery_date,
        estimated=shipment.estimated_delivery_date,
        delivered_on=delivered_on,
        today=today,
    )


def unmatched_updates(session: Session, *, limit: int = 100) -> list[UnmatchedTrackingUpdate]:
    """Tracking updates nobody could match, newest first, for someone to look into."""
    return list(
        session.scalars(
            sa.select(UnmatchedTrackingUpdate)
            .order_by(UnmatchedTrackingUpdate.received_at.desc(), UnmatchedTrackingUpdate.id.desc())
            .limit(limit)
        )
    )
