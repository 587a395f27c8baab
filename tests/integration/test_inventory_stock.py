"""Stock figures, adjustments, returns, write-offs and the ledger consistency check."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.inventory.models import StockLevel, StockMovement
from opsdesk.kernel.errors import InsufficientStock, InvalidInput, NotFound
from tests.factories.catalog import make_variant
from tests.factories.inventory import (
    BERLIN_CUSTOMER,
    allocation_lines,
    ledger_sums,
    make_order,
    make_purchase_order,
    make_warehouse,
    receive_stock,
    stock_level,
)


@pytest.fixture
def mug(session: Session) -> tuple[int, int]:
    variant = make_variant(session, "MUG-BLUE")
    warehouse = make_warehouse(session, "HAM")
    receive_stock(session, "MUG-BLUE", warehouse, 5)
    session.commit()
    return variant, warehouse


def reserve(session: Session, variant: int, quantity: int) -> int:
    order = make_order(session, {variant: quantity})
    inventory.allocate(
        session, order_id=order.id, lines=allocation_lines(order), destination=BERLIN_CUSTOMER,
        strategy="priority", actor="t",
    )  # fmt: skip
    return order.id


def test_adjustment_changes_on_hand_and_records_actor_and_reason(
    session: Session, mug: tuple[int, int]
) -> None:
    variant, warehouse = mug
    result = inventory.adjust(
        session, sku="MUG-BLUE", warehouse_id=warehouse, delta=-2, reason="two found chipped",
        actor="operations:olga",
    )  # fmt: skip
    session.commit()
    assert (result.stock.on_hand, result.stock.available) == (3, 3)
    assert (result.movement.kind, result.movement.on_hand_delta) == ("adjustment", -2)
    assert (result.movement.reason, result.movement.actor) == (
        "two found chipped",
        "operations:olga",
    )
    assert ledger_sums(session, variant, warehouse) == stock_level(session, variant, warehouse)


def test_an_adjustment_can_never_take_stock_below_what_is_reserved(
    session: Session, mug: tuple[int, int]
) -> None:
    variant, warehouse = mug
    reserve(session, variant, 4)
    with pytest.raises(InsufficientStock) as caught:
        inventory.adjust(
            session, sku="MUG-BLUE", warehouse_id=warehouse, delta=-2, reason="count", actor="o"
        )
    assert caught.value.details | {} == {
        "sku": "MUG-BLUE", "warehouse_id": warehouse, "requested": 2,
        "on_hand": 5, "reserved": 4, "available": 1,
    }  # fmt: skip
    assert stock_level(session, variant, warehouse) == (5, 4)


def test_an_adjustment_below_zero_in_a_new_warehouse_is_refused(
    session: Session, mug: tuple[int, int]
) -> None:
    empty = make_warehouse(session, "MUC")
    with pytest.raises(InsufficientStock, match="0 available"):
        inventory.adjust(
            session, sku="MUG-BLUE", warehouse_id=empty, delta=-1, reason="x", actor="o"
        )


def test_adjusting_an_unknown_sku_or_warehouse_is_not_found(
    session: Session, mug: tuple[int, int]
) -> None:
    _variant, warehouse = mug
    with pytest.raises(NotFound, match="NOPE"):
        inventory.adjust(
            session, sku="NOPE", warehouse_id=warehouse, delta=1, reason="x", actor="o"
        )
    with pytest.raises(NotFound, match="warehouse"):
        inventory.adjust(session, sku="MUG-BLUE", warehouse_id=404, delta=1, reason="x", actor="o")


def test_returns_and_write_offs_are_ledger_rows(session: Session, mug: tuple[int, int]) -> None:
    variant, warehouse = mug
    inventory.return_to_stock(
        session, variant_id=variant, warehouse_id=warehouse, quantity=2, actor="ops",
        reference="return:17",
    )  # fmt: skip
    inventory.write_off(
        session, variant_id=variant, warehouse_id=warehouse, quantity=1, actor="ops",
        reason="broken in transit",
    )  # fmt: skip
    session.commit()
    kinds = session.scalars(sa.select(StockMovement.kind).order_by(StockMovement.id)).all()
    assert kinds == ["adjustment", "return_to_stock", "write_off"]
    assert stock_level(session, variant, warehouse) == (6, 0)
    assert inventory.check_consistency(session) == []
    with pytest.raises(InvalidInput):
        inventory.write_off(
            session, variant_id=variant, warehouse_id=warehouse, quantity=0, actor="o", reason="x"
        )


def test_stock_read_shows_each_warehouse_with_dated_incoming_and_totals(
    session: Session, mug: tuple[int, int]
) -> None:
    variant, _warehouse = mug
    munich = make_warehouse(session, "MUC", priority=200)
    reserve(session, variant, 2)
    make_purchase_order(session, munich, {"MUG-BLUE": 12}, expected=date(2026, 4, 1))
    session.commit()

    read = inventory.stock_for_sku(session, "MUG-BLUE")
    rows = {w.warehouse_code: w for w in read.warehouses}
    assert (rows["HAM"].on_hand, rows["HAM"].reserved, rows["HAM"].available) == (5, 2, 3)
    assert [(i.quantity, i.expected_date) for i in rows["MUC"].incoming] == [(12, date(2026, 4, 1))]
    assert read.totals.model_dump() == {
        "on_hand": 5, "reserved": 2, "available": 3, "incoming": 12, "backordered": 0,
    }  # fmt: skip
    assert read.variant_id == variant


def test_stock_of_many_skus_is_one_batch_that_agrees_with_each_single_read(
    session: Session, engine: sa.Engine, mug: tuple[int, int]
) -> None:
    variant, _warehouse = mug
    munich = make_warehouse(session, "MUC", priority=200)
    make_variant(session, "MUG-RED")
    receive_stock(session, "MUG-RED", munich, 7)
    make_variant(session, "MUG-NEW")  # nothing on hand, only on the way
    make_purchase_order(session, munich, {"MUG-NEW": 4, "MUG-BLUE": 2}, expected=date(2026, 5, 2))
    reserve(session, variant, 3)
    session.commit()

    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        batch = inventory.stock_for_skus(session, ["MUG-NEW", "GONE", "MUG-BLUE", "MUG-RED"])
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert set(batch) == {"MUG-NEW", "MUG-BLUE", "MUG-RED"}
    assert "GONE" not in batch
    for sku, read in batch.items():
        assert read == inventory.stock_for_sku(session, sku)
    only_incoming = batch["MUG-NEW"].warehouses
    assert [
        (w.warehouse_code, w.on_hand, [i.quantity for i in w.incoming]) for w in only_incoming
    ] == [("MUC", 0, [4])]
    assert batch["MUG-BLUE"].totals.reserved == 3
    assert batch["MUG-BLUE"].totals.incoming == 2
    red = batch["MUG-RED"]  # its neighbours' rows and purchase orders do not leak into it
    assert [(w.warehouse_code, w.on_hand, w.incoming) for w in red.warehouses] == [("MUC", 7, [])]
    assert red.totals.incoming == 0
    assert len(statements) <= 4  # variants, levels, incoming, names of incoming-only warehouses


def test_the_consistency_check_reports_drift_between_stock_and_ledger(
    session: Session, mug: tuple[int, int]
) -> None:
    variant, warehouse = mug
    session.execute(sa.update(StockLevel).where(StockLevel.variant_id == variant).values(on_hand=9))
    progress: list[tuple[int, int]] = []
    drifts = inventory.check_consistency(session, on_progress=lambda d, t: progress.append((d, t)))
    assert drifts == [
        inventory.Drift(variant, "MUG-BLUE", warehouse, "on_hand", recorded=9, expected=5)
    ]
    assert progress[-1] == (1, 1)
