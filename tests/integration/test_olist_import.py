"""The Olist import against a real database: counts, timeline, shipments, refusals, reruns."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders
from opsdesk.customers import Customer
from opsdesk.integrations.olist import import_olist
from opsdesk.inventory.models import StockLevel, StockMovement, Warehouse
from opsdesk.kernel.events import OutboxEvent
from opsdesk.shipping.models import Shipment, ShipmentStatus, TrackingEvent
from tests.unit.test_olist_plan import olist_sample


def _count(session: Session, model: type) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _import(factory: sessionmaker[Session], folder: Path) -> object:
    with factory() as session, session.begin():
        return import_olist(session, folder)


def test_sample_imports_orders_with_customers_sellers_and_refusals(
    session_factory: sessionmaker[Session], shared_data: Path, tmp_path: Path
) -> None:
    refused = olist_sample(shared_data, tmp_path, orders=30)
    with session_factory() as session, session.begin():
        report = import_olist(session, tmp_path)

    assert report.orders_read == 33
    assert {r.key: r.code for r in report.rejections}.items() >= {
        (oid, code) for code, oid in refused.items()
    }
    with session_factory() as session:
        imported = session.scalars(
            sa.select(orders.Order).where(orders.Order.channel == "olist")
        ).all()
        assert len(imported) == report.orders_imported > 20
        assert refused["unknown_product"] not in {o.external_id for o in imported}
        assert _count(session, Customer) == report.customers_created
        assert _count(session, Warehouse) == report.warehouses_created
        customer = session.get(Customer, imported[0].customer_id)
        assert customer is not None
        assert (customer.locale, customer.timezone) == ("pt-BR", "America/Sao_Paulo")
        assert customer.external_ref is not None
        assert customer.external_ref.startswith("olist:")
        # Historical orders bypass allocation and notify nobody.
        assert _count(session, StockLevel) == _count(session, StockMovement) == 0
        assert _count(session, OutboxEvent) == 0


def test_a_delivered_order_has_its_story_in_the_timeline_and_shipment(
    session_factory: sessionmaker[Session], shared_data: Path, tmp_path: Path
) -> None:
    olist_sample(shared_data, tmp_path, orders=30)
    _import(session_factory, tmp_path)
    with session_factory() as session:
        order = session.scalars(
            sa.select(orders.Order).where(orders.Order.status == orders.OrderStatus.DELIVERED)
        ).first()
        assert order is not None
        kinds = [e.kind for e in orders.timeline(session, order.id)]
        assert kinds[:4] == [
            "order.placed",
            "payment.approved",
            "shipment.handed_over",
            "shipment.delivered",
        ]
        shipment = session.scalars(sa.select(Shipment).where(Shipment.order_id == order.id)).one()
        assert shipment.status is ShipmentStatus.DELIVERED
        assert shipment.promised_delivery_date == order.promised_delivery_date
        assert shipment.delivered_at is not None
        assert shipment.delivered_at > order.placed_at
        scans = session.scalars(
            sa.select(TrackingEvent.status).where(TrackingEvent.shipment_id == shipment.id)
        ).all()
        assert sorted(s.value for s in scans if s) == ["delivered", "in_transit"]
        assert sum(line.quantity_shipped for line in order.lines) == sum(
            line.quantity for line in order.lines
        )


def test_running_the_import_twice_adds_nothing(
    session_factory: sessionmaker[Session], shared_data: Path, tmp_path: Path
) -> None:
    olist_sample(shared_data, tmp_path, orders=30)
    first = _import(session_factory, tmp_path)
    with session_factory() as session:
        before = [_count(session, m) for m in (orders.Order, Customer, Warehouse, Shipment)]
    with session_factory() as session, session.begin():
        second = import_olist(session, tmp_path)

    assert second.orders_imported == 0
    assert second.orders_already_present == first.orders_imported  # type: ignore[attr-defined]
    assert (second.customers_created, second.products_created, second.warehouses_created) == (
        0,
        0,
        0,
    )
    with session_factory() as session:
        after = [_count(session, m) for m in (orders.Order, Customer, Warehouse, Shipment)]
    assert after == before


def test_a_limited_run_then_a_full_run_completes_the_import(
    session_factory: sessionmaker[Session], shared_data: Path, tmp_path: Path
) -> None:
    olist_sample(shared_data, tmp_path, orders=30)
    with session_factory() as session, session.begin():
        partial = import_olist(session, tmp_path, limit=10)
    with session_factory() as session, session.begin():
        rest = import_olist(session, tmp_path)
    assert partial.orders_imported > 0
    assert rest.orders_already_present == partial.orders_imported
    with session_factory() as session:
        assert _count(session, orders.Order) == partial.orders_imported + rest.orders_imported
