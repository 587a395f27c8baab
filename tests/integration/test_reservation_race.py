"""Many orders race for the last units: none is oversold, on SQLite and PostgreSQL.

Each thread has its own session and transaction and keeps allocating until the stock
is gone; at the end exactly the stock there was is reserved, no row went negative,
and the ledger agrees with the stock figures.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory
from opsdesk.inventory.models import Reservation, ReservationStatus, StockLevel
from opsdesk.kernel.errors import InsufficientStock
from tests.factories.catalog import make_variant
from tests.factories.inventory import (
    BERLIN_CUSTOMER,
    HAMBURG,
    MUNICH,
    make_order,
    make_warehouse,
    receive_stock,
)

THREADS = 32
DEADLINE_SECONDS = 4.0


def _arrange(factory: sessionmaker[Session], units: dict[str, int]) -> tuple[list[int], list[int]]:
    """Variants stocked over Hamburg and Munich; one order per thread wanting each variant."""
    with factory() as session, session.begin():
        ham = make_warehouse(session, "HAM", priority=1, **HAMBURG)
        muc = make_warehouse(session, "MUC", priority=2, **MUNICH)
        variants = []
        for sku, quantity in units.items():
            variants.append(make_variant(session, sku))
            receive_stock(session, sku, ham, quantity // 2)
            receive_stock(session, sku, muc, quantity - quantity // 2)
        orders = [make_order(session, dict.fromkeys(variants, 1)).id for _ in range(THREADS)]
    return variants, orders


def _race(
    factory: sessionmaker[Session], work: Callable[[Session, int], int]
) -> tuple[int, list[BaseException]]:
    """Run ``work(session, thread_no)`` in a loop per thread; return units won and errors."""
    barrier = threading.Barrier(THREADS)
    won = [0] * THREADS
    errors: list[BaseException] = []
    stop_at = time.monotonic() + DEADLINE_SECONDS

    def run(thread_no: int) -> None:
        barrier.wait()
        while time.monotonic() < stop_at:
            try:
                with factory() as session, session.begin():
                    won[thread_no] += work(session, thread_no)
            except InsufficientStock as exc:
                if exc.details.get("reason") != "concurrent_allocation":
                    return
            except BaseException as exc:  # any other failure (deadlock, lock timeout) fails
                errors.append(exc)
                return

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(won), errors


def _assert_no_oversell(session: Session, variant_ids: list[int], units: int) -> None:
    for variant_id in variant_ids:
        rows = session.execute(
            sa.select(StockLevel.on_hand, StockLevel.reserved).where(
                StockLevel.variant_id == variant_id
            )
        ).all()
        assert all(0 <= reserved <= on_hand for on_hand, reserved in rows)
        assert sum(reserved for _on_hand, reserved in rows) == units
        held = session.scalar(
            sa.select(sa.func.sum(Reservation.quantity)).where(
                Reservation.variant_id == variant_id,
                Reservation.status == ReservationStatus.ACTIVE,
            )
        )
        assert held == units
    assert inventory.check_consistency(session) == []


def test_the_last_units_go_to_exactly_as_many_racing_orders_as_there_are_units(
    session_factory: sessionmaker[Session],
) -> None:
    units = 7  # 3 in Hamburg, 4 in Munich
    (mug,), orders = _arrange(session_factory, {"MUG-LAST": units})

    def take_one(session: Session, thread_no: int) -> int:
        line_id = _line_of(session, orders[thread_no], mug)
        inventory.allocate(
            session, order_id=orders[thread_no],
            lines=[inventory.AllocationLine(line_id, mug, 1)],
            destination=BERLIN_CUSTOMER, strategy="priority", actor=f"race:{thread_no}",
        )  # fmt: skip
        return 1

    won, errors = _race(session_factory, take_one)

    assert errors == []
    assert won == units
    with session_factory() as session:
        _assert_no_oversell(session, [mug], units)


def test_orders_locking_two_skus_in_opposite_line_order_neither_deadlock_nor_oversell(
    session_factory: sessionmaker[Session],
) -> None:
    units = 6
    (cup, saucer), orders = _arrange(session_factory, {"CUP": units, "SAUCER": units})

    def take_a_pair(session: Session, thread_no: int) -> int:
        pair = [cup, saucer] if thread_no % 2 else [saucer, cup]
        lines = [
            inventory.AllocationLine(_line_of(session, orders[thread_no], v), v, 1) for v in pair
        ]
        inventory.allocate(
            session, order_id=orders[thread_no], lines=lines, destination=BERLIN_CUSTOMER,
            strategy="fewest_shipments", actor=f"race:{thread_no}",
        )  # fmt: skip
        return 1

    won, errors = _race(session_factory, take_a_pair)

    assert errors == []
    assert won == units
    with session_factory() as session:
        _assert_no_oversell(session, [cup, saucer], units)


def _line_of(session: Session, order_id: int, variant_id: int) -> int:
    from opsdesk.orders.models import OrderLine

    line_id = session.scalar(
        sa.select(OrderLine.id).where(
            OrderLine.order_id == order_id, OrderLine.variant_id == variant_id
        )
    )
    assert line_id is not None
    return line_id
