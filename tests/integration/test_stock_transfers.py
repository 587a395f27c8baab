"""Transfers between warehouses: out of the source at dispatch, in transit (incoming, dated)
at the destination, into its stock at receipt; every step in the ledger."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.inventory.models import StockMovement
from opsdesk.kernel.errors import IllegalTransition, InsufficientStock, InvalidInput, NotFound
from tests.factories.catalog import make_variant
from tests.factories.inventory import (
    BERLIN_CUSTOMER,
    allocation_lines,
    ledger_sums,
    make_order,
    make_warehouse,
    receive_stock,
    stock_level,
)

ARRIVES = date(2026, 12, 10)


@pytest.fixture
def sites(session: Session) -> tuple[int, int, int]:
    """A mug with 10 in Hamburg, none in Munich."""
    variant = make_variant(session, "MUG-BLUE")
    hamburg = make_warehouse(session, "HAM")
    munich = make_warehouse(session, "MUC")
    receive_stock(session, "MUG-BLUE", hamburg, 10)
    session.commit()
    return variant, hamburg, munich


def draft(session: Session, source: int, target: int, quantity: int) -> inventory.TransferRead:
    data = inventory.TransferCreate(
        from_warehouse_id=source, to_warehouse_id=target, expected_date=ARRIVES,
        lines=[{"sku": "MUG-BLUE", "quantity": quantity}],
    )  # fmt: skip
    return inventory.create_transfer(session, data, actor="olga")


def test_a_draft_moves_nothing_until_dispatched(
    session: Session, sites: tuple[int, int, int]
) -> None:
    variant, hamburg, munich = sites
    transfer = draft(session, hamburg, munich, 4)
    assert transfer.status == inventory.TransferStatus.DRAFT
    assert transfer.number.startswith("TR-")
    assert [(ln.sku, ln.quantity) for ln in transfer.lines] == [("MUG-BLUE", 4)]
    assert stock_level(session, variant, hamburg) == (10, 0)
    assert inventory.in_transit(session, [variant]) == {}


def test_dispatch_takes_units_out_and_shows_them_incoming_at_the_destination(
    session: Session, sites: tuple[int, int, int]
) -> None:
    variant, hamburg, munich = sites
    transfer = draft(session, hamburg, munich, 4)
    sent = inventory.dispatch_transfer(session, transfer.id, actor="olga")
    assert sent.status == inventory.TransferStatus.IN_TRANSIT
    assert stock_level(session, variant, hamburg) == (6, 0)
    on_the_way = inventory.in_transit(session, [variant])[variant]
    assert [(t.warehouse_id, t.quantity, t.expected_date) for t in on_the_way] == [
        (munich, 4, ARRIVES)
    ]
    received = inventory.receive_transfer(session, transfer.id, actor="olga")
    assert received.status == inventory.TransferStatus.RECEIVED
    assert stock_level(session, variant, munich) == (4, 0)
    assert inventory.in_transit(session, [variant]) == {}
    kinds = session.execute(
        sa.select(StockMovement.kind, StockMovement.warehouse_id, StockMovement.on_hand_delta,
                  StockMovement.reference)
        .where(StockMovement.reference == f"transfer:{transfer.id}")
        .order_by(StockMovement.id)
    ).all()  # fmt: skip
    assert [(k.value, w, d) for k, w, d, _ in kinds] == [
        ("transfer_out", hamburg, -4),
        ("transfer_in", munich, 4),
    ]
    assert ledger_sums(session, variant, hamburg) == (6, 0)
    assert inventory.check_consistency(session) == []


def test_dispatch_never_takes_units_held_for_orders(
    session: Session, sites: tuple[int, int, int]
) -> None:
    variant, hamburg, munich = sites
    order = make_order(session, {variant: 8})
    inventory.allocate(
        session, order_id=order.id, lines=allocation_lines(order), destination=BERLIN_CUSTOMER,
        strategy="priority", actor="t",
    )  # fmt: skip
    transfer = draft(session, hamburg, munich, 3)
    with pytest.raises(InsufficientStock, match="2 available"):
        inventory.dispatch_transfer(session, transfer.id, actor="olga")
    assert stock_level(session, variant, hamburg) == (10, 8)


def test_steps_go_one_way_only(session: Session, sites: tuple[int, int, int]) -> None:
    _, hamburg, munich = sites
    transfer = draft(session, hamburg, munich, 1)
    with pytest.raises(IllegalTransition):
        inventory.receive_transfer(session, transfer.id, actor="olga")
    inventory.dispatch_transfer(session, transfer.id, actor="olga")
    with pytest.raises(IllegalTransition):
        inventory.dispatch_transfer(session, transfer.id, actor="olga")
    with pytest.raises(IllegalTransition):
        inventory.cancel_transfer(session, transfer.id)
    cancelled = inventory.cancel_transfer(session, draft(session, hamburg, munich, 1).id)
    assert cancelled.status == inventory.TransferStatus.CANCELLED


def test_bad_transfers_are_refused_by_name(session: Session, sites: tuple[int, int, int]) -> None:
    _, hamburg, munich = sites
    with pytest.raises(NotFound, match="warehouse 999"):
        draft(session, hamburg, 999, 1)
    with pytest.raises(NotFound, match="variant NOPE"):
        inventory.create_transfer(
            session,
            inventory.TransferCreate(from_warehouse_id=hamburg, to_warehouse_id=munich,
                                     expected_date=ARRIVES, lines=[{"sku": "NOPE", "quantity": 1}]),
            actor="olga",
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="once per transfer"):
        inventory.create_transfer(
            session,
            inventory.TransferCreate(from_warehouse_id=hamburg, to_warehouse_id=munich,
                                     expected_date=ARRIVES,
                                     lines=[{"sku": "MUG-BLUE", "quantity": 1}] * 2),
            actor="olga",
        )  # fmt: skip


def test_transfers_list_newest_first_a_page_at_a_time(
    session: Session, sites: tuple[int, int, int]
) -> None:
    _, hamburg, munich = sites
    made = [draft(session, hamburg, munich, 1).id for _ in range(3)]
    first, cursor = inventory.list_transfers(session, limit=2)
    assert [t.id for t in first] == made[::-1][:2]
    rest, end = inventory.list_transfers(session, limit=2, cursor=cursor)
    assert [t.id for t in rest] == [made[0]]
    assert end is None
