"""Shopify webhooks through the service against a real database, replays included."""

from __future__ import annotations

import copy
import json
import threading
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders, returns
from opsdesk.integrations.models import WebhookReceipt
from opsdesk.integrations.shopify import handle_webhook
from opsdesk.kernel.errors import InvalidInput, NotFound
from tests.factories.catalog import make_product
from tests.factories.inventory import make_warehouse, receive_stock

IPOD_SKUS = ("IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK")


@pytest.fixture
def order_body(shared_data: Path) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((shared_data / "shopify" / "order.json").read_text())
    return body["order"]


@pytest.fixture
def ipods(session_factory: sessionmaker[Session]) -> None:
    """The example order's SKUs, five of each on the shelf."""
    with session_factory() as session, session.begin():
        make_product(session, "ipod-nano", skus=IPOD_SKUS)
        warehouse = make_warehouse(session, "LOU", region="KY", country="US")
        for sku in IPOD_SKUS:
            receive_stock(session, sku, warehouse, 5)


def _deliver(
    factory: sessionmaker[Session], topic: str, webhook_id: str, body: dict[str, Any]
) -> Any:
    with factory() as session, session.begin():
        return handle_webhook(session, topic=topic, webhook_id=webhook_id, body=body)


def _shopify_orders(factory: sessionmaker[Session]) -> list[orders.Order]:
    with factory() as session:
        query = sa.select(orders.Order).where(orders.Order.channel == "shopify")
        return list(session.scalars(query))


@pytest.mark.usefixtures("ipods")
def test_orders_create_records_the_order_with_customer_lines_and_totals(
    session_factory: sessionmaker[Session], order_body: dict[str, Any]
) -> None:
    result = _deliver(session_factory, "orders/create", "wh-1", order_body)

    assert result.status == "processed"
    with session_factory() as session:
        order = orders.read_order(session, result.order_id)
    assert (order.number, order.external_id, order.currency) == ("1001", "450789469", "USD")
    assert [line.sku for line in order.lines] == list(IPOD_SKUS)
    # Shopify's example prices three items but totals two: the difference is flagged.
    assert order.total_minor == 3 * 19900 + 1194
    mismatch = [e for e in order.timeline if e.kind == "shopify.total_mismatch"]
    assert mismatch[0].data == {"shopify_total_minor": 40994}
    assert order.customer is not None
    assert order.email == "bob.norman@hostmail.com"
    assert order.shipping_address.city == "Louisville"


@pytest.mark.usefixtures("ipods")
def test_a_replayed_delivery_and_a_second_create_record_one_order(
    session_factory: sessionmaker[Session], order_body: dict[str, Any]
) -> None:
    first = _deliver(session_factory, "orders/create", "wh-1", order_body)
    replay = _deliver(session_factory, "orders/create", "wh-1", order_body)
    resent = _deliver(session_factory, "orders/create", "wh-2", order_body)

    assert (first.status, replay.status, resent.status) == ("processed", "duplicate", "duplicate")
    assert "created order 1001" in replay.outcome
    assert resent.order_id == first.order_id
    assert len(_shopify_orders(session_factory)) == 1


@pytest.mark.usefixtures("ipods")
def test_ten_concurrent_replays_create_exactly_one_order(
    session_factory: sessionmaker[Session], order_body: dict[str, Any]
) -> None:
    statuses: list[str] = []
    barrier = threading.Barrier(10)

    errors: list[Exception] = []

    def deliver() -> None:
        barrier.wait()
        try:
            result = _deliver(session_factory, "orders/create", "wh-race", order_body)
        except Exception as exc:  # collected: a thread's exception would vanish otherwise
            errors.append(exc)
        else:
            statuses.append(result.status)

    threads = [threading.Thread(target=deliver) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(statuses) == ["duplicate"] * 9 + ["processed"]
    assert len(_shopify_orders(session_factory)) == 1
    with session_factory() as session:
        receipts = session.scalar(sa.select(sa.func.count()).select_from(WebhookReceipt))
    assert receipts == 1


def test_an_unknown_sku_is_refused_and_leaves_nothing_behind(
    session_factory: sessionmaker[Session], order_body: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInput, match="IPOD2008GREEN"):
        _deliver(session_factory, "orders/create", "wh-1", order_body)
    assert _shopify_orders(session_factory) == []
    with session_factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(WebhookReceipt)) == 0


@pytest.mark.usefixtures("ipods")
def test_orders_cancelled_cancels_through_the_orders_service(
    session_factory: sessionmaker[Session], order_body: dict[str, Any]
) -> None:
    created = _deliver(session_factory, "orders/create", "wh-1", order_body)
    cancelled = order_body | {"cancel_reason": "customer", "cancelled_at": "2008-01-11T09:00:00Z"}
    result = _deliver(session_factory, "orders/cancelled", "wh-2", cancelled)
    again = _deliver(session_factory, "orders/cancelled", "wh-3", cancelled)

    assert result.status == "processed"
    assert "already cancelled" in again.outcome
    with session_factory() as session:
        order = orders.read_order(session, created.order_id)
    assert order.status is orders.OrderStatus.CANCELLED
    assert any("customer" in entry.summary for entry in order.timeline)


@pytest.mark.usefixtures("ipods")
def test_orders_updated_records_a_new_note_and_address_once(
    session_factory: sessionmaker[Session], order_body: dict[str, Any]
) -> None:
    created = _deliver(session_factory, "orders/create", "wh-1", order_body)
    changed = copy.deepcopy(order_body)
    changed["note"] = "Leave it with the neighbour"
    changed["shipping_address"]["address1"] = "Walnut Street 7"
    _deliver(session_factory, "orders/updated", "wh-2", changed)
    repeat = _deliver(session_factory, "orders/updated", "wh-3", changed)

    assert "nothing relevant changed" in repeat.outcome
    with session_factory() as session:
        kinds = [e.kind for e in orders.timeline(session, created.order_id)]
    assert kinds.count("shopify.note") == 1
    assert kinds.count("order.address_changed") == 1
    with session_factory() as session:
        assert orders.read_order(session, created.order_id).shipping_address.line1 == (
            "Walnut Street 7"
        )


@pytest.mark.usefixtures("ipods")
def test_an_address_change_after_shipping_is_noted_but_not_applied(
    session_factory: sessionmaker[Session], order_body: dict[str, Any]
) -> None:
    created = _deliver(session_factory, "orders/create", "wh-1", order_body)
    with session_factory() as session, session.begin():
        _ship_everything(session, created.order_id)
    moved = copy.deepcopy(order_body)
    moved["shipping_address"].update({"address1": "Main Street 1", "city": "Lexington"})
    _deliver(session_factory, "orders/updated", "wh-2", moved)
    _deliver(session_factory, "orders/updated", "wh-3", moved)

    with session_factory() as session:
        order = orders.read_order(session, created.order_id)
    notes = [e.summary for e in order.timeline if e.kind == "shopify.address_changed"]
    assert notes == [
        "Shopify changed the shipping address to Main Street 1, 40202, Lexington "
        "after the order was shipped"
    ]
    assert order.shipping_address.city == "Louisville"


def _ship_everything(session: Session, order_id: int) -> None:
    for status in (orders.OrderStatus.PICKING, orders.OrderStatus.PACKED):
        orders.transition(session, order_id, status, actor="operations:test", summary=status)
    order = orders.read_order(session, order_id)
    shipped = {line.id: line.quantity for line in order.lines}
    orders.mark_shipped(session, order_id, shipped, actor="operations:test")


def test_an_update_for_an_order_not_seen_yet_is_not_found(
    session_factory: sessionmaker[Session], order_body: dict[str, Any]
) -> None:
    with pytest.raises(NotFound):
        _deliver(session_factory, "orders/updated", "wh-1", order_body)


def test_an_unhandled_topic_is_acknowledged_and_remembered(
    session_factory: sessionmaker[Session], order_body: dict[str, Any]
) -> None:
    result = _deliver(session_factory, "products/create", "wh-1", order_body)
    assert result.status == "ignored"
    with session_factory() as session:
        receipt = session.scalars(sa.select(WebhookReceipt)).one()
    assert (receipt.topic, receipt.outcome) == ("products/create", result.outcome)


@pytest.mark.usefixtures("ipods")
def test_refunds_create_records_the_money_once(
    session_factory: sessionmaker[Session], order_body: dict[str, Any], shared_data: Path
) -> None:
    refund = json.loads((shared_data / "shopify" / "refund.json").read_text())["refund"]
    created = _deliver(session_factory, "orders/create", "wh-1", order_body)
    first = _deliver(session_factory, "refunds/create", "wh-2", refund)
    again = _deliver(session_factory, "refunds/create", "wh-3", refund)

    assert first.status == again.status == "processed"
    with session_factory() as session:
        refunds = returns.refunds_for_order(session, created.order_id)
    assert [(r.amount_minor, r.currency, r.external_id) for r in refunds] == [
        (20900, "USD", "shopify:509562969")
    ]
