"""Buying a parcel's label before its shipment is written, once per parcel.

The label is paid for at the carrier, so it is bought outside the request's transaction
and booked in its own (:func:`opsdesk.shipping.buy_label_once`): a shipment insert that
fails afterwards, or a process that dies, leaves a bought label the next attempt reuses
(or the reconciliation job voids), never a second purchase. The parcel's reference is its
order number and fulfilment id: a double-submit of the same parcel, from the packing
station or the API, names the same purchase.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders, shipping
from opsdesk.fulfilment.packing import default_package, shippable
from opsdesk.fulfilment.station import box_package
from opsdesk.kernel.db import utcnow


@dataclass(frozen=True)
class PaidLabel:
    label: shipping.Label
    reference: str
    service_level: shipping.ServiceLevel
    packages: list[shipping.Package]


def parcel_reference(order_number: str, fulfilment_id: int) -> str:
    return f"{order_number}/P{fulfilment_id}"


def buy_parcel_label(
    factory: sessionmaker[Session],
    fulfilment_id: int,
    *,
    carrier: shipping.Carrier,
    service_level: shipping.ServiceLevel | None = None,
    packages: list[shipping.Package] | None = None,
    in_box: bool = False,
    now: datetime | None = None,
) -> PaidLabel:
    """The label of a packed parcel (in its chosen box with ``in_box``), bought at most
    once. Reads and books in sessions of its own: call it holding no open transaction,
    then pass the result to ``ship_fulfilment`` / ``ship_in_box``."""
    at = now or utcnow()
    with factory() as session:
        fulfilment, ordered = shippable(session, fulfilment_id)
        level = service_level or ordered
        if in_box:
            packages = [box_package(session, fulfilment)]
        packages = packages or [default_package(session, fulfilment)]
        number = session.scalar(
            sa.select(orders.Order.number).where(orders.Order.id == fulfilment.order_id)
        )
        request = shipping.label_request(
            session, order_id=fulfilment.order_id, service_level=level, packages=packages,
            reference=parcel_reference(number or "", fulfilment_id),
            warehouse_id=fulfilment.warehouse_id, now=at,
        )  # fmt: skip
        order_id = fulfilment.order_id
    label = shipping.buy_label_once(
        factory, order_id=order_id, carrier=carrier, request=request, now=at
    )
    return PaidLabel(label, request.reference, level, packages)
