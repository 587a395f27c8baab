"""Fulfilment for the pick list and packing station screens, on SQLite and PostgreSQL:
totes on pick lists, bins, finding a parcel by any of its barcodes, boxes and shipping,
and a pick list that is done once its last parcel ships."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fulfilment, orders, shipping
from opsdesk.kernel.errors import IllegalTransition, InvalidInput, NotFound
from opsdesk.web.ui.ops.fulfilment_data import pick_list_page
from opsdesk.web.ui.ops.packing_flow import handle_scan
from tests.factories.fulfilment import ACTOR, PACKER, TUESDAY, FixedClock, pack, picking_order
from tests.factories.orders import MUG, TEE, make_shop, place


def carrier() -> shipping.Carrier:
    return shipping.SimulatedCarrier(seed=1, clock=FixedClock())


def two_orders_on_one_list(session: Session) -> tuple[int, list[fulfilment.Fulfilment]]:
    shop = make_shop(session)
    place(session, {MUG: 1, TEE: 1}, now=TUESDAY)
    place(session, {MUG: 2}, now=TUESDAY)
    pick_list = fulfilment.create_pick_list(session, warehouse_id=shop.berlin, actor=ACTOR,
                                            now=TUESDAY)  # fmt: skip
    return shop.berlin, fulfilment.get_pick_list(session, pick_list.id)[1]


def test_each_order_on_a_pick_list_gets_its_own_tote_and_every_barcode_finds_it(
    session: Session,
) -> None:
    _, parts = two_orders_on_one_list(session)
    pick_list_id = parts[0].pick_list_id
    assert pick_list_id is not None
    assert [p.tote_code for p in parts] == [
        fulfilment.tote_code(pick_list_id, 1),
        fulfilment.tote_code(pick_list_id, 2),
    ]
    second = parts[1]
    order_number = session.scalar(
        sa.select(orders.Order.number).where(orders.Order.id == second.order_id)
    )
    assert order_number
    for code in (second.tote_code or "", fulfilment.fulfilment_code(second.id), order_number):
        found = fulfilment.find_fulfilment(session, code)
        assert found is not None
        assert found.id == second.id, code
    assert fulfilment.find_fulfilment(session, "TOTE-999-01") is None


def test_the_walk_follows_the_bins_and_a_bin_can_be_moved(session: Session) -> None:
    berlin, parts = two_orders_on_one_list(session)
    fulfilment.set_bin(session, warehouse_id=berlin, sku=MUG, bin_code="b-12")
    fulfilment.set_bin(session, warehouse_id=berlin, sku=TEE, bin_code="B-3")
    sheet = fulfilment.pick_sheet(session, parts[0].pick_list_id or 0)
    assert [(r.bin, r.sku, r.quantity) for r in sheet.rows] == [("B-3", TEE, 1), ("B-12", MUG, 3)]
    fulfilment.set_bin(session, warehouse_id=berlin, sku=TEE, bin_code="C-1")
    sheet = fulfilment.pick_sheet(session, parts[0].pick_list_id or 0)
    assert [r.sku for r in sheet.rows] == [MUG, TEE]
    assert [t.units for t in sheet.totes] == [2, 2]
    with pytest.raises(InvalidInput):
        fulfilment.set_bin(session, warehouse_id=berlin, sku=MUG, bin_code="<script>")
    with pytest.raises(NotFound):
        fulfilment.set_bin(session, warehouse_id=berlin, sku="NO-SUCH-SKU", bin_code="A-1")


def test_a_parcel_ships_in_its_box_and_the_pick_list_is_done_with_its_last_parcel(
    session: Session,
) -> None:
    picking = picking_order(session, mugs=2)
    with pytest.raises(IllegalTransition):
        fulfilment.choose_box(session, picking.fulfilment_id, "BOX-M")  # nothing packed yet
    pack(session, picking.fulfilment_id)
    with pytest.raises(InvalidInput, match="choose a box"):
        fulfilment.ship_in_box(session, picking.fulfilment_id, carrier=carrier(), actor=ACTOR)
    with pytest.raises(InvalidInput, match="no box"):
        fulfilment.choose_box(session, picking.fulfilment_id, "CRATE")
    fulfilment.choose_box(session, picking.fulfilment_id, "BOX-M")
    shipment = fulfilment.ship_in_box(session, picking.fulfilment_id, carrier=carrier(),
                                      actor=ACTOR, now=TUESDAY)  # fmt: skip
    assert shipment.packages == [
        {"weight_g": 2 * 350 + 220, "length_mm": 350, "width_mm": 250, "height_mm": 150}
    ]
    pick_list = session.get(fulfilment.PickList, picking.pick_list_id)
    assert pick_list is not None
    assert pick_list.completed_at == TUESDAY
    done = pick_list_page(session, warehouse_id=None, state="done", cursor=None)
    assert [(r.id, r.orders, r.units, r.shipped) for r in done.rows] == [
        (picking.pick_list_id, 1, 2, 1)
    ]
    assert pick_list_page(session, warehouse_id=None, state="open", cursor=None).rows == []


def test_a_wrong_item_is_recorded_and_an_unknown_barcode_is_not(session: Session) -> None:
    picking = picking_order(session, mugs=2)
    current = fulfilment.get_fulfilment(session, picking.fulfilment_id)
    wrong = handle_scan(session, TEE, current, packer=PACKER, actor=ACTOR)
    assert (wrong.kind, wrong.status_code) == ("wrong_item", 409)
    unknown = handle_scan(session, "LOST-LABEL", current, packer=PACKER, actor=ACTOR)
    assert (unknown.kind, unknown.status_code) == ("unknown", 422)
    errors = session.query(fulfilment.FulfilmentError).all()
    assert [(e.kind, e.sku, e.expected_sku, e.packer) for e in errors] == [
        (fulfilment.FulfilmentErrorKind.WRONG_ITEM, TEE, MUG, PACKER)
    ]


def test_the_screen_totals_summed_in_sql_match_the_weekly_report(session: Session) -> None:
    picking = picking_order(session, mugs=2)
    fulfilment.scan(session, picking.fulfilment_id, code=TEE, quantity=1, packer=PACKER,
                    actor=ACTOR, now=TUESDAY)  # fmt: skip
    pack(session, picking.fulfilment_id)
    day = TUESDAY.date()
    for group_by in fulfilment.GroupBy:
        weekly = fulfilment.fulfilment_error_rates(session, group_by=group_by, start=day, end=day)
        totals = fulfilment.error_rate_totals(session, group_by=group_by, start=day, end=day)
        assert totals == weekly.totals
    by_packer = fulfilment.error_rate_totals(
        session, group_by=fulfilment.GroupBy.PACKER, start=day, end=day
    )
    assert [(r.group, r.fulfilments, r.errors) for r in by_packer] == [(PACKER, 1, 1)]
