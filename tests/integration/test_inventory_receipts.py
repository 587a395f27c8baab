"""Purchase orders and receipts: stock arrives, backorders fill oldest first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.inventory.models import PurchaseOrderStatus
from opsdesk.kernel.errors import Conflict, IllegalTransition, InvalidInput
from opsdesk.kernel.events import OutboxEvent
from tests.factories.catalog import make_variant
from tests.factories.inventory import (
    NOWHERE,
    allocation_lines,
    make_order,
    make_purchase_order,
    make_warehouse,
    stock_level,
)

MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def tee(session: Session) -> dict[str, int]:
    ids = {
        "tee": make_variant(session, "TEE-M", policy="backorder", fragile=False),
        "ham": make_warehouse(session, "HAM"),
    }
    po = make_purchase_order(session, ids["ham"], {"TEE-M": 10}, expected=date(2026, 3, 9))
    ids["po"] = po.id
    session.commit()
    return ids


def backorder(session: Session, variant: int, quantity: int, at: datetime) -> int:
    order = make_order(session, {variant: quantity})
    result = inventory.allocate(
        session, order_id=order.id, lines=allocation_lines(order), destination=NOWHERE,
        strategy="priority", actor="t", now=at,
    )  # fmt: skip
    assert result.waiting[0].quantity == quantity
    return order.id


def receipt(sku: str, quantity: int) -> list[inventory.ReceiptLine]:
    return [inventory.ReceiptLine(quantity=quantity, sku=sku)]


def test_receiving_fills_waiting_orders_oldest_first(session: Session, tee: dict[str, int]) -> None:
    first = backorder(session, tee["tee"], 3, MONDAY)
    second = backorder(session, tee["tee"], 4, MONDAY + timedelta(hours=1))
    third = backorder(session, tee["tee"], 2, MONDAY + timedelta(hours=2))

    result = inventory.receive(
        session, purchase_order_id=tee["po"], lines=receipt("TEE-M", 6), actor="ops:olga"
    )
    session.commit()

    filled = [(f.order_id, f.quantity, f.remaining_quantity) for f in result.backorders_filled]
    assert filled == [(first, 3, 0), (second, 3, 1)]
    assert result.status is PurchaseOrderStatus.PARTIALLY_RECEIVED
    assert stock_level(session, tee["tee"], tee["ham"]) == (6, 6)
    third_status = {r.status for r in inventory.reservations_for_order(session, third)}
    assert third_status == {"waiting"}
    second_rows = sorted(
        (r.status, r.quantity) for r in inventory.reservations_for_order(session, second)
    )
    assert second_rows == [("active", 3), ("waiting", 1)]
    events = session.scalars(
        sa.select(OutboxEvent.payload).where(OutboxEvent.name == "BackorderFilled")
    ).all()
    assert [(e["order_id"], e["quantity"], e["warehouse_id"]) for e in events] == [
        (first, 3, tee["ham"]), (second, 3, tee["ham"]),
    ]  # fmt: skip
    assert inventory.check_consistency(session) == []


def test_receiving_the_rest_completes_the_purchase_order(
    session: Session, tee: dict[str, int]
) -> None:
    inventory.receive(session, purchase_order_id=tee["po"], lines=receipt("TEE-M", 4), actor="o")
    result = inventory.receive(
        session, purchase_order_id=tee["po"], lines=[inventory.ReceiptLine(tee["tee"], 6)],
        actor="o",
    )  # fmt: skip
    assert result.status is PurchaseOrderStatus.RECEIVED
    assert result.received == {"TEE-M": 6}
    assert stock_level(session, tee["tee"], tee["ham"]) == (10, 0)
    with pytest.raises(IllegalTransition):
        inventory.receive(
            session, purchase_order_id=tee["po"], lines=receipt("TEE-M", 1), actor="o"
        )


def test_over_receipt_is_a_conflict_and_books_nothing(
    session: Session, tee: dict[str, int]
) -> None:
    with pytest.raises(Conflict, match="over-receipt") as caught:
        inventory.receive(
            session, purchase_order_id=tee["po"], lines=receipt("TEE-M", 11), actor="o"
        )
    assert caught.value.details["outstanding"] == 10
    session.rollback()
    assert stock_level(session, tee["tee"], tee["ham"]) == (0, 0)


def test_receiving_a_sku_not_on_the_purchase_order_is_invalid(
    session: Session, tee: dict[str, int]
) -> None:
    make_variant(session, "CAP-RED")
    with pytest.raises(InvalidInput, match="not on purchase order"):
        inventory.receive(
            session, purchase_order_id=tee["po"], lines=receipt("CAP-RED", 1), actor="o"
        )


def test_a_promise_uses_only_incoming_not_yet_promised(
    session: Session, tee: dict[str, int]
) -> None:
    later = make_purchase_order(session, tee["ham"], {"TEE-M": 5}, expected=date(2026, 3, 30))
    backorder(session, tee["tee"], 8, MONDAY)
    order = make_order(session, {tee["tee"]: 4})
    result = inventory.allocate(
        session, order_id=order.id, lines=allocation_lines(order), destination=NOWHERE,
        strategy="priority", actor="t", now=MONDAY, handling_days=2,
    )  # fmt: skip
    assert later.number.startswith("PO-")
    assert result.promised_date == date(2026, 4, 1)


def test_a_release_hands_freed_units_to_a_waiting_order(
    session: Session, tee: dict[str, int]
) -> None:
    inventory.receive(session, purchase_order_id=tee["po"], lines=receipt("TEE-M", 2), actor="o")
    holder = make_order(session, {tee["tee"]: 2})
    inventory.allocate(
        session, order_id=holder.id, lines=allocation_lines(holder), destination=NOWHERE,
        strategy="priority", actor="t",
    )  # fmt: skip
    waiting = backorder(session, tee["tee"], 1, MONDAY)
    inventory.release(session, order_id=holder.id, actor="agent:ana", reason="cancelled")
    assert {r.status for r in inventory.reservations_for_order(session, waiting)} == {"active"}
    assert stock_level(session, tee["tee"], tee["ham"]) == (2, 1)
    assert inventory.check_consistency(session) == []


def test_a_found_unit_serves_a_waiting_order_but_a_plain_return_does_not(
    session: Session, tee: dict[str, int]
) -> None:
    waiting = backorder(session, tee["tee"], 2, MONDAY)
    inventory.return_to_stock(
        session, variant_id=tee["tee"], warehouse_id=tee["ham"], quantity=1, actor="o",
        reference="return:R-1",
    )  # fmt: skip
    assert stock_level(session, tee["tee"], tee["ham"]) == (1, 0)
    inventory.adjust(
        session, sku="TEE-M", warehouse_id=tee["ham"], delta=1, reason="found in aisle 3",
        actor="o",
    )  # fmt: skip
    assert stock_level(session, tee["tee"], tee["ham"]) == (2, 2)
    assert {r.status for r in inventory.reservations_for_order(session, waiting)} == {"active"}
    assert inventory.check_consistency(session) == []
