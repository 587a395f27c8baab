"""Suppliers, purchase orders made out to them, audited due dates, and receipts at the
dock that put goods away in bins and fill waiting backorders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.inventory.dock import DockLine
from opsdesk.inventory.schemas import SupplierCreate
from opsdesk.kernel.errors import AlreadyExists, Conflict, IllegalTransition, InvalidInput
from tests.factories.inventory import stock_level
from tests.factories.purchasing import CAP, MONDAY, TEE, make_dock, make_supplier


def test_a_supplier_name_is_taken_whatever_its_case(session: Session) -> None:
    make_supplier(session, "Nordwolle GmbH")
    data = SupplierCreate(name="NORDWOLLE gmbh", email="x@y.example")
    with pytest.raises(AlreadyExists, match="NORDWOLLE gmbh"):
        inventory.suppliers.create_supplier(session, data)


def test_a_purchase_order_is_due_after_the_suppliers_lead_time(session: Session) -> None:
    dock = make_dock(session)
    order = inventory.get_purchase_order(session, dock.purchase_order)
    assert order.expected_date == date(2026, 3, 12)  # 2 March + 10 days
    assert order.supplier == "Nordwolle GmbH"
    row = session.get(inventory.PurchaseOrder, dock.purchase_order)
    assert row is not None
    assert row.supplier_id == dock.supplier


def test_moving_the_due_date_is_kept_and_redates_the_waiting_customer(session: Session) -> None:
    dock = make_dock(session)
    before = inventory.reservations_for_order(session, dock.waiting_order)[0].promised_date
    moved = inventory.po_changes.change_due_date(
        session, dock.purchase_order, due=date(2026, 3, 20), reason="supplier short of yarn",
        actor="ops:olga", now=MONDAY,
    )  # fmt: skip
    after = inventory.reservations_for_order(session, dock.waiting_order)[0].promised_date
    assert moved == [dock.waiting_order]
    assert before is not None
    assert after == before + timedelta(days=8)
    [change] = inventory.po_changes.changes_of(session, dock.purchase_order)
    assert (change.field, change.old_value, change.new_value) == (
        "expected_date", "2026-03-12", "2026-03-20",
    )  # fmt: skip
    assert (change.actor, change.reason) == ("ops:olga", "supplier short of yarn")


def test_a_due_date_move_needs_a_reason_and_a_new_date(session: Session) -> None:
    dock = make_dock(session)
    change = inventory.po_changes.change_due_date
    with pytest.raises(InvalidInput, match="why"):
        change(session, dock.purchase_order, due=date(2026, 3, 20), reason=" ", actor="o",
               now=MONDAY)  # fmt: skip
    with pytest.raises(InvalidInput, match="already due"):
        change(session, dock.purchase_order, due=date(2026, 3, 12), reason="r", actor="o",
               now=MONDAY)  # fmt: skip
    assert inventory.po_changes.changes_of(session, dock.purchase_order) == []


def test_a_partial_receipt_puts_goods_in_bins_and_fills_the_backorder(session: Session) -> None:
    dock = make_dock(session)
    receipt = inventory.dock.book_receipt(
        session, purchase_order_id=dock.purchase_order, accept_over=False, actor="ops:olga",
        now=MONDAY, lines=[DockLine(TEE, 2, "A-01"), DockLine(TEE, 1), DockLine(CAP, 0)],
    )  # fmt: skip
    session.commit()
    assert [(ln.variant_id, ln.quantity, ln.bin) for ln in receipt.lines] == [(dock.tee, 3, "A-01")]
    assert [(f["order_id"], f["quantity"]) for f in receipt.filled] == [(dock.waiting_order, 2)]
    order = inventory.get_purchase_order(session, dock.purchase_order)
    assert order.status is inventory.PurchaseOrderStatus.PARTIALLY_RECEIVED
    assert {ln.sku: ln.quantity_received for ln in order.lines} == {TEE: 3, CAP: 0}
    assert stock_level(session, dock.tee, dock.warehouse) == (3, 2)
    rows = {r.sku: r for r in inventory.dock.dock_rows(session, dock.purchase_order)}
    assert (rows[TEE].outstanding, rows[TEE].last_bin, rows[CAP].last_bin) == (7, "A-01", "")
    assert inventory.check_consistency(session) == []


def test_an_over_receipt_is_refused_whole_until_confirmed(session: Session) -> None:
    dock = make_dock(session, caps=4)
    lines = [DockLine(TEE, 1, "A-01"), DockLine(CAP, 6, "B-02")]
    with pytest.raises(Conflict, match="6 × CAP-OLIVE counted but only 4 outstanding"):
        inventory.dock.book_receipt(session, purchase_order_id=dock.purchase_order, lines=lines,
                                    accept_over=False, actor="o", now=MONDAY)  # fmt: skip
    assert stock_level(session, dock.tee, dock.warehouse) == (0, 0)
    receipt = inventory.dock.book_receipt(session, purchase_order_id=dock.purchase_order,
                                          lines=lines, accept_over=True, actor="o", now=MONDAY)  # fmt: skip
    assert [ln.quantity for ln in receipt.lines] == [1, 6]
    order = inventory.get_purchase_order(session, dock.purchase_order)
    assert {ln.sku: ln.quantity_ordered for ln in order.lines} == {TEE: 10, CAP: 6}
    [change] = inventory.po_changes.changes_of(session, dock.purchase_order)
    assert (change.field, change.old_value, change.new_value) == (
        "quantity_ordered:CAP-OLIVE",
        "4",
        "6",
    )


def test_a_sku_not_on_the_order_is_refused(session: Session) -> None:
    dock = make_dock(session)
    with pytest.raises(InvalidInput, match="MUG-BLUE is not on this purchase order"):
        inventory.dock.book_receipt(session, purchase_order_id=dock.purchase_order,
                                    lines=[DockLine("MUG-BLUE", 1)], accept_over=False,
                                    actor="o", now=MONDAY)  # fmt: skip


def test_sending_is_kept_and_a_cancelled_order_cannot_be_sent(session: Session) -> None:
    dock = make_dock(session)
    inventory.po_changes.mark_sent(session, dock.purchase_order, to="orders@nordwolle.example",
                                   actor="ops:olga", now=MONDAY)  # fmt: skip
    row = session.get(inventory.PurchaseOrder, dock.purchase_order)
    assert row is not None
    assert row.sent_at is not None
    assert inventory.po_changes.changes_of(session, dock.purchase_order)[0].new_value == (
        "orders@nordwolle.example"
    )
    row.status = inventory.PurchaseOrderStatus.CANCELLED
    with pytest.raises(IllegalTransition):
        inventory.po_changes.mark_sent(session, dock.purchase_order, to="x@y.example",
                                       actor="o", now=MONDAY)  # fmt: skip


def test_the_document_lists_the_lines_with_titles(session: Session) -> None:
    dock = make_dock(session)
    doc = inventory.po_document.document_of(session, dock.purchase_order, store_name="Nordlicht")
    assert [(ln.sku, ln.title, ln.quantity) for ln in doc.lines] == [
        (TEE, "Merino tee navy M", 10), (CAP, "Waxed cap olive", 4),
    ]  # fmt: skip
    assert (doc.supplier_email, doc.currency, doc.deliver_to[0]) == (
        "orders@nordwolle.example", "EUR", "Hamburg",
    )  # fmt: skip
    assert inventory.po_document.render_pdf(doc).startswith(b"%PDF")
    assert session.scalar(sa.select(sa.func.count()).select_from(inventory.Supplier)) == 1
