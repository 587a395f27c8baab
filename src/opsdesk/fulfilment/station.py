"""The packing station's use cases around the scan service: find the parcel a scanned
code names, choose its box, and ship it in that box."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog, orders, shipping
from opsdesk.fulfilment import boxes
from opsdesk.fulfilment.box_store import boxes_for
from opsdesk.fulfilment.codes import parse_code
from opsdesk.fulfilment.models import Fulfilment, FulfilmentStatus
from opsdesk.fulfilment.packing import PACKABLE, get_fulfilment, ship_fulfilment
from opsdesk.kernel.errors import IllegalTransition, InvalidInput

OPEN = (*PACKABLE, FulfilmentStatus.PACKED)


def find_fulfilment(session: Session, code: str) -> Fulfilment | None:
    """The parcel a fulfilment, tote or order-number barcode names; for an order with
    several, the first one still open (else its latest)."""
    parsed = parse_code(code)
    where: sa.ColumnElement[bool]
    if parsed is not None and parsed.kind == "fulfilment":
        where = Fulfilment.id == int(parsed.value)
    elif parsed is not None and parsed.kind == "tote":
        where = Fulfilment.tote_code == parsed.value
    else:
        order_id = sa.select(orders.Order.id).where(orders.Order.number == code.strip())
        where = Fulfilment.order_id.in_(order_id.scalar_subquery())
    candidates = list(session.scalars(sa.select(Fulfilment).where(where).order_by(Fulfilment.id)))
    if not candidates:
        return None
    still_open = [f for f in candidates if f.status in OPEN]
    return still_open[0] if still_open else candidates[-1]


def item_codes(session: Session, fulfilment: Fulfilment) -> set[str]:
    """Every code that scans as an item of this parcel: its SKUs and their EANs."""
    ids = {line.variant_id for line in fulfilment.lines}
    eans = session.scalars(
        sa.select(catalog.Variant.ean).where(
            catalog.Variant.id.in_(ids), catalog.Variant.ean.is_not(None)
        )
    )
    return {line.sku for line in fulfilment.lines} | {e for e in eans if e}


def is_catalog_item(session: Session, code: str) -> bool:
    """A SKU or EAN the shop sells (else the barcode is not a product at all)."""
    text = code.strip()
    found = session.scalar(
        sa.select(catalog.Variant.id)
        .where(sa.or_(catalog.Variant.sku == text, catalog.Variant.ean == text))
        .limit(1)
    )
    return found is not None


def item_sizes(session: Session, fulfilment: Fulfilment) -> list[boxes.ItemSize]:
    variant = catalog.Variant
    sizes = {
        row.id: row
        for row in session.execute(
            sa.select(variant.id, variant.length_mm, variant.width_mm, variant.height_mm,
                      variant.weight_g).where(variant.id.in_({ln.variant_id for ln in fulfilment.lines}))
        )
    }  # fmt: skip
    return [
        boxes.ItemSize(s.length_mm, s.width_mm, s.height_mm, s.weight_g, line.quantity)
        for line in fulfilment.lines
        if (s := sizes.get(line.variant_id)) is not None
    ]


def box_offer(session: Session, fulfilment: Fulfilment) -> boxes.BoxOffer:
    """The boxes of the parcel's warehouse that fit its items, smallest first (keys 1-9)."""
    return boxes.offered_boxes(
        item_sizes(session, fulfilment), boxes_for(session, fulfilment.warehouse_id)
    )


def choose_box(session: Session, fulfilment_id: int, box_code: str) -> boxes.Box:
    """Record the box a packed parcel goes in (it may be changed until it ships)."""
    fulfilment = get_fulfilment(session, fulfilment_id, lock=True)
    if fulfilment.status is not FulfilmentStatus.PACKED:
        raise IllegalTransition(
            "fulfilment", fulfilment.status.value, "boxed", reason="pack every item first"
        )
    box = boxes.box_by_code(box_code, boxes_for(session, fulfilment.warehouse_id))
    if box is None:
        raise InvalidInput(f"there is no box {box_code!r}", details={"field": "box"})
    fulfilment.box_code = box.code
    session.flush()
    return box


def carrier_for_parcel(session: Session, fulfilment_id: int, app_state: object) -> shipping.Carrier:
    """The carrier the installation routes this parcel to (its warehouse and the service
    level the customer chose), so the packer never has to pick one."""
    fulfilment = get_fulfilment(session, fulfilment_id)
    ordered = session.scalar(
        sa.select(orders.Order.service_level).where(orders.Order.id == fulfilment.order_id)
    )
    try:
        level = shipping.ServiceLevel(ordered or "")
    except ValueError:
        level = shipping.ServiceLevel.STANDARD
    return shipping.carrier_for_app(
        session, app_state, warehouse_id=fulfilment.warehouse_id, service_level=level
    )


def box_package(session: Session, fulfilment: Fulfilment) -> shipping.Package:
    """The parcel as the carrier sees it: the chosen box, weighing its items and itself."""
    box = boxes.box_by_code(fulfilment.box_code or "", boxes_for(session, fulfilment.warehouse_id))
    if box is None:
        raise InvalidInput("choose a box before shipping", details={"field": "box"})
    weight = boxes.parcel_weight(item_sizes(session, fulfilment), box)
    return shipping.Package(
        weight_g=weight, length_mm=box.length_mm, width_mm=box.width_mm, height_mm=box.height_mm
    )


def ship_in_box(
    session: Session, fulfilment_id: int, *, carrier: shipping.Carrier, actor: str,
    now: datetime | None = None, label: shipping.Label | None = None,
    purchase_reference: str = "",
) -> shipping.Shipment:  # fmt: skip
    """Ship a packed parcel in the box chosen for it, weighed with the box (with ``label``
    when it was bought beforehand, see :func:`ship_fulfilment`)."""
    package = box_package(session, get_fulfilment(session, fulfilment_id))
    return ship_fulfilment(
        session, fulfilment_id, carrier=carrier, packages=[package], actor=actor, now=now,
        label=label, purchase_reference=purchase_reference,
    )  # fmt: skip
