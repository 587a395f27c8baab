from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import customers, inventory, orders
from opsdesk.kernel.errors import AlreadyExists, InsufficientStock, InvalidInput
from opsdesk.kernel.events import OutboxEvent
from tests.factories.inventory import ledger_sums, stock_level
from tests.factories.orders import MUG, TEE, expect_tees, make_shop, place

NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)  # before the real clock: later steps sort after


def _count(session: Session, model: type) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _outbox(session: Session, name: str) -> list[OutboxEvent]:
    return list(session.scalars(sa.select(OutboxEvent).where(OutboxEvent.name == name)))


def test_an_order_in_stock_is_allocated_priced_and_told_on_its_timeline(session: Session) -> None:
    shop = make_shop(session)
    order = place(session, {MUG: 2}, now=NOW)
    session.commit()

    assert order.status is orders.OrderStatus.ALLOCATED
    assert order.number.startswith("OD-")
    assert len(order.number) == 13
    assert (order.subtotal_minor, order.shipping_minor, order.total_minor) == (3980, 490, 4470)
    assert (order.ship_city, order.ship_country, order.locale) == ("Berlin", "DE", "pt-BR")
    assert [(ln.line_no, ln.sku, ln.quantity, ln.unit_price_minor) for ln in order.lines] == [
        (1, MUG, 2, 1990)
    ]
    buyer = customers.get_customer(session, order.customer_id or 0)
    assert buyer.email == order.email == "ana.lima@example.com"
    assert stock_level(session, shop.mug, shop.berlin) == (10, 2)
    assert ledger_sums(session, shop.mug, shop.berlin) == (10, 2)
    assert [e.summary for e in orders.timeline(session, order.id)] == [
        "Placed via web: 2 items, total €44.70",
        "Reserved 2 × MUG-BLUE in Berlin warehouse",
    ]
    (placed,) = _outbox(session, "OrderPlaced")
    assert placed.payload["status"] == "allocated"
    assert placed.payload["total_minor"] == 4470


def test_a_short_backorderable_line_waits_for_the_purchase_order(session: Session) -> None:
    shop = make_shop(session, tees=2)
    expect_tees(session, shop, 10, on=date(2026, 6, 14))
    order = place(session, {TEE: 5}, now=NOW)
    session.commit()

    assert order.status is orders.OrderStatus.BACKORDERED
    summaries = [e.summary for e in orders.timeline(session, order.id)]
    assert "Reserved 2 × TEE-RED in Berlin warehouse" in summaries
    assert "Backordered 3 × TEE-RED until 15 Jun 2026" in summaries


def test_a_short_reject_product_leaves_no_trace_of_the_order(session: Session) -> None:
    shop = make_shop(session, mugs=1)
    session.commit()
    with pytest.raises(InsufficientStock) as caught:
        place(session, {TEE: 1, MUG: 2}, now=NOW)
    session.rollback()

    assert caught.value.status_code == 409
    assert "MUG-BLUE" in caught.value.message
    assert _count(session, orders.Order) == 0
    assert _count(session, orders.OrderLine) == 0
    assert _count(session, customers.Customer) == 0
    assert stock_level(session, shop.tee, shop.berlin) == (2, 0)
    assert _outbox(session, "OrderPlaced") == []


def test_unknown_skus_are_named_with_their_line(session: Session) -> None:
    make_shop(session)
    with pytest.raises(InvalidInput) as caught:
        place(session, {MUG: 1, "GHOST-1": 1, "GHOST-2": 3})
    assert caught.value.status_code == 422
    assert caught.value.details["errors"] == [
        {"field": "lines.1.sku", "reason": "unknown SKU GHOST-1"},
        {"field": "lines.2.sku", "reason": "unknown SKU GHOST-2"},
    ]


def test_catalog_prices_must_be_in_the_order_currency(session: Session) -> None:
    shop = make_shop(session)
    with pytest.raises(InvalidInput, match="priced in EUR, the order in USD"):
        place(session, {MUG: 1}, currency="usd")

    priced = place(
        session, currency="USD", lines=[{"sku": MUG, "quantity": 1, "unit_price_minor": 2500}]
    )
    assert (priced.currency, priced.subtotal_minor) == ("USD", 2500)
    assert stock_level(session, shop.mug, shop.berlin) == (10, 1)


def test_a_discount_larger_than_the_order_is_refused(session: Session) -> None:
    make_shop(session)
    with pytest.raises(InvalidInput) as caught:
        place(session, {MUG: 1}, discount_minor=99_999)
    assert caught.value.details["errors"][0]["field"] == "discount_minor"


def test_a_taken_number_or_external_id_is_a_conflict(session: Session) -> None:
    make_shop(session)
    place(session, {MUG: 1}, number="SHOP-1001", external_id="gid-1")
    with pytest.raises(AlreadyExists, match="number SHOP-1001"):
        place(session, {MUG: 1}, number="SHOP-1001")
    with pytest.raises(AlreadyExists, match="external_id gid-1"):
        place(session, {MUG: 1}, external_id="gid-1")
    # The same external id on another channel is another order.
    assert place(session, {MUG: 1}, external_id="gid-1", channel="pos").channel == "pos"


def test_an_existing_customer_can_be_named_by_id(session: Session) -> None:
    make_shop(session)
    bo = customers.find_or_create_by_email(session, "bo@example.com", locale="de")
    order = place(session, {MUG: 1}, customer=None, customer_id=bo.id)
    assert (order.customer_id, order.email, order.locale) == (bo.id, "bo@example.com", "de")
    with pytest.raises(InvalidInput, match="customer 424242 does not exist"):
        place(session, {MUG: 1}, customer=None, customer_id=424242)


def test_imported_orders_keep_their_placed_time(session: Session) -> None:
    make_shop(session)
    then = datetime(2017, 10, 2, 10, 56, tzinfo=UTC)
    order = place(session, {MUG: 1}, placed_at=then.isoformat(), now=NOW)
    session.commit()
    assert order.placed_at == then
    assert orders.timeline(session, order.id)[0].occurred_at == then


def test_orders_share_one_customer_per_email(session: Session) -> None:
    make_shop(session)
    first = place(session, {MUG: 1})
    second = place(session, {MUG: 1}, customer={"email": "ANA.LIMA@example.com"})
    assert first.customer_id == second.customer_id
    assert first.number != second.number
    assert inventory.reservations_for_order(session, second.id)[0].quantity == 1
