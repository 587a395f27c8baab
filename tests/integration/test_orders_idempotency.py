"""An order POST retried with the same Idempotency-Key, even all at once, creates one order."""

from __future__ import annotations

import threading

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders
from tests.factories.inventory import stock_level
from tests.factories.orders import MUG, make_shop, order_payload

REPLAYS = 10


def test_ten_concurrent_replays_of_one_key_create_one_order(
    client: TestClient,
    operations_headers: dict[str, str],
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as s, s.begin():
        shop = make_shop(s)
    headers = operations_headers | {"Idempotency-Key": "checkout-7f3a"}
    payload = order_payload({MUG: 2})
    answers: list[tuple[int, dict[str, object], str | None]] = []
    start = threading.Barrier(REPLAYS)
    lock = threading.Lock()

    def submit() -> None:
        start.wait()
        response = client.post("/api/v1/orders", json=payload, headers=headers)
        with lock:
            answers.append(
                (response.status_code, response.json(), response.headers.get("location"))
            )

    threads = [threading.Thread(target=submit) for _ in range(REPLAYS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    statuses = [status for status, _, _ in answers]
    assert statuses == [201] * REPLAYS, [body for _, body, _ in answers]
    first = answers[0][1]
    assert all(body == first for _, body, _ in answers)
    locations = {location for _, _, location in answers}
    with session_factory() as s:
        placed = s.scalars(sa.select(orders.Order.id)).all()
        assert stock_level(s, shop.mug, shop.berlin) == (10, 2)
    assert locations == {f"/api/v1/orders/{placed[0]}"}
    assert len(placed) == 1
