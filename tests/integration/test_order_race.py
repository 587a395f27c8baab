"""Many shoppers, few mugs: the last units go to exactly as many orders as there are units."""

from __future__ import annotations

import threading
from collections import Counter

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders
from opsdesk.kernel.errors import InsufficientStock
from tests.factories.inventory import ledger_sums, stock_level
from tests.factories.orders import MUG, make_shop, place

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
