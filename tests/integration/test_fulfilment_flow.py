from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fulfilment, orders, shipping
from opsdesk.fulfilment.models import FulfilmentError
from opsdesk.kernel.errors import Conflict, IllegalTransition
from opsdesk.kernel.events import OutboxEvent
from tests.factories.fulfilment import (
    ACTOR,
    PACKER,
    TUESDAY,
    order_status,
    pack,
    picking_order,
    shipped_order,
    timeline_summaries,
)
from tests.factories.inventory import ledger_sums, stock_level
from tests.factories.orders import MUG, TEE


def test_a_pick_list_gathers_allocated_orders_and_starts_picking(session: Session) -> None:
    picking = picking_order(session)
    pick_list, parts = fulfilment.get_pick_list(session, picking.pick_list_id)
    assert pick_list.warehouse_id == picking.shop.berlin
    assert [(line.sku, line.quantity, line.quantity_packed) for line in parts[0].lines] == [
        (MUG, 2, 0)
    ]
    assert order_status(session, picking.order_id) is orders.OrderStatus.PICKING
    with pytest.raises(Conflict, match="no allocated orders"):
        fulfilment.create_pick_list(session, warehouse_id=picking.shop.berlin, actor=ACTOR)


def test_packing_every_unit_picks_the_stock_and_packs_the_order(session: Session) -> None:
    picking = picking_order(session)
    first = fulfilment.scan(
        session, picking.fulfilment_id, code=MUG, quantity=1, packer=PACKER, actor=ACTOR
    )
    assert first.accepted
    assert order_status(session, picking.order_id) is orders.OrderStatus.PICKING
    pack(session, picking.fulfilment_id, quantity=1)
    packed = fulfilment.get_fulfilment(session, picking.fulfilment_id)
    assert packed.status is fulfilment.FulfilmentStatus.PACKED
    assert packed.packed_by == PACKER
    assert order_status(session, picking.order_id) is orders.OrderStatus.PACKED
    assert stock_level(session, picking.shop.mug, picking.shop.berlin) == (8, 0)
    assert ledger_sums(session, picking.shop.mug, picking.shop.berlin) == (8, 0)
    assert "Packed by Jonas (2 items)" in timeline_summaries(session, picking.order_id)


def test_a_wrong_item_is_refused_and_recorded_against_the_packer(session: Session) -> None:
    picking = picking_order(session)
    result = fulfilment.scan(
        session, picking.fulfilment_id, code=TEE, quantity=1, packer=PACKER, actor=ACTOR
    )
    too_many = fulfilment.scan(
        session, picking.fulfilment_id, code=MUG, quantity=3, packer=PACKER, actor=ACTOR
    )
    session.commit()
    assert not result.accepted
    assert not too_many.accepted
    errors = session.scalars(sa.select(FulfilmentError).order_by(FulfilmentError.id)).all()
    assert [(e.kind.value, e.sku, e.expected_sku, e.packer) for e in errors] == [
        ("wrong_item", TEE, MUG, PACKER),
        ("other", MUG, MUG, PACKER),
    ]
    assert {e.order_id for e in errors} == {picking.order_id}
    assert {e.warehouse_id for e in errors} == {picking.shop.berlin}
    untouched = fulfilment.get_fulfilment(session, picking.fulfilment_id)
    assert [line.quantity_packed for line in untouched.lines] == [0]


def test_shipping_a_packed_fulfilment_creates_a_tracked_shipment(session: Session) -> None:
    picking, shipment = shipped_order(session)
    assert shipment.carrier == "simulated"
    assert shipment.tracking_number
    assert shipment.tracking_url.endswith(shipment.tracking_number)
    # Berlin to Berlin, standard: two business days after a Tuesday hand-over.
    assert shipment.estimated_delivery_date == date(2026, 11, 19)
    assert shipment.packages == [{"weight_g": 700, "length_mm": 0, "width_mm": 0, "height_mm": 0}]
    assert order_status(session, picking.order_id) is orders.OrderStatus.SHIPPED
    assert any(
        s.startswith("Shipped with simulated (standard), tracking")
        for s in timeline_summaries(session, picking.order_id)
    )
    names = session.scalars(sa.select(OutboxEvent.name)).all()
    assert {"ShipmentCreated", "FulfilmentShipped", "FulfilmentPacked"} <= set(names)
    with pytest.raises(IllegalTransition):
        fulfilment.ship_fulfilment(
            session, picking.fulfilment_id, carrier=shipping.SimulatedCarrier(),
            service_level=shipping.ServiceLevel.EXPRESS, actor=ACTOR,
        )  # fmt: skip


def test_a_parcel_ships_with_the_level_the_order_was_upgraded_to(session: Session) -> None:
    picking = picking_order(session)
    orders.upgrade_shipping(
        session, picking.order_id, shipping.ServiceLevel.EXPRESS, actor=ACTOR, now=TUESDAY
    )
    pack(session, picking.fulfilment_id)
    shipment = fulfilment.ship_fulfilment(
        session, picking.fulfilment_id, carrier=shipping.SimulatedCarrier(seed=1),
        actor=ACTOR, now=TUESDAY,
    )  # fmt: skip
    assert shipment.service_level == "express"


def test_an_unpacked_fulfilment_cannot_ship(session: Session) -> None:
    picking = picking_order(session)
    with pytest.raises(IllegalTransition, match="only a packed parcel ships"):
        fulfilment.ship_fulfilment(
            session, picking.fulfilment_id, carrier=shipping.SimulatedCarrier(),
            service_level=shipping.ServiceLevel.STANDARD, actor=ACTOR,
        )  # fmt: skip


def test_error_rate_counts_errors_per_hundred_fulfilments(session: Session) -> None:
    picking = picking_order(session)
    fulfilment.scan(session, picking.fulfilment_id, code=TEE, quantity=1, packer=PACKER,
                    actor=ACTOR, now=TUESDAY)  # fmt: skip
    pack(session, picking.fulfilment_id)
    day = TUESDAY.date()
    report = fulfilment.fulfilment_error_rates(
        session, group_by=fulfilment.GroupBy.PACKER, start=day - timedelta(days=7), end=day
    )
    assert [(r.group, r.week, r.fulfilments, r.errors, r.per_100) for r in report.weeks] == [
        (PACKER, "2026-W47", 1, 1, 100.0)
    ]
    by_warehouse = fulfilment.fulfilment_error_rates(
        session, group_by=fulfilment.GroupBy.WAREHOUSE, start=day, end=day
    )
    assert [r.group for r in by_warehouse.totals] == ["BER"]
