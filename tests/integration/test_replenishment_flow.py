"""From a stored forecast to a suggestion, a draft purchase order, its receipt and the
backorder it fills; settings, transfers and the back-in-stock date — SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from opsdesk import inventory, replenishment
from opsdesk.kernel.errors import InvalidInput
from opsdesk.replenishment.inputs import recent_demand
from tests.factories.inventory import make_order
from tests.factories.replenishment import MONDAY, TODAY, make_replenishment_shop, store_forecast


def _for(plan: replenishment.Plan, variant: int, warehouse: int) -> replenishment.Suggestion:
    [found] = [s for s in plan.suggestions
               if (s.item.variant_id, s.item.warehouse_id) == (variant, warehouse)]  # fmt: skip
    return found


def test_forecast_to_draft_po_to_receipt_fills_the_backorder(session: Session) -> None:
    shop = make_replenishment_shop(session)
    run = store_forecast(session, shop.tee, shop.hamburg, 42.0)
    assert replenishment.back_in_stock(session, shop.tee, today=TODAY) == replenishment.BackInStock(
        TODAY + timedelta(days=14), "plan"
    )

    plan = replenishment.build_plan(session, today=TODAY)
    hamburg = _for(plan, shop.tee, shop.hamburg)
    assert plan.forecast_run == run
    assert hamburg.item.position == -2
    assert hamburg.item.backordered == 2
    assert hamburg.demand.source == "forecast"
    assert hamburg.quantity >= 20
    assert hamburg.quantity % 10 == 0
    assert hamburg.reason.startswith("cover 0 days, lead time 14 ± 4 days (stated; spread assumed)")
    assert "forecast 42/week" in hamburg.reason

    [po] = replenishment.create_draft_orders(
        session, {(shop.tee, shop.hamburg): hamburg.quantity}, today=TODAY
    )
    assert po.expected_date == TODAY + timedelta(days=14)
    assert [(ln.sku, ln.quantity_ordered) for ln in po.lines] == [("TEE-NAVY-M", hamburg.quantity)]
    assert replenishment.back_in_stock(session, shop.tee, today=TODAY) == replenishment.BackInStock(
        po.expected_date, "purchase order", po.number
    )
    after = _for(replenishment.build_plan(session, today=TODAY), shop.tee, shop.hamburg)
    assert after.item.on_order == hamburg.quantity
    assert after.quantity == 0

    receipt = inventory.receive(
        session, purchase_order_id=po.id, actor="dock",
        lines=[inventory.ReceiptLine(shop.tee, hamburg.quantity)], now=MONDAY,
    )  # fmt: skip
    assert [(f.order_id, f.quantity) for f in receipt.backorders_filled] == [
        (shop.waiting_order, 2)
    ]
    done = _for(replenishment.build_plan(session, today=TODAY), shop.tee, shop.hamburg)
    assert done.item.backordered == 0
    assert done.item.on_hand == hamburg.quantity


def test_without_a_forecast_the_last_weeks_of_orders_are_used(session: Session) -> None:
    shop = make_replenishment_shop(session)
    hamburg = _for(replenishment.build_plan(session, today=TODAY), shop.tee, shop.hamburg)
    assert hamburg.demand.source == "history"
    assert "no forecast yet: 8-week average 0.2/week" in hamburg.reason
    assert hamburg.quantity >= 20


def test_munich_surplus_is_offered_to_hamburg_before_the_supplier_could_deliver(
    session: Session,
) -> None:
    shop = make_replenishment_shop(session, munich_stock=400)
    store_forecast(session, shop.tee, shop.hamburg, 42.0)
    [move] = replenishment.build_plan(session, today=TODAY).transfers
    assert (move.from_warehouse_id, move.to_warehouse_id) == (shop.munich, shop.hamburg)
    assert move.quantity > 0
    assert "HAM runs out in 0 days" in move.reason


def test_service_levels_by_class_and_per_item_are_kept(session: Session) -> None:
    shop = make_replenishment_shop(session)
    replenishment.set_class_level(session, "CZ", 0.91, actor="lea")
    replenishment.set_override(session, shop.tee, shop.hamburg, 0.995, actor="lea")
    assert replenishment.class_levels(session)["CZ"] == 0.91
    assert replenishment.class_levels(session)["AX"] == 0.99  # the default
    hamburg = _for(replenishment.build_plan(session, today=TODAY), shop.tee, shop.hamburg)
    assert hamburg.service_level == 0.995
    replenishment.set_override(session, shop.tee, shop.hamburg, None, actor="lea")
    assert replenishment.overrides(session) == {}
    with pytest.raises(InvalidInput, match="service level"):
        replenishment.set_class_level(session, "AX", 1.2, actor="lea")
    with pytest.raises(InvalidInput, match="unknown class"):
        replenishment.set_class_level(session, "QQ", 0.9, actor="lea")


def test_an_item_without_a_supplier_record_cannot_become_a_po(session: Session) -> None:
    shop = make_replenishment_shop(session)
    inventory.suppliers.update_supplier(
        session, shop.supplier,
        inventory.schemas.SupplierCreate(name="Other Mill", email="sales@other.example", lead_time_days=3,
                                         currency="EUR"),
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="no supplier record"):
        replenishment.create_draft_orders(session, {(shop.tee, shop.hamburg): 20}, today=TODAY)
    assert inventory.list_purchase_orders(session)[0] == []
    assert date(2026, 12, 7) == TODAY


def test_recent_demand_counts_each_order_line_in_the_week_it_was_placed(
    session: Session,
) -> None:
    shop = make_replenishment_shop(session)
    start = datetime(2026, 10, 12, tzinfo=UTC)  # TODAY less eight weeks
    for day, units in ((0, 1), (6, 2), (7, 4), (55, 8), (-1, 100)):
        order = make_order(session, {shop.tee: units})
        order.placed_at = start + timedelta(days=day, hours=23)
        [line] = order.lines
        session.add(inventory.Reservation(
            order_id=order.id, order_line_id=line.id, variant_id=shop.tee,
            warehouse_id=shop.munich, quantity=units,
            status=inventory.ReservationStatus.RELEASED, promised_date=None,
            created_at=start, updated_at=start,
        ))  # fmt: skip
    session.flush()
    weekly = recent_demand(session, today=TODAY, weeks=8)
    assert weekly[(shop.tee, shop.munich)] == [3.0, 4.0, 0.0, 0.0, 0.0, 0.0, 0.0, 8.0]
    assert weekly[(shop.tee, None)][-1] == 2.0  # the waiting backorder, placed this week
