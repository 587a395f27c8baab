"""allocate / release / pick against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.inventory.models import Reservation, StockLevel, StockMovement
from opsdesk.inventory.schemas import WarehouseUpdate
from opsdesk.kernel import fastsql
from opsdesk.kernel.errors import InsufficientStock, InvalidInput
from opsdesk.kernel.events import OutboxEvent
from tests.factories.catalog import make_variant
from tests.factories.inventory import (
    BERLIN_CUSTOMER,
    HAMBURG,
    MUNICH,
    allocation_lines,
    make_order,
    make_purchase_order,
    make_warehouse,
    receive_stock,
    stock_level,
)

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def shelves(session: Session) -> dict[str, int]:
    """A mug (reject) and a tee (backorder), stocked in Hamburg and Munich."""
    ids = {
        "mug": make_variant(session, "MUG-BLUE"),
        "tee": make_variant(session, "TEE-M", policy="backorder", fragile=False),
        "ham": make_warehouse(session, "HAM", priority=1, **HAMBURG),
        "muc": make_warehouse(session, "MUC", priority=2, **MUNICH),
    }
    receive_stock(session, "MUG-BLUE", ids["ham"], 3)
    receive_stock(session, "MUG-BLUE", ids["muc"], 5)
    receive_stock(session, "TEE-M", ids["muc"], 2)
    session.commit()
    return ids


def allocate(session: Session, order_lines: dict[int, int], strategy: str = "priority"):  # type: ignore[no-untyped-def]
    order = make_order(session, order_lines)
    result = inventory.allocate(
        session, order_id=order.id, lines=allocation_lines(order), destination=BERLIN_CUSTOMER,
        strategy=strategy, actor="operations:test", now=NOW,
    )  # fmt: skip
    return order, result


def assert_ledger_matches(session: Session) -> None:
    assert inventory.check_consistency(session) == []


def test_allocation_reserves_in_the_preferred_warehouse_and_writes_the_ledger(
    session: Session, shelves: dict[str, int]
) -> None:
    order, result = allocate(session, {shelves["mug"]: 2})
    session.commit()

    assert result.fully_allocated
    assert [(r.warehouse_id, r.quantity) for r in result.reservations] == [(shelves["ham"], 2)]
    assert stock_level(session, shelves["mug"], shelves["ham"]) == (3, 2)
    movement = session.scalars(
        sa.select(StockMovement).where(StockMovement.reference == f"order:{order.id}")
    ).one()
    assert (movement.kind, movement.reserved_delta, movement.actor) == (
        "reservation", 2, "operations:test",
    )  # fmt: skip
    names = session.scalars(sa.select(OutboxEvent.name)).all()
    assert "StockReserved" in names
    assert_ledger_matches(session)


def test_a_line_larger_than_any_warehouse_is_split(
    session: Session, shelves: dict[str, int]
) -> None:
    _order, result = allocate(session, {shelves["mug"]: 7})
    split = sorted((r.warehouse_id, r.quantity) for r in result.reservations)
    assert split == sorted([(shelves["ham"], 3), (shelves["muc"], 4)])
    assert_ledger_matches(session)


def test_a_rejected_order_leaves_nothing_behind(session: Session, shelves: dict[str, int]) -> None:
    before = session.scalar(sa.select(sa.func.count()).select_from(StockMovement))
    with pytest.raises(InsufficientStock) as caught:
        allocate(session, {shelves["tee"]: 1, shelves["mug"]: 9})
    assert caught.value.details["short"][0] == {
        "sku": "MUG-BLUE", "requested": 9, "available": 8, "reason": "not_backorderable",
    }  # fmt: skip
    assert session.scalar(sa.select(sa.func.count()).select_from(Reservation)) == 0
    assert session.scalar(sa.select(sa.func.count()).select_from(StockMovement)) == before
    assert stock_level(session, shelves["tee"], shelves["muc"]) == (2, 0)


def test_inside_a_deferred_block_the_units_are_held_with_the_blocks_writes(
    session: Session, shelves: dict[str, int]
) -> None:
    order = make_order(session, {shelves["mug"]: 2})
    session.commit()
    with inventory.oversell_refused(), fastsql.deferred(session):
        inventory.allocate(
            session, order_id=order.id, lines=allocation_lines(order),
            destination=BERLIN_CUSTOMER, strategy="priority", actor="operations:test", now=NOW,
        )  # fmt: skip
        assert stock_level(session, shelves["mug"], shelves["ham"]) == (3, 0)  # not yet sent
    session.commit()

    assert stock_level(session, shelves["mug"], shelves["ham"]) == (3, 2)
    assert_ledger_matches(session)


def test_an_oversold_row_refused_by_the_check_constraint_is_insufficient_stock(
    session: Session, shelves: dict[str, int]
) -> None:
    order = make_order(session, {shelves["mug"]: 3})
    session.commit()

    def allocate_then_lose_the_units() -> None:
        with inventory.oversell_refused(), fastsql.deferred(session):
            inventory.allocate(
                session, order_id=order.id, lines=allocation_lines(order),
                destination=BERLIN_CUSTOMER, strategy="priority", actor="operations:test",
                now=NOW,
            )  # fmt: skip
            # What the locks rule out: the planned row loses units before the hold is sent.
            session.execute(
                sa.update(StockLevel)
                .where(StockLevel.variant_id == shelves["mug"])
                .values(on_hand=1)
                .execution_options(synchronize_session=False)
            )

    with pytest.raises(InsufficientStock) as caught:
        allocate_then_lose_the_units()
    session.rollback()

    assert caught.value.details["reason"] == "concurrent_allocation"
    assert session.scalar(sa.select(sa.func.count()).select_from(Reservation)) == 0
    assert stock_level(session, shelves["mug"], shelves["ham"]) == (3, 0)


def test_backorder_waits_for_the_purchase_order_with_an_honest_date(
    session: Session, shelves: dict[str, int]
) -> None:
    make_purchase_order(session, shelves["ham"], {"TEE-M": 10}, expected=date(2026, 3, 12))
    order, result = allocate(session, {shelves["tee"]: 5})
    session.commit()

    assert not result.fully_allocated
    assert [(r.warehouse_id, r.quantity) for r in result.reservations] == [(shelves["muc"], 2)]
    assert [(w.quantity, w.promised_date) for w in result.waiting] == [(3, date(2026, 3, 13))]
    statuses = {(r.status, r.quantity) for r in inventory.reservations_for_order(session, order.id)}
    assert statuses == {("active", 2), ("waiting", 3)}
    assert "StockBackordered" in session.scalars(sa.select(OutboxEvent.name)).all()
    assert_ledger_matches(session)


def test_backorder_without_a_purchase_order_is_refused(
    session: Session, shelves: dict[str, int]
) -> None:
    with pytest.raises(InsufficientStock, match="TEE-M"):
        allocate(session, {shelves["tee"]: 5})


def test_release_gives_back_active_and_waiting_units(
    session: Session, shelves: dict[str, int]
) -> None:
    make_purchase_order(session, shelves["ham"], {"TEE-M": 10}, expected=date(2026, 3, 12))
    order, _ = allocate(session, {shelves["tee"]: 5, shelves["mug"]: 1})
    released = inventory.release(
        session, order_id=order.id, actor="agent:ana", reason="customer cancelled"
    )
    session.commit()

    assert sorted(r.quantity for r in released) == [1, 2, 3]
    assert {r.status for r in released} == {"released"}
    assert stock_level(session, shelves["tee"], shelves["muc"]) == (2, 0)
    assert stock_level(session, shelves["mug"], shelves["ham"]) == (3, 0)
    assert inventory.release(session, order_id=order.id, actor="x", reason="again") == []
    assert_ledger_matches(session)


def test_release_of_some_lines_keeps_the_others(session: Session, shelves: dict[str, int]) -> None:
    order, _ = allocate(session, {shelves["tee"]: 1, shelves["mug"]: 1})
    mug_line = next(ln.id for ln in order.lines if ln.variant_id == shelves["mug"])
    inventory.release(
        session, order_id=order.id, order_line_ids=[mug_line], actor="agent:ana", reason="edit"
    )
    left = [(r.sku, r.status) for r in inventory.reservations_for_order(session, order.id)]
    assert sorted(left) == [("MUG-BLUE", "released"), ("TEE-M", "active")]
    assert_ledger_matches(session)


def test_pick_takes_units_off_the_shelf_of_one_warehouse(
    session: Session, shelves: dict[str, int]
) -> None:
    order, _ = allocate(session, {shelves["mug"]: 7})
    picked = inventory.pick(session, order_id=order.id, warehouse_id=shelves["ham"], actor="ops")
    session.commit()

    assert [(r.quantity, r.status, r.warehouse_code) for r in picked] == [(3, "picked", "HAM")]
    assert stock_level(session, shelves["mug"], shelves["ham"]) == (0, 0)
    assert stock_level(session, shelves["mug"], shelves["muc"]) == (5, 4)
    assert inventory.pick(session, order_id=order.id, warehouse_id=shelves["ham"], actor="o") == []
    assert_ledger_matches(session)


def test_nearest_strategy_picks_munich_for_a_munich_customer(
    session: Session, shelves: dict[str, int]
) -> None:
    order = make_order(session, {shelves["mug"]: 1})
    result = inventory.allocate(
        session, order_id=order.id, lines=allocation_lines(order),
        destination=inventory.Destination(region="BY", country="DE", latitude=48.2, longitude=11.6),
        strategy="nearest", actor="t", now=NOW,
    )  # fmt: skip
    assert result.reservations[0].warehouse_id == shelves["muc"]


def test_unknown_variant_or_bad_quantity_is_invalid_input(
    session: Session, shelves: dict[str, int]
) -> None:
    order = make_order(session, {shelves["mug"]: 1})
    line = order.lines[0].id
    for bad in (inventory.AllocationLine(line, 999_999, 1), inventory.AllocationLine(line, 1, 0)):
        with pytest.raises(InvalidInput):
            inventory.allocate(
                session, order_id=order.id, lines=[bad], destination=BERLIN_CUSTOMER,
                strategy="priority", actor="t",
            )  # fmt: skip


def test_stock_in_an_inactive_warehouse_is_not_allocated(
    session: Session, shelves: dict[str, int]
) -> None:
    inventory.update_warehouse(session, shelves["ham"], WarehouseUpdate(active=False))
    _order, result = allocate(session, {shelves["mug"]: 2})
    assert {r.warehouse_id for r in result.reservations} == {shelves["muc"]}
