"""A supplier, a purchase order for a backordered tee, and a customer waiting for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from opsdesk import inventory
from opsdesk.inventory.schemas import SupplierCreate
from tests.factories.catalog import make_product, variant_payload
from tests.factories.customers import make_customer
from tests.factories.inventory import NOWHERE, allocation_lines, make_order, make_warehouse

TEE, TEE_EAN = "TEE-NAVY-M", "4006381333931"
CAP, CAP_EAN = "CAP-OLIVE", "4006381333948"
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Dock:
    warehouse: int
    supplier: int
    tee: int
    cap: int
    purchase_order: int
    number: str
    waiting_order: int
    customer: int


def make_supplier(session: Session, name: str = "Nordwolle GmbH", **overrides: object) -> int:
    values = {"name": name, "email": "orders@nordwolle.example", "lead_time_days": 10,
              "currency": "EUR"} | overrides  # fmt: skip
    return inventory.suppliers.create_supplier(session, SupplierCreate.model_validate(values)).id


def make_item(session: Session, sku: str, ean: str, title: str) -> int:
    variant = variant_payload(sku, ean=ean, title=title)
    product = make_product(session, sku.lower(), skus=(sku,), variants=[variant],
                           short_stock_policy="backorder", fragile=False)  # fmt: skip
    return product.variants[0].id


def make_dock(session: Session, *, tees: int = 10, caps: int = 4, waiting: int = 2) -> Dock:
    """A purchase order of tees and caps to Nordwolle, and Ana Lima's order waiting for
    ``waiting`` tees (a backorder the receipt should fill)."""
    warehouse = make_warehouse(session, "HAM", name="Hamburg")
    supplier = make_supplier(session)
    tee = make_item(session, TEE, TEE_EAN, "Merino tee navy M")
    cap = make_item(session, CAP, CAP_EAN, "Waxed cap olive")
    po = inventory.po_changes.create_for_supplier(
        session, supplier_id=supplier, warehouse_id=warehouse, lines={TEE: tees, CAP: caps},
        today=date(2026, 3, 2),
    )  # fmt: skip
    customer = make_customer(session, first_name="Ana", last_name="Lima",
                             email="ana.lima@example.com")  # fmt: skip
    order = make_order(session, {tee: waiting})
    order.customer_id = customer.id
    inventory.allocate(session, order_id=order.id, lines=allocation_lines(order),
                       destination=NOWHERE, strategy="priority", actor="t", now=MONDAY)  # fmt: skip
    session.flush()
    return Dock(warehouse, supplier, tee, cap, po.id, po.number, order.id, customer.id)
