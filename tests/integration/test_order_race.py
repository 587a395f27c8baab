"""Many shoppers, few mugs: the last units go to exactly as many orders as there are units."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory, orders
from opsdesk.kernel.errors import InsufficientStock
from tests.factories.inventory import ledger_sums, stock_level
from tests.factories.orders import MUG, TEE, expect_tees, make_shop, place

CLIENTS = 32
ATTEMPTS_PER_CLIENT = 3
LAST_UNITS = 24


def test_racing_orders_sell_exactly_the_last_units_and_refuse_the_rest(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s, s.begin():
        shop = make_shop(s, mugs=LAST_UNITS, tees=0)
    outcomes: Counter[str] = Counter()
    unexpected: list[BaseException] = []
    start = threading.Barrier(CLIENTS)
    lock = threading.Lock()

    def shopper(n: int) -> None:
        start.wait()
        for attempt in range(ATTEMPTS_PER_CLIENT):
            try:
                with session_factory() as s, s.begin():
                    # Half the shoppers share an e-mail: customers race too.
                    email = f"shopper{n % (CLIENTS // 2)}@example.com"
                    place(s, {MUG: 1}, customer={"email": email}, external_id=f"{n}-{attempt}")
                outcome = "sold"
            except InsufficientStock:
                outcome = "refused"
            except BaseException as exc:  # reported below
                unexpected.append(exc)
                return
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=shopper, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert unexpected == []
    assert outcomes == {"sold": LAST_UNITS, "refused": CLIENTS * ATTEMPTS_PER_CLIENT - LAST_UNITS}
    with session_factory() as s:
        assert stock_level(s, shop.mug, shop.berlin) == (LAST_UNITS, LAST_UNITS)
        assert ledger_sums(s, shop.mug, shop.berlin) == (LAST_UNITS, LAST_UNITS)
        sold = s.scalar(sa.select(sa.func.sum(orders.OrderLine.quantity)))
        statuses = set(s.scalars(sa.select(orders.Order.status)))
        placed = s.scalar(sa.select(sa.func.count()).select_from(orders.Order))
    assert (sold, placed, statuses) == (LAST_UNITS, LAST_UNITS, {orders.OrderStatus.ALLOCATED})


def test_cancellations_racing_a_receipt_neither_deadlock_nor_lose_units(
    session_factory: sessionmaker[Session],
) -> None:
    """Agents cancel backordered orders while the awaited tees are booked in."""
    with session_factory() as s, s.begin():
        shop = make_shop(s, mugs=0, tees=0)
        po = expect_tees(s, shop, 16, on=date(2026, 6, 14))
        waiting = [place(s, {TEE: 2}, external_id=f"tee-{n}").id for n in range(8)]
    doomed, kept = waiting[:4], waiting[4:]
    problems: list[BaseException] = []
    start = threading.Barrier(len(doomed) + 1)

    def cancel(order_id: int) -> None:
        start.wait()
        try:
            with session_factory() as s, s.begin():
                orders.cancel_order(s, order_id, actor="agent:Ana", reason="too slow")
        except BaseException as exc:  # reported below
            problems.append(exc)

    def receive() -> None:
        start.wait()
        try:
            for _ in range(4):
                with session_factory() as s, s.begin():
                    line = inventory.ReceiptLine(quantity=4, sku=TEE)
                    inventory.receive(s, purchase_order_id=po, lines=[line], actor="ops:Kai")
        except BaseException as exc:  # reported below
            problems.append(exc)

    threads = [threading.Thread(target=cancel, args=(i,)) for i in doomed]
    threads.append(threading.Thread(target=receive))
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert problems == []
    with session_factory() as s:
        status = {
            r.id: r.status for r in s.execute(sa.select(orders.Order.id, orders.Order.status))
        }
        assert stock_level(s, shop.tee, shop.hamburg) == (16, 8)
        assert ledger_sums(s, shop.tee, shop.hamburg) == (16, 8)
    assert {status[i] for i in doomed} == {orders.OrderStatus.CANCELLED}
    assert {status[i] for i in kept} == {orders.OrderStatus.ALLOCATED}
