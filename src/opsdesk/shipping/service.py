"""Creating shipments and reading them. Services take a session and never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload, sessionmaker

from opsdesk import inventory, orders
from opsdesk.kernel import events as domain_events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, InvalidInput, NotFound, OpsDeskError
from opsdesk.shipping import policy, purchases
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


def label_request(
    session: Session,
    *,
    order_id: int,
    service_level: ServiceLevel,
    packages: Sequence[Package],
    reference: str = "",
    warehouse_id: int | None = None,
    now: datetime | None = None,
) -> LabelRequest:
    """What the carrier is asked for; ``reference`` defaults to the order's next parcel."""
    _check_packages(packages)
    order = _order(session, order_id)
    if not reference:
        count = session.scalar(sa.select(sa.func.count()).where(Shipment.order_id == order_id))
        reference = f"{order.number}/{(count or 0) + 1}"
    return LabelRequest(
        reference=reference,
        service_level=service_level,
        origin=_origin(session, warehouse_id),
        destination=_destination(order),
        ship_at=now or utcnow(),
        packages=tuple(packages),
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
    label: Label | None = None,
    purchase_reference: str = "",
) -> Shipment:
    """Record the shipment, its event and timeline entry, with ``label`` when it was bought
    beforehand through :func:`opsdesk.shipping.purchases.purchase_label` under
    ``purchase_reference`` (marked attached in this transaction), else buying it here."""
    at = now or utcnow()
    request = label_request(
        session, order_id=order_id, service_level=service_level, packages=packages,
        warehouse_id=warehouse_id, now=at,
    )  # fmt: skip
    label = label or _buy_label(carrier, request)
    taken = sa.select(Shipment.id).where(Shipment.tracking_number == label.tracking_number)
    if session.scalar(taken) is not None:
        raise Conflict(f"tracking number {label.tracking_number} is already in use")
    order = _order(session, order_id)
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
        destination_region=request.destination.region,
        packages=[asdict(p) for p in packages],
        promised_delivery_date=order.promised_delivery_date,
        estimated_delivery_date=label.estimated_delivery_date,
        shipped_at=at,
        created_at=at,
    )
    session.add(shipment)
    session.flush()
    record_label(session, shipment.id, label)
    if purchase_reference:
        purchases.attach(session, purchase_reference, shipment.id, now=at)
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


def buy_label_once(
    factory: sessionmaker[Session],
    *,
    order_id: int,
    carrier: Carrier,
    request: LabelRequest,
    now: datetime | None = None,
) -> Label:
    """The label for ``request.reference``, bought at most once however often the parcel
    is retried (see :mod:`opsdesk.shipping.purchases`); pass it and the reference to
    :func:`create_shipment`. Commits its own bookkeeping: call it holding no transaction."""
    return purchases.purchase_label(
        factory, order_id=order_id, carrier=carrier, request=request, buy=_buy_label, now=now
    )
